/// Top-K lists for many users in one flat buffer: row `r` (the user `users[r]`) is
/// `items[offsets[r]..<offsets[r+1]]`, best first. Rows may be shorter than `k` (few candidates).
///
/// This is the form in which the runner stores recommendations, so every metric can be recomputed
/// later without retraining (LensKit's habit).
///
/// ```swift
/// let lists = RankedLists(users: [0, 3], lists: [[5, 2], [1]], k: 2)
/// lists[1]   // [1]
/// ```
public struct RankedLists: Sendable, Equatable, Codable {
    /// The user of each row.
    public let users: [Int32]
    /// The cutoff the lists were produced with (maximum row length).
    public let k: Int
    /// Row pointers, `users.count + 1` entries.
    public let offsets: [Int]
    /// Item indices of every row, concatenated.
    public let items: [Int32]

    /// Wraps flat arrays.
    public init(users: [Int32], k: Int, offsets: [Int], items: [Int32]) {
        precondition(offsets.count == users.count + 1 && offsets.first == 0 && offsets.last == items.count,
                     "malformed RankedLists offsets")
        self.users = users; self.k = k; self.offsets = offsets; self.items = items
    }

    /// Builds from one list per user (each truncated to `k`).
    public init(users: [Int32], lists: [[Int32]], k: Int) {
        precondition(users.count == lists.count, "one list per user")
        var offsets = [0], items = [Int32]()
        for l in lists { items.append(contentsOf: l.prefix(k)); offsets.append(items.count) }
        self.init(users: users, k: k, offsets: offsets, items: items)
    }

    /// Number of rows.
    public var count: Int { users.count }

    /// Row `r`'s list, best first.
    public subscript(r: Int) -> ArraySlice<Int32> { items[offsets[r]..<offsets[r + 1]] }

    /// Each list cut to at most `k` items.
    public func truncated(to k: Int) -> RankedLists {
        RankedLists(users: users, lists: (0..<count).map { Array(self[$0].prefix(k)) }, k: min(k, self.k))
    }
}
