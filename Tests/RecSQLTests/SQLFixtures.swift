import Foundation
import GRDB
import RecData
import RecTestSupport

/// A small shop's data written both as RecBole atomic files and as a SQLite database, so a test
/// can read the same rows both ways.
enum SQLFixtures {
    /// The package root (for `datasets/ml-100k` and `scripts/`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let ml100k = root.appendingPathComponent("datasets/ml-100k")
    static let ml100kPresent = FileManager.default.fileExists(atPath: ml100k.appendingPathComponent("ml-100k.inter").path)

    /// One interaction row.
    struct Event { var user: Int, item: Int, rating: Double, ts: Int }

    /// 30 users × about 12 of 40 items each, ratings 1–5 and increasing timestamps, from a fixed
    /// pattern (no generator state, so every test sees the same rows).
    static let events: [Event] = (1...30).flatMap { u in
        (0..<(8 + u % 9)).map { k in
            let item = (u * 7 + k * k * 3 + k) % 40 + 1
            return Event(user: u, item: item, rating: Double((u + k * 3) % 5 + 1), ts: 1_000_000 + u * 1000 + k)
        }
    }.reduce(into: [Event]()) { out, e in if !out.contains(where: { $0.user == e.user && $0.item == e.item }) { out.append(e) } }

    /// User attributes: age (a number) and a segment (text); user 7 has no segment.
    static let users: [(id: Int, age: Int, segment: String?)] = (1...30).map { ($0, 18 + $0 % 40, $0 == 7 ? nil : ["a", "b", "c"][$0 % 3]) }
    /// Item attributes: a category (text).
    static let items: [(id: Int, category: String)] = (1...40).map { ($0, "cat\($0 % 4)") }

    /// Writes the events, users and items as atomic files `shop.inter`, `shop.user`, `shop.item` in `dir/shop`.
    static func writeAtomic(in dir: URL, events: [Event] = events, withSideData: Bool = true) throws -> String {
        let folder = dir.appendingPathComponent("shop")
        var inter = "user_id:token\titem_id:token\trating:float\ttimestamp:float\n"
        for e in events { inter += "\(e.user)\t\(e.item)\t\(e.rating)\t\(e.ts)\n" }
        try Fixtures.write(inter, to: "shop.inter", in: folder)
        if withSideData {
            var user = "user_id:token\tage:float\tsegment:token\n"
            for u in users { user += "\(u.id)\t\(u.age)\t\(u.segment ?? "")\n" }
            try Fixtures.write(user, to: "shop.user", in: folder)
            var item = "item_id:token\tcategory:token\n"
            for i in items { item += "\(i.id)\t\(i.category)\n" }
            try Fixtures.write(item, to: "shop.item", in: folder)
        }
        return folder.path
    }

    /// Writes the events, users and items as tables `events`, `users`, `items` of a SQLite file `dir/name`.
    static func writeSQLite(in dir: URL, name: String = "shop.sqlite", events: [Event] = events) throws -> String {
        let path = dir.appendingPathComponent(name).path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE events(user_id INTEGER, item_id INTEGER, rating REAL, ts INTEGER)")
            for e in events {
                try db.execute(sql: "INSERT INTO events VALUES (?, ?, ?, ?)", arguments: [e.user, e.item, e.rating, e.ts])
            }
            try db.execute(sql: "CREATE TABLE users(user_id INTEGER PRIMARY KEY, age INTEGER, segment TEXT)")
            for u in users { try db.execute(sql: "INSERT INTO users VALUES (?, ?, ?)", arguments: [u.id, u.age, u.segment]) }
            try db.execute(sql: "CREATE TABLE items(item_id INTEGER PRIMARY KEY, category TEXT)")
            for i in items { try db.execute(sql: "INSERT INTO items VALUES (?, ?)", arguments: [i.id, i.category]) }
        }
        try queue.close()
        return path
    }

    /// Runs `statements` against the SQLite file at `path`.
    static func execute(_ path: String, _ statements: String...) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in for s in statements { try db.execute(sql: s) } }
        try queue.close()
    }

    /// The queries that read the shop tables.
    static func queries(_ url: String, sideData: Bool = true) -> SQLQueries {
        SQLQueries(sql: url, interactions: "SELECT user_id, item_id, rating, ts FROM events ORDER BY rowid",
                   users: sideData ? "SELECT user_id, age, segment FROM users ORDER BY user_id" : nil,
                   items: sideData ? "SELECT item_id, category FROM items ORDER BY item_id" : nil)
    }
}
