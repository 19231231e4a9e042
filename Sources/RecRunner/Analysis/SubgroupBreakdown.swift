import RecData
import RecEval
import RecSpec

/// The ranking metric on test broken down by one subgroup grouping (`evaluation.subgroups`).
///
/// User-side groupings average stored per-user values within each group (`SubgroupTable`).
/// Item-side groupings re-evaluate the first seed's stored top-K lists with each user's relevant
/// items restricted to the group. A user attribute does not depend on the fold, so its breakdown
/// pools every fold's test users; groupings by training counts and item-side ones are the first
/// fold's. Counts split into quartiles (`user_activity`, `item_popularity`) or at 5 training
/// interactions (`cold_users`, `cold_items`).
struct SubgroupBreakdown: Sendable {
    /// One group's figure.
    struct Cell: Sendable, Equatable {
        let mean: Double
        let users: Int
    }

    /// The grouping's name (`user_activity`, `user:gender`).
    let name: String
    /// Group labels, in the grouping's order.
    let labels: [String]
    /// The metric broken down.
    let metric: MetricKey
    /// Whether a user or item can be in several groups (a multi-valued attribute), so the groups'
    /// counts add up to more than the whole.
    let multiValued: Bool
    /// The fold the breakdown is restricted to, when the run has several and it does not pool them.
    let onlyFold: Int?
    /// Model → its cells (nil cell: the group has no evaluated user), for models with figures.
    let rows: [(model: String, cells: [Cell?])]

    /// Every breakdown the spec asks for that has at least one row; `folds` are the sweep's contexts.
    static func all(spec: ExperimentSpec, metric: MetricKey?, selection sel: ModelSelection, records: [TrialRecord],
                    perUser: any PerUserSource, folds: [FoldContext]) -> [SubgroupBreakdown] {
        guard !spec.evaluation.subgroups.isEmpty, let context = folds.sorted(by: { ($0.fold ?? 0) < ($1.fold ?? 0) }).first,
              let metric else { return [] }
        let d = context.prepared.dataset
        let train = context.training.userItem
        var out: [SubgroupBreakdown] = []
        for s in spec.evaluation.subgroups {
            var grouping: Grouping?
            var itemSide = false
            switch s {
            case .coldUsers: grouping = .coldWarm(counts: Grouping.userCounts(train), coldAtMost: 5, name: "cold_users")
            case .userActivity: grouping = .quantileBins(Grouping.userCounts(train).map(Double.init), bins: 4, name: "user_activity")
            case .itemPopularity: grouping = .quantileBins(Grouping.itemCounts(train).map(Double.init), bins: 4, name: "item_popularity"); itemSide = true
            case .coldItems: grouping = .coldWarm(counts: Grouping.itemCounts(train), coldAtMost: 5, name: "cold_items"); itemSide = true
            case .userAttribute(let a, let b): grouping = d.userAttributes[a].flatMap { try? attributeGrouping($0, binning: b, name: s.description) }
            case .itemAttribute(let a, let b):
                grouping = d.itemAttributes[a].flatMap { try? attributeGrouping($0, binning: b, name: s.description) }; itemSide = true
            }
            guard let grouping else { continue }
            var pooled = false
            if case .userAttribute = s { pooled = true }
            var rows: [(model: String, cells: [Cell?])] = []
            for m in sel.models {
                let rs = sel.records(of: m, in: records).filter { pooled || ($0.fold ?? 0) == (context.fold ?? 0) }
                guard !rs.isEmpty else { continue }
                if itemSide {
                    guard let lists = perUser.testRankings(of: rs[0]),
                          let req = try? MetricRequest(metric.kind, cutoffs: metric.cutoff.map { [$0] } ?? []),
                          let byGroup = try? context.test.evaluate([req], rankings: lists, itemGroups: grouping) else { continue }
                    rows.append((m, grouping.labels.map { l in
                        byGroup[l].map { r in Cell(mean: r.mean(metric.description) ?? .nan, users: r.users.count) }
                    }))
                } else {
                    guard let v = perUser.values(metric, split: .test, records: rs) else { continue }
                    let (users, values) = v.byUser()
                    let t = SubgroupTable(values: values, users: users, grouping: grouping)
                    rows.append((m, t.rows.map { Cell(mean: $0.mean, users: $0.count) }))
                }
            }
            if !rows.isEmpty {
                out.append(SubgroupBreakdown(name: grouping.name, labels: grouping.labels, metric: metric, multiValued: grouping.isMultiValued,
                                             onlyFold: !pooled && folds.count > 1 ? context.fold ?? 0 : nil, rows: rows))
            }
        }
        return out
    }

    /// The grouping an attribute subgroup asks for: categorical and multi-valued attributes by level
    /// (in natural order; an entity in each of its levels), numeric ones by quartile; `/bins=n` and
    /// `/edges=…` cut a numeric attribute, or a categorical one whose levels are all numbers.
    ///
    /// - Throws: `AttributeGroupingError` when the binning needs numbers the attribute does not have.
    static func attributeGrouping(_ c: AttributeColumn, binning: AttributeBinning, name: String) throws -> Grouping {
        switch (binning, c) {
        case (.levels, .numeric(let v)): return Grouping.quantileBins(v.map(Double.init), bins: 4, name: name)
        case (.levels, _): return try Grouping.categorical(c, name: name)
        case (.quantiles(let n), _):
            guard let values = Grouping.numericValues(c) else { throw AttributeGroupingError(column: c) }
            return Grouping.quantileBins(values, bins: n, name: name)
        case (.edges(let edges), _):
            guard let values = Grouping.numericValues(c) else { throw AttributeGroupingError(column: c) }
            return Grouping.bins(values, edges: edges, name: name)
        }
    }
}

/// An attribute whose values cannot be binned (they are not numbers).
struct AttributeGroupingError: Error, CustomStringConvertible {
    let column: AttributeColumn
    var description: String {
        if case .multiCategorical = column { return "it is multi-valued, so it groups by level, not by bins" }
        return "its values are not numbers, so it groups by level, not by bins"
    }
}
