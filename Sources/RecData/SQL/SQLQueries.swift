import RecConfig

/// The spec's `"dataset": {"source": {"sql": …, "interactions": …}}`: a database URL and the
/// queries whose rows are the interactions and, optionally, the user and item attributes.
/// `SQLTableReader` documents how the result columns are read.
///
/// ```swift
/// let queries = SQLQueries(sql: "sqlite:shop.sqlite", interactions: "SELECT user_id, item_id, rating, ts FROM events")
/// ```
public struct SQLQueries: Configuration {
    @Param(doc: "the database: `sqlite:PATH` (a SQLite file, relative to the working directory) or "
        + "`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (the password may instead come from `PGPASSWORD`)")
    public var sql = ""
    @Param(doc: "query returning one row per interaction: user, item, optional rating, optional timestamp "
        + "(by name — `user_id`, `item_id`, `rating`, `timestamp` or `ts` — else by position)")
    public var interactions = ""
    @Param(doc: "query returning one row per user: the id (`user_id`, else the first column) and attribute columns "
        + "(text → categorical, numbers → numeric, NULL → missing)")
    public var users: String? = nil
    @Param(doc: "query returning one row per item: the id (`item_id`, else the first column) and attribute columns, as `users`")
    public var items: String? = nil

    /// No database yet: `sql` and `interactions` must be given.
    public init() {}

    /// The given database and queries.
    public init(sql: String, interactions: String, users: String? = nil, items: String? = nil) {
        self.sql = sql; self.interactions = interactions; self.users = users; self.items = items
    }

    /// The keys a spec must give.
    public static let requiredKeys = ["sql", "interactions"]

    /// `sql` and `interactions` are required; the URL must name a supported database.
    public func violations() -> [ConfigurationViolation] {
        var out = zip(Self.requiredKeys, [sql, interactions]).filter { $0.1.isEmpty }
            .map { ConfigurationViolation($0.0, "required key is missing") }
        if !sql.isEmpty && SQLDatabaseKind(url: sql) == nil {
            out.append(ConfigurationViolation("sql", "\"\(DataError.redacted(sql))\" is not a database URL",
                                              fix: "use \"sqlite:PATH\" or \"postgres://USER@HOST:PORT/DATABASE\""))
        }
        for (key, query) in [("users", users), ("items", items)] where query?.isEmpty == true {
            out.append(ConfigurationViolation(key, "empty query", fix: "give a SELECT or remove the key"))
        }
        return out
    }

    /// The queries that are given, with their keys, in reading order.
    public var named: [(key: String, query: String)] {
        var out: [(key: String, query: String)] = [(key: "interactions", query: interactions)]
        if let users { out.append((key: "users", query: users)) }
        if let items { out.append((key: "items", query: items)) }
        return out
    }
}

/// The databases a URL can name.
public enum SQLDatabaseKind: String, Sendable {
    case sqlite, postgres

    /// The kind `url`'s scheme names (`sqlite:`, `postgres://`, `postgresql://`), or nil.
    public init?(url: String) {
        if url.hasPrefix("sqlite:") { self = .sqlite }
        else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") { self = .postgres }
        else { return nil }
    }

    /// The SQLite file a `sqlite:` URL names (`sqlite:PATH` or `sqlite://PATH`).
    public static func sqlitePath(_ url: String) -> String? {
        guard url.hasPrefix("sqlite:") else { return nil }
        let rest = url.dropFirst("sqlite:".count)
        return String(rest.hasPrefix("//") ? rest.dropFirst(2) : rest)
    }
}

/// A SQL source in the pipeline's terms: the queries, where they were written (`dataset.source`,
/// for error messages), and the connector that runs them. Equal when the queries and origin are.
public struct SQLSource: Sendable, Equatable {
    /// The database URL and queries.
    public var queries: SQLQueries
    /// The JSON path errors name (`dataset.source`).
    public var origin: String
    /// Opens the database.
    public var connector: any SQLConnector

    /// A source reading `queries` through `connector`.
    public init(_ queries: SQLQueries, origin: String = "dataset.source", connector: any SQLConnector) {
        self.queries = queries; self.origin = origin; self.connector = connector
    }

    public static func == (a: SQLSource, b: SQLSource) -> Bool { a.queries == b.queries && a.origin == b.origin }
}
