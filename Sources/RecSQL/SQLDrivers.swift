import RecData

/// The connector a spec's SQL source uses: SQLite (`sqlite:PATH`) through GRDB, PostgreSQL
/// (`postgres://…`) through postgres-nio, chosen by the URL's scheme.
///
/// ```swift
/// let source = DataSource.sql(SQLSource(SQLQueries(sql: "sqlite:shop.sqlite", interactions: "SELECT * FROM events"),
///                                       connector: SQLDrivers()))
/// ```
public struct SQLDrivers: SQLConnector {
    /// The connector for every supported database.
    public init() {}

    public func connect(_ url: String) throws -> any SQLConnection {
        switch SQLDatabaseKind(url: url) {
        case .sqlite?: return try SQLiteConnection(url: url)
        case .postgres?: return try PostgresSQLConnection(url: url)
        case nil: throw SQLDriverError("not a database URL; use sqlite:PATH or postgres://USER@HOST:PORT/DATABASE")
        }
    }
}
