#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Novelty at K (self-information, Zhou et al., 2010): per user, the mean over the top-K items of
/// `−log2 p_i`, where `p_i = c_i / |U|` is the item's training popularity share, c_i the number of
/// training interactions with item i and |U| the number of users in the training matrix.
///
///     Novelty@K = (1/|L_K|) Σ_{i ∈ L_K} −log2(max(c_i, 1) / |U|)
///
/// An item nobody trained on counts as seen once (so the value stays finite). An empty list scores 0.
/// Example: |U| = 8, L = [a, b] with c = 4, 1: (1 + 3) / 2 = 2 bits.
public struct Novelty: Metric {
    public let cutoff: Int?
    /// −log2 p_i per item, precomputed.
    let selfInformation: [Double]
    public var name: String { "novelty@\(cutoff!)" }

    /// Novelty at `cutoff` from training interaction counts per item and the number of users.
    public init(cutoff: Int, itemCounts: [Int], userCount: Int) {
        precondition(cutoff > 0 && userCount > 0)
        self.cutoff = cutoff
        selfInformation = itemCounts.map { -log2(Double(max($0, 1)) / Double(userCount)) }
    }

    public func value(_ user: UserRanking) -> Double {
        let list = user.ranked.prefix(cutoff!)
        guard !list.isEmpty else { return 0 }
        var s = 0.0
        for item in list { s += selfInformation[Int(item)] }
        return s / Double(list.count)
    }
}
