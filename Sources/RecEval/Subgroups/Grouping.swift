import RecCore
import RecData

/// A labelled partition of users (or items): `groupOf[e]` is entity e's group (an index into
/// `labels`), or −1 when e belongs to none (a missing attribute).
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
    /// Group of each entity, −1 for none.
    public let groupOf: [Int32]

    /// Wraps a partition.
    public init(name: String, labels: [String], groupOf: [Int32]) {
        precondition(groupOf.allSatisfy { $0 >= -1 && Int($0) < labels.count }, "group index out of range")
        self.name = name; self.labels = labels; self.groupOf = groupOf
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

    /// One group per level of a categorical attribute (missing codes get no group).
    public static func categorical(_ column: AttributeColumn, name: String) throws -> Grouping {
        guard case let .categorical(codes, levels) = column else {
            throw MetricError.wrongEvaluation(metric: name, detail: "grouping needs a categorical column, got \(column.kind)")
        }
        return Grouping(name: name, labels: levels, groupOf: codes.map { $0 < 0 ? -1 : $0 })
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
