import RecCore
import RecData

/// Small datasets for preprocessing and splitting tests, built in code so every expected value can be
/// worked out by hand.
///
/// ```swift
/// let data = SplitFixtures.grid()                       // 10 users × 10 interactions, timestamps, ratings
/// let raw = SplitFixtures.dataset([("u1", "i1", 5, 100), ("u1", "i2", 3, 200)])
/// SplitFixtures.multiset(split.train) + …               // compare tables as multisets
/// ```
public enum SplitFixtures {
    /// One interaction as a comparable value: (user, item, timestamp or −1, rating or −1).
    public struct Row: Hashable, Comparable, Sendable, CustomStringConvertible {
        public var user: Int32, item: Int32, timestamp: Int64, rating: Float
        public init(user: Int32, item: Int32, timestamp: Int64, rating: Float) {
            self.user = user; self.item = item; self.timestamp = timestamp; self.rating = rating
        }
        public static func < (a: Row, b: Row) -> Bool {
            (a.user, a.item, a.timestamp, a.rating) < (b.user, b.item, b.timestamp, b.rating)
        }
        public var description: String { "(\(user),\(item),\(timestamp),\(rating))" }
    }

    /// `users` users with `perUser` interactions each over `items` items, rows in user order.
    ///
    /// User `u`'s `j`-th row is item `(3u + j) mod items` (distinct within a user while
    /// `perUser ≤ items`), rating `1 + (u + j) mod 5`, and timestamp `1000 + 100·((7j) mod perUser) + u`,
    /// so timestamps are distinct, interleave across users, and are not in table order within a user.
    public static func grid(users: Int = 10, perUser: Int = 10, items: Int = 20,
                            timestamps: Bool = true, ratings: Bool = true) -> Dataset {
        var us = [Int32](), its = [Int32](), rs = [Float](), ts = [Int64]()
        for u in 0..<users {
            for j in 0..<perUser {
                us.append(Int32(u)); its.append(Int32((3 * u + j) % items))
                rs.append(Float(1 + (u + j) % 5))
                ts.append(1000 + 100 * Int64((7 * j) % perUser) + Int64(u))
            }
        }
        return Dataset(name: "grid", users: IndexMap((0..<users).map { "u\($0)" }),
                       items: IndexMap((0..<items).map { "i\($0)" }),
                       interactions: InteractionTable(users: us, items: its, ratings: ratings ? rs : nil,
                                                      timestamps: timestamps ? ts : nil))
    }

    /// A dataset from rows of external ids; ids are indexed in first-seen order. Ratings and timestamps
    /// are kept only when every row has one.
    public static func dataset(_ rows: [(user: String, item: String, rating: Float?, timestamp: Int64?)],
                               name: String = "fixture") -> Dataset {
        var users = IndexMap(), items = IndexMap()
        var us = [Int32](), its = [Int32]()
        for r in rows { us.append(users.insert(r.user)); its.append(items.insert(r.item)) }
        let rs = rows.allSatisfy { $0.rating != nil } ? rows.map { $0.rating! } : nil
        let ts = rows.allSatisfy { $0.timestamp != nil } ? rows.map { $0.timestamp! } : nil
        return Dataset(name: name, users: users, items: items,
                       interactions: InteractionTable(users: us, items: its, ratings: rs, timestamps: ts))
    }

    /// A dataset of implicit (user, item) pairs without timestamps.
    public static func pairs(_ pairs: [(String, String)], name: String = "pairs") -> Dataset {
        dataset(pairs.map { (user: $0.0, item: $0.1, rating: nil, timestamp: nil) }, name: name)
    }

    /// The rows of a table, in table order.
    public static func rows(_ t: InteractionTable) -> [Row] {
        (0..<t.count).map {
            Row(user: t.users[$0], item: t.items[$0], timestamp: t.timestamps?[$0] ?? -1, rating: t.ratings?[$0] ?? -1)
        }
    }

    /// The rows of a table as a sorted multiset.
    public static func multiset(_ t: InteractionTable) -> [Row] { rows(t).sorted() }

    /// The rows of a table as (external user id, external item id) pairs, in table order.
    public static func idPairs(_ d: Dataset) -> [String] {
        let t = d.interactions
        return (0..<t.count).map { "\(d.users.id(at: t.users[$0]))-\(d.items.id(at: t.items[$0]))" }
    }
}
