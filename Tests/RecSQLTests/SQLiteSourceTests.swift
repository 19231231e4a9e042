import Foundation
import RecData
import RecSQL
import RecTestSupport
import Testing

/// SQLite sources through the pipeline: the same rows read from a database and from files give the
/// same dataset; the cache key follows the rows; bad sources are errors that name the query and row.
@Suite struct SQLiteSourceTests {
    static func request(_ queries: SQLQueries, root: URL) -> DataRequest {
        DataRequest(source: .sql(SQLSource(queries, connector: SQLDrivers())), root: root.appendingPathComponent("datasets").path)
    }

    @Test func aSQLiteDatabaseGivesTheDatasetOfTheSameRowsInFiles() throws {
        let dir = try Fixtures.temporaryDirectory("sql")
        let files = try AtomicFileLoader(folder: SQLFixtures.writeAtomic(in: dir)).load()
        let db = try SQLFixtures.writeSQLite(in: dir)
        let result = try DataPipeline().run(Self.request(SQLFixtures.queries("sqlite:" + db), root: dir))
        #expect(!result.cacheHit)
        #expect(result.dataset == files)
        #expect(result.dataset.name == "shop")
        #expect(result.dataset.userAttributes.names == ["age", "segment"])
        // User 7's NULL segment is a missing value, as its empty token in the file.
        if case .categorical(let codes, _)? = result.dataset.userAttributes["segment"] {
            #expect(codes[Int(try #require(result.dataset.users.index(of: "7")))] == -1)
        } else { Issue.record("segment is not categorical") }
        // The second run reads the cache entry the first wrote.
        let again = try DataPipeline().run(Self.request(SQLFixtures.queries("sqlite:" + db), root: dir))
        #expect(again.cacheHit && again.cacheKey == result.cacheKey && again.dataset == files)
    }

    @Test func columnsAreReadByPositionWhenTheyAreNotNamed() throws {
        let dir = try Fixtures.temporaryDirectory("sql")
        let files = try AtomicFileLoader(folder: SQLFixtures.writeAtomic(in: dir, withSideData: false)).load()
        let db = try SQLFixtures.writeSQLite(in: dir)
        let queries = SQLQueries(sql: "sqlite:" + db, interactions: "SELECT user_id AS u, item_id AS i, rating AS r, ts AS t FROM events")
        #expect(try DataPipeline().run(Self.request(queries, root: dir)).dataset == files)
        // Two columns: implicit feedback without timestamps.
        let implicit = SQLQueries(sql: "sqlite:" + db, interactions: "SELECT user_id, item_id FROM events")
        let data = try DataPipeline().run(Self.request(implicit, root: dir)).dataset
        #expect(data.interactions.ratings == nil && data.interactions.timestamps == nil)
        #expect(data.interactions.users == files.interactions.users && data.interactions.items == files.interactions.items)
    }

