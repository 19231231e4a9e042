import Foundation
import RecCore
import RecData

/// A labelled grouping of users (or items): `groupOf[e]` is entity e's group (an index into
/// `labels`), or −1 when e belongs to none (a missing attribute). A multi-valued attribute (an
/// item's genres) puts an entity in each of its groups: `moreGroups[e]` holds the groups after the
/// first, and such a grouping is no partition (`isMultiValued`).
///
/// ```swift
/// let g = Grouping.coldWarm(counts: Grouping.userCounts(trainCSR), coldAtMost: 5)        // users
/// let h = try Grouping.categorical(dataset.userAttributes["gender"]!, name: "gender")
/// let p = Grouping.quantileBins(Grouping.itemCounts(trainCSR).map(Double.init), bins: 3, name: "popularity")
/// ```
public struct Grouping: Sendable, Equatable {
    /// What the grouping is by (`activity`, `gender`).
    public let name: String
    /// Group labels.
    public let labels: [String]
    /// Group of each entity (its first, for a multi-valued grouping), −1 for none.
    public let groupOf: [Int32]
    /// The groups after the first of each entity in more than one.
    public let moreGroups: [Int: [Int32]]

    /// Wraps a partition, or with `moreGroups` a grouping where some entities are in several groups.
    public init(name: String, labels: [String], groupOf: [Int32], moreGroups: [Int: [Int32]] = [:]) {
        precondition(groupOf.allSatisfy { $0 >= -1 && Int($0) < labels.count }, "group index out of range")
        precondition(moreGroups.values.joined().allSatisfy { $0 >= 0 && Int($0) < labels.count }, "group index out of range")
        self.name = name; self.labels = labels; self.groupOf = groupOf; self.moreGroups = moreGroups
    }

    /// Whether some entity is in more than one group.
    public var isMultiValued: Bool { !moreGroups.isEmpty }

    /// Whether entity `e` is in group `g`.
    public func contains(_ e: Int, in g: Int32) -> Bool { groupOf[e] == g || (moreGroups[e]?.contains(g) ?? false) }

    /// Calls `body` with each group of entity `e`.
    public func forEachGroup(of e: Int, _ body: (Int) -> Void) {
        let first = Int(groupOf[e])
        guard first >= 0 else { return }
        body(first)
        for g in moreGroups[e] ?? [] { body(Int(g)) }
    }

    /// Cold (count ≤ `coldAtMost`) vs warm (count > `coldAtMost`) by training interaction counts.
    public static func coldWarm(counts: [Int], coldAtMost: Int, name: String = "cold_warm") -> Grouping {
        Grouping(name: name, labels: ["cold (≤\(coldAtMost))", "warm (>\(coldAtMost))"],
                 groupOf: counts.map { $0 <= coldAtMost ? 0 : 1 })
    }

