/// Precision@K: the share of the K recommendation slots that hold a relevant item,
/// `P@K = |L_{1..K} ∩ R| / K`.
///
/// The denominator is K even when the list is shorter than K (RecBole, Elliot), so a model that
/// cannot fill its list is not rewarded for it. Example: L = [3, 1, 4], R = {1, 4, 9}: P@2 = 1/2.
public struct Precision: Metric {
    public let cutoff: Int?
    public var name: String { "precision@\(cutoff!)" }
    /// Precision at `cutoff` (K ≥ 1).
    public init(cutoff: Int) { precondition(cutoff > 0); self.cutoff = cutoff }
    public func value(_ user: UserRanking) -> Double {
        Double(user.hits(at: cutoff!)) / Double(cutoff!)
    }
}
