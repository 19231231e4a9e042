/// Intra-list diversity at K (Ziegler et al., 2005): per user, the mean pairwise distance between the
/// top-K items, with distance `1 − cos(f_i, f_j)` over item feature vectors:
///
///     ILD@K = 2 / (m(m−1)) · Σ_{a<b ≤ m} (1 − cos(f_{L_a}, f_{L_b})),   m = min(K, |L|)
///
/// A list with fewer than two items scores 0; an item with no features is at distance 1 from all.
/// Example with genre one-hot: a = {Drama}, b = {Drama, War}, c = {Comedy}:
/// cos(a,b) = 1/√2, others 0, ILD = (3 − 1/√2) / 3 ≈ 0.7643.
public struct IntraListDiversity: Metric {
    public let cutoff: Int?
    let features: ItemFeatures
    public var name: String { "diversity@\(cutoff!)" }

    /// ILD at `cutoff` over `features`.
    public init(cutoff: Int, features: ItemFeatures) {
        precondition(cutoff > 0)
        self.cutoff = cutoff; self.features = features
    }

    public func value(_ user: UserRanking) -> Double {
        let list = Array(user.ranked.prefix(cutoff!))
        let m = list.count
        guard m >= 2 else { return 0 }
        var s = 0.0
        for a in 0..<(m - 1) {
            for b in (a + 1)..<m { s += 1 - features.cosine(Int(list[a]), Int(list[b])) }
        }
        return 2 * s / Double(m * (m - 1))
    }
}
