/// The outcome of one evaluation: per-user values of every metric@cutoff, aligned with `users`, so they
/// can be stored and compared later with paired tests; one summary value per column; and the top-K
/// lists that produced them.
///
/// `summary[c]` is the mean of `perUser[c]` for ranking metrics, the value over all pairs for rating
/// metrics (RMSE over all test ratings, not the mean of per-user RMSE), and the only value for
/// aggregate metrics (coverage, gini), which have no per-user column.
///
/// ```swift
/// let r = try evaluator.evaluate(requests, scorer: model.scores)
/// r.mean("ndcg@10")        // 0.37
/// r.values("ndcg@10")      // one value per r.users entry
/// ```
public struct EvaluationResult: Sendable, Equatable, Codable {
    /// Evaluated users (ascending dense indices).
    public var users: [Int32]
    /// Per-user column names, `ndcg@10`, in request order.
    public var columns: [String]
    /// `perUser[c][u]` is column `c`'s value for `users[u]`.
    public var perUser: [[Double]]
    /// Summary names in request order (per-user columns and aggregate metrics).
    public var summaryNames: [String]
    /// Summary value per name.
    public var summary: [String: Double]
    /// The ranked lists (nil for rating evaluation).
    public var rankings: RankedLists?

    /// Assembles a result.
    public init(users: [Int32], columns: [String], perUser: [[Double]], summaryNames: [String],
                summary: [String: Double], rankings: RankedLists? = nil) {
        self.users = users; self.columns = columns; self.perUser = perUser
        self.summaryNames = summaryNames; self.summary = summary; self.rankings = rankings
    }

    /// Per-user values of `column`, aligned with `users`.
    public func values(_ column: String) -> [Double]? { columns.firstIndex(of: column).map { perUser[$0] } }

    /// The summary value of `name` (mean for ranking metrics).
    public func mean(_ name: String) -> Double? { summary[name] }
}
