/// Mean reciprocal rank at K: per user `RR@K = 1 / rank` of the first relevant item in the top K, 0
/// when none is there. Example: L = [3, 1, 4], R = {1, 4}: RR@3 = 1/2, RR@1 = 0.
public struct MRR: Metric {
    public let cutoff: Int?
    public var name: String { "mrr@\(cutoff!)" }
    /// MRR at `cutoff` (K ≥ 1).
    public init(cutoff: Int) { precondition(cutoff > 0); self.cutoff = cutoff }
    public func value(_ user: UserRanking) -> Double {
        for (i, item) in user.ranked.prefix(cutoff!).enumerated() where user.relevant.contains(item) {
            return 1 / Double(i + 1)
        }
        return 0
    }
}