    @Test func theCacheKeyFollowsTheRowsAndTheQueryNotTheFile() throws {
        let dir = try Fixtures.temporaryDirectory("sql")
        let db = try SQLFixtures.writeSQLite(in: dir)
        let pipeline = DataPipeline()
        let key = try pipeline.cacheKey(for: Self.request(SQLFixtures.queries("sqlite:" + db), root: dir))
        // A copy of the database holds the same rows: the same entry.
        let copy = dir.appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: db, toPath: copy)
        #expect(try pipeline.cacheKey(for: Self.request(SQLFixtures.queries("sqlite:" + copy), root: dir)) == key)
        // One changed rating, one added user row, another query text: three new keys.
        try SQLFixtures.execute(copy, "UPDATE events SET rating = rating + 0.5 WHERE rowid = 17")
        let changed = try pipeline.cacheKey(for: Self.request(SQLFixtures.queries("sqlite:" + copy), root: dir))
        #expect(changed != key)
        let other = dir.appendingPathComponent("other.sqlite").path
        try FileManager.default.copyItem(atPath: db, toPath: other)
        try SQLFixtures.execute(other, "INSERT INTO users VALUES (99, 40, 'a')")
        #expect(try pipeline.cacheKey(for: Self.request(SQLFixtures.queries("sqlite:" + other), root: dir)) != key)
        var reordered = SQLFixtures.queries("sqlite:" + db)
        reordered.interactions = "SELECT user_id, item_id, rating, ts FROM events ORDER BY rowid DESC"
        #expect(try pipeline.cacheKey(for: Self.request(reordered, root: dir)) != key)
    }

    /// What a user gets wrong, and the message that names it.
    @Test(arguments: [
        ("sqlite:/no/such/file.sqlite", "SELECT * FROM events", "dataset.source.sql (\"sqlite:/no/such/file.sqlite\"): no such SQLite file \"/no/such/file.sqlite\""),
        ("DB", "SELECT * FROM evnts", "dataset.source.interactions (\"SELECT * FROM evnts\"): no such table: evnts"),
        ("DB", "SELECT user_id, item_id, NULL AS rating FROM events",
         "dataset.source.interactions (\"SELECT user_id, item_id, NULL AS rating FROM events\"), row 1: rating is NULL; ratings are numbers"),
        ("DB", "SELECT user_id, CASE WHEN rowid = 5 THEN NULL ELSE item_id END AS item_id FROM events",
         "row 5: item_id is NULL; ids are integers or text"),
        ("DB", "SELECT user_id, item_id, 'high' AS rating FROM events", "row 1: rating is text ('high'); ratings are numbers"),
        ("DB", "SELECT user_id, item_id, rating, ts, 1 AS extra FROM events", "column 'extra' is none of user_id, item_id, rating, timestamp (or ts)"),
        ("DB", "SELECT user_id FROM events", "expected columns named user_id and item_id, or 2 to 4 columns read by position"),
        ("DB", "SELECT user_id, item_id FROM events WHERE 0", "the query returned no rows"),
        ("DB", "SELECT user_id, item_id, rating, 1.5e300 * 1e300 AS ts FROM events", "row 1: ts is a real number (inf); timestamps are numbers of seconds"),
        ("DB", "SELECT user_id, item_id, X'00' AS rating FROM events", "row 1: column 'rating' holds a BLOB"),
    ])
    func aBadSourceIsAnErrorNamingTheQueryAndRow(_ url: String, _ interactions: String, _ expected: String) throws {
        let dir = try Fixtures.temporaryDirectory("sql")
        let db = try SQLFixtures.writeSQLite(in: dir)
        let queries = SQLQueries(sql: url == "DB" ? "sqlite:" + db : url, interactions: interactions)
        do {
            _ = try DataPipeline().run(Self.request(queries, root: dir))
            Issue.record("no error for \(interactions)")
        } catch let error as DataError {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }

    @Test func aBadUsersQueryNamesItsRow() throws {
        let dir = try Fixtures.temporaryDirectory("sql")
        let db = try SQLFixtures.writeSQLite(in: dir)
        var queries = SQLFixtures.queries("sqlite:" + db)
        queries.users = "SELECT user_id, CASE WHEN user_id = 3 THEN 'x' ELSE age END AS age FROM users ORDER BY user_id"
        #expect(throws: DataError.query(origin: "dataset.source", key: "users", query: queries.users!, row: 3,
                                        detail: "column 'age' is text ('x') here but a number at row 1; one attribute column holds "
                                            + "numbers or text, not both (CAST it in the query)")) {
            try DataPipeline().run(Self.request(queries, root: dir))
        }
        queries.users = "SELECT user_id, age FROM users UNION ALL SELECT 5, 40"
        #expect(throws: DataError.query(origin: "dataset.source", key: "users", query: queries.users!, row: 31,
                                        detail: "user_id 5 is listed twice (first at row 5)")) {
            try DataPipeline().run(Self.request(queries, root: dir))
        }
    }

    @Test func anUnreachablePostgresServerIsAnError() throws {
        let dir = try Fixtures.temporaryDirectory("sql")
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        let queries = SQLQueries(sql: "postgres://reclab:secret@127.0.0.1:1/shop", interactions: "SELECT 1, 2")
        do {
            _ = try DataPipeline().run(Self.request(queries, root: dir))
            Issue.record("no error")
        } catch let error as DataError {
            let text = "\(error)"
            #expect(text.hasPrefix("dataset.source.sql (\"postgres://reclab:***@127.0.0.1:1/shop\"): cannot connect to PostgreSQL at 127.0.0.1:1: connection refused"), "\(text)")
            #expect(!text.contains("secret"))
        }
        for (url, message) in [("postgres://127.0.0.1/shop", "names no user"), ("postgres://u@127.0.0.1/", "names no database"),
                               ("postgres://u@127.0.0.1/db?sslmode=require", "not supported")] {
            #expect(throws: DataError.self) { try DataPipeline().run(Self.request(SQLQueries(sql: url, interactions: "SELECT 1, 2"), root: dir)) }
            do { _ = try SQLDrivers().connect(url) } catch { #expect("\(error)".contains(message), "\(error)") }
        }
    }
}
