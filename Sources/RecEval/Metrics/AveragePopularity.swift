/// Average recommendation popularity at K (ARP, Abdollahpouri et al., 2019): per user, the mean
/// training interaction count of the recommended items, `ARP@K = (1/|L_K|) Σ_{i ∈ L_K} c_i`.
/// An empty list scores 0. Example: L = [a, b] with c = 4, 1: ARP = 2.5.
public struct AveragePopularity: Metric {
    public let cutoff: Int?
    let itemCounts: [Int]
    public var name: String { "arp@\(cutoff!)" }

    /// ARP at `cutoff` from training interaction counts per item.
    public init(cutoff: Int, itemCounts: [Int]) {
        precondition(cutoff > 0)
        self.cutoff = cutoff; self.itemCounts = itemCounts
    }

    public func value(_ user: UserRanking) -> Double {
        let list = user.ranked.prefix(cutoff!)
        guard !list.isEmpty else { return 0 }
        var s = 0
        for item in list { s += itemCounts[Int(item)] }
        return Double(s) / Double(list.count)
    }
}
