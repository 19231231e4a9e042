/// One attribute column over users or items (row `i` describes entity `i`).
public enum AttributeColumn: Sendable, Equatable {
    /// One category per entity: `codes[i]` indexes `levels`, −1 when missing.
    case categorical(codes: [Int32], levels: [String])
    /// One number per entity; `Float.nan` when missing.
    case numeric([Float])
    /// Several categories per entity (genres, tags) in CSR form: entity `i` has
    /// `codes[indptr[i]..<indptr[i+1]]`, each indexing `levels`.
    case multiCategorical(indptr: [Int], codes: [Int32], levels: [String])

    /// Number of entities described.
    public var count: Int {
        switch self {
        case .categorical(let c, _): return c.count
        case .numeric(let v): return v.count
        case .multiCategorical(let p, _, _): return p.count - 1
        }
    }

    /// Short kind name used in summaries and the cache (`categorical`, `numeric`, `multi`).
    public var kind: String {
        switch self {
        case .categorical: return "categorical"
        case .numeric: return "numeric"
        case .multiCategorical: return "multi"
        }
    }

    /// Equality that treats two missing numeric values (NaN) as equal, so a dataset with missing
    /// attributes equals itself (the synthesised `==` would not).
    public static func == (a: AttributeColumn, b: AttributeColumn) -> Bool {
        switch (a, b) {
        case let (.categorical(c1, l1), .categorical(c2, l2)): return c1 == c2 && l1 == l2
        case let (.numeric(v1), .numeric(v2)):
            return v1.count == v2.count && zip(v1, v2).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
        case let (.multiCategorical(p1, c1, l1), .multiCategorical(p2, c2, l2)): return p1 == p2 && c1 == c2 && l1 == l2
        default: return false
        }
    }

    /// The column restricted to `rows` (old indices, in new order); a negative row is an entity the
    /// column does not describe and gets a missing value (code −1, `NaN`, no categories).
    public func reindexed(_ rows: [Int]) -> AttributeColumn {
        switch self {
        case .categorical(let c, let l): return .categorical(codes: rows.map { $0 < 0 ? -1 : c[$0] }, levels: l)
        case .numeric(let v): return .numeric(rows.map { $0 < 0 ? .nan : v[$0] })
        case .multiCategorical(let p, let c, let l):
            var np = [0], nc = [Int32]()
            for r in rows {
                if r >= 0 { nc.append(contentsOf: c[p[r]..<p[r + 1]]) }
                np.append(nc.count)
            }
            return .multiCategorical(indptr: np, codes: nc, levels: l)
        }
    }
}

/// Named attribute columns over one entity set (users or items), in a fixed order.
///
/// ```swift
/// var t = AttributeTable()
/// t.append("gender", .categorical(codes: [0, 1], levels: ["F", "M"]))
/// t["gender"]
/// ```
public struct AttributeTable: Sendable, Equatable {
    /// Column names in order.
    public private(set) var names: [String] = []
    /// Columns, aligned with `names`.
    public private(set) var columns: [AttributeColumn] = []

    /// An empty table.
    public init() {}

    /// Appends (or replaces) a column.
    public mutating func append(_ name: String, _ column: AttributeColumn) {
        if let i = names.firstIndex(of: name) { columns[i] = column } else { names.append(name); columns.append(column) }
    }

    /// The column called `name`, if any.
    public subscript(name: String) -> AttributeColumn? {
        names.firstIndex(of: name).map { columns[$0] }
    }

    /// Whether the table has no columns.
    public var isEmpty: Bool { names.isEmpty }

    /// Every column restricted to `rows` (old indices, in new order; a negative row gets missing values).
    public func reindexed(_ rows: [Int]) -> AttributeTable {
        var t = AttributeTable()
        for (n, c) in zip(names, columns) { t.append(n, c.reindexed(rows)) }
        return t
    }
}
