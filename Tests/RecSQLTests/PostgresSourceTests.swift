import Foundation
import RecData
import RecTestSupport
import Testing
@testable import RecSQL

/// A real PostgreSQL server, named by `RECLAB_POSTGRES_URL` (scripts/postgres/setup.sh starts one
/// and prints it). CI sets `RECLAB_REQUIRE_POSTGRES=1`: without a server the tests then fail
/// instead of being skipped.
enum Postgres {
    static var url: String? { ProcessInfo.processInfo.environment["RECLAB_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    static var required: Bool { ProcessInfo.processInfo.environment["RECLAB_REQUIRE_POSTGRES"] == "1" }

    /// Creates tables `<prefix>_events`, `<prefix>_users`, `<prefix>_items` holding the shop's rows
    /// (timestamps as `timestamptz`, to read them as PostgreSQL hands them over), runs `body`, and
    /// drops them.
    static func withShopTables<T>(_ prefix: String, _ body: () throws -> T) throws -> T {
        let connection = try PostgresSQLConnection(url: try #require(url))
        defer { connection.close() }
        let tables = ["events", "users", "items"].map { "\(prefix)_\($0)" }
        for t in tables { _ = try connection.query("DROP TABLE IF EXISTS \(t)") }
        defer { for t in tables { _ = try? connection.query("DROP TABLE IF EXISTS \(t)") } }
        _ = try connection.query("CREATE TABLE \(tables[0]) (id serial PRIMARY KEY, user_id integer NOT NULL, item_id bigint NOT NULL, "
                                 + "rating numeric(3,1), ts timestamptz)")
        let events = SQLFixtures.events.map { "(\($0.user), \($0.item), \($0.rating), to_timestamp(\($0.ts)))" }.joined(separator: ", ")
        _ = try connection.query("INSERT INTO \(tables[0]) (user_id, item_id, rating, ts) VALUES \(events)")
        _ = try connection.query("CREATE TABLE \(tables[1]) (user_id integer PRIMARY KEY, age smallint, segment varchar(8))")
        let users = SQLFixtures.users.map { "(\($0.id), \($0.age), \($0.segment.map { "'\($0)'" } ?? "NULL"))" }.joined(separator: ", ")
        _ = try connection.query("INSERT INTO \(tables[1]) VALUES \(users)")
        _ = try connection.query("CREATE TABLE \(tables[2]) (item_id integer PRIMARY KEY, category text)")
        _ = try connection.query("INSERT INTO \(tables[2]) VALUES " + SQLFixtures.items.map { "(\($0.id), '\($0.category)')" }.joined(separator: ", "))
        return try body()
    }

    static func queries(_ prefix: String) throws -> SQLQueries {
        SQLQueries(sql: try #require(url), interactions: "SELECT user_id, item_id, rating, ts FROM \(prefix)_events ORDER BY id",
                   users: "SELECT user_id, age, segment FROM \(prefix)_users ORDER BY user_id",
                   items: "SELECT item_id, category FROM \(prefix)_items ORDER BY item_id")
    }
}

@Suite(.serialized, .enabled(if: Postgres.url != nil || Postgres.required,
                             "RECLAB_POSTGRES_URL is not set (scripts/postgres/setup.sh starts a server; CI requires it)"))
struct PostgresSourceTests {
    @Test func aPostgresTableGivesTheDatasetOfTheSameRowsInFiles() throws {
        #expect(Postgres.url != nil, "RECLAB_REQUIRE_POSTGRES=1 but RECLAB_POSTGRES_URL is not set")
        let dir = try Fixtures.temporaryDirectory("pg")
        let files = try AtomicFileLoader(folder: SQLFixtures.writeAtomic(in: dir)).load()
        try Postgres.withShopTables("reclab_test_a") {
            let request = SQLiteSourceTests.request(try Postgres.queries("reclab_test_a"), root: dir)
            var data = try DataPipeline().run(request).dataset
            data.name = files.name
            #expect(data == files)
            // A changed row is a new cache key.
            let key = try DataPipeline().cacheKey(for: request)
            let connection = try PostgresSQLConnection(url: try #require(Postgres.url))
            _ = try connection.query("UPDATE reclab_test_a_events SET rating = rating + 0.5 WHERE id = 3")
            connection.close()
            #expect(try DataPipeline().cacheKey(for: request) != key)
            // A SQL error comes back with the server's message.
            var bad = try Postgres.queries("reclab_test_a")
            bad.interactions = "SELECT user_id, item_id FROM reclab_test_no_such_table"
            do {
                _ = try DataPipeline().run(SQLiteSourceTests.request(bad, root: dir))
                Issue.record("no error")
            } catch {
                #expect("\(error)".contains("dataset.source.interactions (\"SELECT user_id, item_id FROM reclab_test_no_such_table\"): "
                                            + "relation \"reclab_test_no_such_table\" does not exist"), "\(error)")
            }
        }
    }

    @Test func aSpecReadingPostgresGivesTheMetricsOfTheSameFiles() throws {
        #expect(Postgres.url != nil, "RECLAB_REQUIRE_POSTGRES=1 but RECLAB_POSTGRES_URL is not set")
        let dir = try Fixtures.temporaryDirectory("pg-run")
        let folder = try SQLFixtures.writeAtomic(in: dir)
        let fromFiles = try SpecRuns.metrics(SpecRuns.spec(dataset: #"{"source": "\#(folder)", "format": "atomic"}"#), in: dir, file: "files.json")
        try Postgres.withShopTables("reclab_test_b") {
            let fromSQL = try SpecRuns.metrics(SpecRuns.spec(dataset: SpecRuns.sqlDataset(try Postgres.queries("reclab_test_b"))), in: dir, file: "pg.json")
            #expect(fromSQL.count == 6)
            #expect(fromSQL == fromFiles)
        }
    }
}
