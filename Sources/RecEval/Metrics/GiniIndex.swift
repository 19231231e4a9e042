/// Gini index of how often each item is recommended across all users' top-K lists (Fleder &
/// Hosanagar, 2009; RecBole's `GiniIndex`). With c_(1) ≤ … ≤ c_(n) the recommendation counts of all
/// n catalogue items (never-recommended items count 0), sorted ascending:
///
///     Gini@K = Σ_{j=1}^{n} (2j − n − 1) · c_(j) / (n · Σ_j c_j)
///
/// 0 when every item is recommended equally often; (n−1)/n when one item takes every slot.
/// No recommendations at all gives 0. Example: counts [0, 0, 1, 3] (n = 4, Σ = 4):
/// (1·1 + 3·3) / 16 = 0.625.
public struct GiniIndex: AggregateMetric {
    public let cutoff: Int
    public var name: String { "gini@\(cutoff)" }
    /// Gini index at `cutoff`.
    public init(cutoff: Int) { precondition(cutoff > 0); self.cutoff = cutoff }

    public func value(lists: RankedLists, itemCount: Int) -> Double {
        guard itemCount > 0 else { return 0 }
        var counts = [Int](repeating: 0, count: itemCount)
        var total = 0
        for r in 0..<lists.count { for item in lists[r].prefix(cutoff) { counts[Int(item)] += 1; total += 1 } }
        guard total > 0 else { return 0 }
        counts.sort()
        let n = Double(itemCount)
        var s = 0.0
        for (j, c) in counts.enumerated() where c > 0 { s += (2 * Double(j + 1) - n - 1) * Double(c) }
        return s / (n * Double(total))
    }
}
