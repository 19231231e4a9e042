/// Catalogue coverage at K: the share of all items that appear in at least one user's top-K list,
/// `Coverage@K = |∪_u L_{u,1..K}| / |I|`. Example: lists [0, 1], [1, 2] over 5 items: 3/5.
public struct ItemCoverage: AggregateMetric {
    public let cutoff: Int
    public var name: String { "coverage@\(cutoff)" }
    /// Coverage at `cutoff`.
    public init(cutoff: Int) { precondition(cutoff > 0); self.cutoff = cutoff }

    public func value(lists: RankedLists, itemCount: Int) -> Double {
        guard itemCount > 0 else { return 0 }
        var seen = [Bool](repeating: false, count: itemCount)
        var distinct = 0
        for r in 0..<lists.count {
            for item in lists[r].prefix(cutoff) where !seen[Int(item)] { seen[Int(item)] = true; distinct += 1 }
        }
        return Double(distinct) / Double(itemCount)
    }
}
