/// Hit rate at K: per user 1 if at least one relevant item is in the top K, else 0,
/// `HR@K = 𝟙[|L_{1..K} ∩ R| > 0]`. Example: L = [3, 1, 4], R = {4}: HR@2 = 0, HR@3 = 1.
public struct HitRate: Metric {
    public let cutoff: Int?
    public var name: String { "hit@\(cutoff!)" }
    /// Hit rate at `cutoff` (K ≥ 1).
    public init(cutoff: Int) { precondition(cutoff > 0); self.cutoff = cutoff }
    public func value(_ user: UserRanking) -> Double { user.hits(at: cutoff!) > 0 ? 1 : 0 }
}
