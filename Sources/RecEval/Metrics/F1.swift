/// F1@K: the per-user harmonic mean of Precision@K and Recall@K, `F1@K = 2·P·R / (P + R)`, 0 when
/// both are 0. The reported mean is the mean of per-user F1 (not F1 of the mean P and R).
/// Example: L = [3, 1, 4], R = {1, 4, 9}, K = 3: P = R = 2/3, F1 = 2/3.
public struct F1: Metric {
    public let cutoff: Int?
    public var name: String { "f1@\(cutoff!)" }
    /// F1 at `cutoff` (K ≥ 1).
    public init(cutoff: Int) { precondition(cutoff > 0); self.cutoff = cutoff }
    public func value(_ user: UserRanking) -> Double {
        let p = Precision(cutoff: cutoff!).value(user), r = Recall(cutoff: cutoff!).value(user)
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }
}
