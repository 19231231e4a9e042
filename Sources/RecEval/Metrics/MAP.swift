/// Mean average precision at K: per user,
///
///     AP@K = (1 / min(|R|, K)) · Σ_{i=1}^{K} P@i · rel(L_i)
///
/// (rel = 1 if L_i ∈ R), averaged over users. Normalising by min(|R|, K) (RecBole, Elliot) lets a
/// perfect list score 1 even when |R| > K. Example: L = [3, 1, 4], R = {1, 4, 9}, K = 3:
/// AP = (1/2 + 2/3) / 3 = 7/18.
public struct MAP: Metric {
    public let cutoff: Int?
    public var name: String { "map@\(cutoff!)" }
    /// MAP at `cutoff` (K ≥ 1).
    public init(cutoff: Int) { precondition(cutoff > 0); self.cutoff = cutoff }
    public func value(_ user: UserRanking) -> Double {
        let k = cutoff!
        guard !user.relevant.isEmpty else { return 0 }
        var hits = 0, sum = 0.0
        for (i, item) in user.ranked.prefix(k).enumerated() where user.relevant.contains(item) {
            hits += 1
            sum += Double(hits) / Double(i + 1)
        }
        return sum / Double(min(user.relevant.count, k))
    }
}
