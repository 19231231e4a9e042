extension Evaluator {
    /// Item-side subgroup evaluation: for each group g of an item grouping (popularity bins, cold vs
    /// warm items), recomputes the metrics from the same stored lists with each user's relevant set
    /// restricted to their relevant test items in g, `R_u^g = R_u ∩ I_g`. The lists are not filtered,
    /// so recall@K for the long-tail group is the share of a user's long-tail test items found in
    /// their ordinary top K. Users with R_u^g = ∅ are skipped for group g. With a multi-valued
    /// grouping an item counts in each of its groups.
    ///
    /// Returns one result per group label.
    public func evaluate(_ requests: [MetricRequest], rankings: RankedLists,
                         itemGroups grouping: Grouping) throws -> [String: EvaluationResult] {
        precondition(grouping.groupOf.count == itemCount, "item grouping must cover every item")
        var out: [String: EvaluationResult] = [:]
        for (g, label) in grouping.labels.enumerated() {
            var us: [Int32] = [], rel: [RelevantItems] = []
            for (u, r) in zip(users, relevant) {
                let sub = r.filter { grouping.contains(Int($0), in: Int32(g)) }
                if !sub.isEmpty { us.append(u); rel.append(sub) }
            }
            out[label] = try evaluate(requests, rankings: rankings, users: us, relevant: rel)
        }
        return out
    }
}
