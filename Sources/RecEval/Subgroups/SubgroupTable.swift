/// Mean and count of per-user values within each group of a user grouping:
///
///     mean_g = (1/|U_g|) Σ_{u ∈ U_g} v_u,   U_g = evaluated users in group g
///
/// Users outside every group (−1) are left out; a group with no evaluated user has count 0 and
/// mean NaN.
///
/// ```swift
/// let t = SubgroupTable(values: result.values("ndcg@10")!, users: result.users, grouping: gender)
/// t.rows   // [("F", 273, 0.31), ("M", 670, 0.35)]
/// ```
public struct SubgroupTable: Sendable, Equatable {
    /// One group's summary.
    public struct Row: Sendable, Equatable {
        public let label: String
        public let count: Int
        public let mean: Double
    }
    /// The grouping's name.
    public let grouping: String
    /// One row per group, in label order.
    public let rows: [Row]

    /// Groups `values` (aligned with `users`) by the user's groups (each of them, for a multi-valued grouping).
    public init(values: [Double], users: [Int32], grouping: Grouping) {
        precondition(values.count == users.count)
        var sums = [Double](repeating: 0, count: grouping.labels.count)
        var counts = [Int](repeating: 0, count: grouping.labels.count)
        for (v, u) in zip(values, users) {
            grouping.forEachGroup(of: Int(u)) { g in sums[g] += v; counts[g] += 1 }
        }
        self.grouping = grouping.name
        rows = grouping.labels.indices.map {
            Row(label: grouping.labels[$0], count: counts[$0], mean: counts[$0] == 0 ? .nan : sums[$0] / Double(counts[$0]))
        }
    }
}

extension EvaluationResult {
    /// A subgroup table for every per-user column, keyed by column name.
    public func subgroups(by grouping: Grouping) -> [String: SubgroupTable] {
        var out: [String: SubgroupTable] = [:]
        for (c, name) in columns.enumerated() { out[name] = SubgroupTable(values: perUser[c], users: users, grouping: grouping) }
        return out
    }
}
