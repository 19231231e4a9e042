/// Recall@K: the share of the user's relevant items found in the top K, `R@K = |L_{1..K} ∩ R| / |R|`.
///
/// The denominator is |R| (RecBole, Elliot), not min(|R|, K), so recall@K < 1 whenever |R| > K.
/// Example: L = [3, 1, 4], R = {1, 4, 9}: R@3 = 2/3.
public struct Recall: Metric {
    public let cutoff: Int?
    public var name: String { "recall@\(cutoff!)" }
    /// Recall at `cutoff` (K ≥ 1).
    public init(cutoff: Int) { precondition(cutoff > 0); self.cutoff = cutoff }
    public func value(_ user: UserRanking) -> Double {
        user.relevant.isEmpty ? 0 : Double(user.hits(at: cutoff!)) / Double(user.relevant.count)
    }
}