    /// Fixed-edge bins over a numeric value: edges e_1 < … < e_m make m + 1 bins
    /// (−∞, e_1), [e_1, e_2), …, [e_m, ∞). NaN values get no group.
    public static func bins(_ values: [Double], edges: [Double], name: String) -> Grouping {
        precondition(zip(edges, edges.dropFirst()).allSatisfy { $0 < $1 }, "edges must increase")
        func fmt(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
        var labels: [String] = []
        if edges.isEmpty { labels = ["all"] } else {
            labels.append("<\(fmt(edges[0]))")
            for (a, b) in zip(edges, edges.dropFirst()) { labels.append("[\(fmt(a)), \(fmt(b)))") }
            labels.append("≥\(fmt(edges.last!))")
        }
        let groupOf = values.map { v -> Int32 in
            if v.isNaN { return -1 }
            var b = 0
            while b < edges.count && v >= edges[b] { b += 1 }
            return Int32(b)
        }
        return Grouping(name: name, labels: labels, groupOf: groupOf)
    }

    /// Quantile bins: inner edges at the empirical j/q quantiles (the value at sorted position
    /// ⌊j·n/q⌋, j = 1…q−1), duplicates merged, then `bins(_:edges:)`. Heavy ties can give fewer bins.
    public static func quantileBins(_ values: [Double], bins q: Int, name: String) -> Grouping {
        precondition(q >= 1)
        let sorted = values.filter { !$0.isNaN }.sorted()
        var edges: [Double] = []
        if !sorted.isEmpty {
            for j in 1..<q {
                let e = sorted[min(sorted.count - 1, j * sorted.count / q)]
                if (edges.last.map { e > $0 } ?? true) && e > sorted[0] { edges.append(e) }
            }
        }
        return bins(values, edges: edges, name: name)
    }

    /// One group per level of a categorical attribute (missing codes get no group), or of a
    /// multi-valued one (an entity in each of its levels' groups). Groups are in the levels' natural
    /// order: numerically when every level is a number (ages "7" … "73"), else alphabetically.
    public static func categorical(_ column: AttributeColumn, name: String) throws -> Grouping {
        let levels: [String]
        switch column {
        case .categorical(_, let l), .multiCategorical(_, _, let l): levels = l
        case .numeric:
            throw MetricError.wrongEvaluation(metric: name, detail: "grouping needs a categorical column, got \(column.kind)")
        }
        let order = naturalOrder(levels)
        var rank = [Int32](repeating: 0, count: levels.count)
        for (position, level) in order.enumerated() { rank[level] = Int32(position) }
        let labels = order.map { levels[$0] }
        switch column {
        case .categorical(let codes, _):
            return Grouping(name: name, labels: labels, groupOf: codes.map { $0 < 0 ? -1 : rank[Int($0)] })
        case .multiCategorical(let indptr, let codes, _):
            var groupOf = [Int32](repeating: -1, count: indptr.count - 1), more: [Int: [Int32]] = [:]
            for e in 0..<(indptr.count - 1) {
                let groups = Array(Set(codes[indptr[e]..<indptr[e + 1]].filter { $0 >= 0 }.map { rank[Int($0)] })).sorted()
                guard let first = groups.first else { continue }
                groupOf[e] = first
                if groups.count > 1 { more[e] = Array(groups.dropFirst()) }
            }
            return Grouping(name: name, labels: labels, groupOf: groupOf, moreGroups: more)
        case .numeric:
            fatalError("unreachable")
        }
    }

    /// Indices of `levels` in natural order: numeric when every level parses as a number.
    static func naturalOrder(_ levels: [String]) -> [Int] {
        let numbers = levels.map { Double($0.trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite ? $0 : nil } }
        if numbers.allSatisfy({ $0 != nil }) { return levels.indices.sorted { (numbers[$0]!, $0) < (numbers[$1]!, $1) } }
        return levels.indices.sorted { (levels[$0], $0) < (levels[$1], $1) }
    }

    /// The values of a numeric attribute, or of a categorical one whose levels are all numbers
    /// (ML-100K's `age` is stored as tokens); nil otherwise. Missing values are NaN.
    public static func numericValues(_ column: AttributeColumn) -> [Double]? {
        switch column {
        case .numeric(let v): return v.map(Double.init)
        case .categorical(let codes, let levels):
            let numbers = levels.map { Double($0.trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite ? $0 : nil } }
            guard numbers.allSatisfy({ $0 != nil }) else { return nil }
            return codes.map { $0 < 0 ? .nan : numbers[Int($0)]! }
        case .multiCategorical: return nil
        }
    }

    /// Buckets of a numeric attribute (for example age with edges [18, 25, 35, 45, 56]).
    public static func numericBuckets(_ column: AttributeColumn, edges: [Double], name: String) throws -> Grouping {
        guard case let .numeric(values) = column else {
            throw MetricError.wrongEvaluation(metric: name, detail: "bucketing needs a numeric column, got \(column.kind)")
        }
        return bins(values.map(Double.init), edges: edges, name: name)
    }
}

extension Grouping {
    /// Training interactions per user (row counts of a users × items matrix).
    public static func userCounts(_ train: CSRMatrix) -> [Int] { (0..<train.rows).map { train.rowCount($0) } }
    /// Training interactions per item (column counts).
    public static func itemCounts(_ train: CSRMatrix) -> [Int] { train.columnCounts() }
}
