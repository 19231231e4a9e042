import RecCore

/// User–item interactions as parallel columns (coordinate form), the canonical form that loaders
/// produce, preprocessing filters and splitters partition. Matrices for models come from
/// `byUser(...)` / `byItem(...)`.
///
/// `ratings` is nil for implicit-only data; `timestamps` (seconds since the epoch) is nil when the
/// source has none. Row `k` is one event: `(users[k], items[k], ratings?[k], timestamps?[k])`.
public struct InteractionTable: Sendable, Equatable {
    /// Dense user index of each interaction.
    public var users: [Int32]
    /// Dense item index of each interaction.
    public var items: [Int32]
    /// Explicit rating of each interaction, or nil for implicit feedback.
    public var ratings: [Float]?
    /// Timestamp of each interaction (seconds), or nil when unknown.
    public var timestamps: [Int64]?

    /// Builds a table; all present columns must have the same length.
    public init(users: [Int32], items: [Int32], ratings: [Float]? = nil, timestamps: [Int64]? = nil) {
        precondition(users.count == items.count, "users and items differ in length")
        precondition(ratings.map { $0.count == users.count } ?? true, "ratings length differs")
        precondition(timestamps.map { $0.count == users.count } ?? true, "timestamps length differs")
        self.users = users; self.items = items; self.ratings = ratings; self.timestamps = timestamps
    }

    /// An empty table with the same optional columns as `template`.
    public static func empty(like template: InteractionTable) -> InteractionTable {
        InteractionTable(users: [], items: [], ratings: template.ratings == nil ? nil : [],
                         timestamps: template.timestamps == nil ? nil : [])
    }

    /// Number of interactions.
    public var count: Int { users.count }

    /// The rows at `positions`, in that order.
    public func subset<S: Sequence>(_ positions: S) -> InteractionTable where S.Element == Int {
        var u = [Int32](), i = [Int32]()
        var r: [Float]? = ratings == nil ? nil : []
        var t: [Int64]? = timestamps == nil ? nil : []
        for p in positions {
            u.append(users[p]); i.append(items[p])
            if let rs = ratings { r!.append(rs[p]) }
            if let ts = timestamps { t!.append(ts[p]) }
        }
        return InteractionTable(users: u, items: i, ratings: r, timestamps: t)
    }

    /// Rows where `keep[k]` is true.
    public func filtered(_ keep: [Bool]) -> InteractionTable {
        subset(keep.indices.lazy.filter { keep[$0] })
    }

    /// Concatenation of two tables with the same columns.
    public func appending(_ other: InteractionTable) -> InteractionTable {
        var out = self
        out.users += other.users; out.items += other.items
        if ratings != nil { out.ratings! += other.ratings ?? [] }
        if timestamps != nil { out.timestamps! += other.timestamps ?? [] }
        return out
    }

    /// Value used in matrices for row `k`: the rating if explicit, else 1.
    @inlinable public func value(at k: Int) -> Float { ratings?[k] ?? 1 }

    /// Users × items CSR matrix of values (ratings, or 1 for implicit feedback).
    public func byUser(userCount: Int, itemCount: Int) -> CSRMatrix {
        CSRMatrix(rows: userCount, cols: itemCount, rowIndices: users, colIndices: items,
                  values: ratings ?? [Float](repeating: 1, count: count))
    }

    /// Items × users CSR matrix of values.
    public func byItem(userCount: Int, itemCount: Int) -> CSRMatrix {
        CSRMatrix(rows: itemCount, cols: userCount, rowIndices: items, colIndices: users,
                  values: ratings ?? [Float](repeating: 1, count: count))
    }

    /// For each user, the positions of their interactions in this table (in table order).
    public func positionsByUser(userCount: Int) -> [[Int]] {
        var out = [[Int]](repeating: [], count: userCount)
        for k in 0..<count { out[Int(users[k])].append(k) }
        return out
    }
}
