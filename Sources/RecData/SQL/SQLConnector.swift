/// The seam between RecData and the database drivers: RecData turns query results into a
/// `Dataset` and fingerprints them for the cache; a connector (RecSQL's `SQLDrivers`: SQLite
/// through GRDB, PostgreSQL through postgres-nio) only opens the database a URL names and runs
/// queries. RecData itself links no driver, so its file loaders never pull in NIO.
///
/// ```swift
/// struct Canned: SQLConnector {
///     func connect(_ url: String) throws -> any SQLConnection { CannedConnection() }
/// }
/// ```
public protocol SQLConnector: Sendable {
    /// Opens the database `url` names (`sqlite:PATH`, `postgres://user@host:port/db`). Throws
    /// `SQLDriverError` when the URL is malformed or the database cannot be opened or reached.
    func connect(_ url: String) throws -> any SQLConnection
}

/// An open database connection.
public protocol SQLConnection: AnyObject {
    /// Runs `sql` and returns every row. Throws `SQLDriverError` on an SQL error, or on a value the
    /// driver cannot hand over as an `SQLValue` (with its row).
    func query(_ sql: String) throws -> SQLResult
    /// Closes the connection (also safe to call twice).
    func close()
}

/// What a driver reports; the pipeline adds the spec path and query (`DataError.query`).
public struct SQLDriverError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in the driver's or database's words.
    public var detail: String
    /// The 1-based row of the result the error is about, if any.
    public var row: Int?

    /// An error about the whole query or connection, or about row `row`.
    public init(_ detail: String, row: Int? = nil) { self.detail = detail; self.row = row }

    public var description: String { row.map { "row \($0): \(detail)" } ?? detail }
}

extension DataError {
    /// `url` as it may be shown: a password in it replaced by `***`.
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url.range(of: "@", range: scheme.upperBound..<url.endIndex) else { return url }
        let userInfo = url[scheme.upperBound..<at.lowerBound]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at.lowerBound...])
    }
}
