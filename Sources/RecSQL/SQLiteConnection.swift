import Foundation
import GRDB
import RecData

/// A read-only SQLite database opened through GRDB. A missing file is an error (SQLite would
/// otherwise create an empty database under that name).
final class SQLiteConnection: SQLConnection {
    private var queue: DatabaseQueue?

    /// Opens the file a `sqlite:PATH` URL names, read-only.
    init(url: String) throws {
        guard let path = SQLDatabaseKind.sqlitePath(url), !path.isEmpty else { throw SQLDriverError("no file after sqlite:") }
        guard FileManager.default.fileExists(atPath: path) else { throw SQLDriverError("no such SQLite file \"\(path)\"") }
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        configuration.label = "reclab"
        do { queue = try DatabaseQueue(path: path, configuration: configuration) } catch {
            throw SQLDriverError("cannot open \"\(path)\": \(Self.message(error))")
        }
    }

    func query(_ sql: String) throws -> SQLResult {
        guard let queue else { throw SQLDriverError("the connection is closed") }
        do {
            return try queue.read { db in
                let statement = try db.makeStatement(sql: sql)
                let columns = statement.columnNames
                var rows = [[SQLValue]]()
                let cursor = try Row.fetchCursor(statement)
                while let row = try cursor.next() {
                    var values = [SQLValue]()
                    values.reserveCapacity(columns.count)
                    for (c, value) in row.databaseValues.enumerated() {
                        switch value.storage {
                        case .null: values.append(.null)
                        case .int64(let v): values.append(.integer(v))
                        case .double(let v): values.append(.real(v))
                        case .string(let s): values.append(.text(s))
                        case .blob:
                            throw SQLDriverError("column '\(columns[c])' holds a BLOB; select text or numbers", row: rows.count + 1)
                        }
                    }
                    rows.append(values)
                }
                return SQLResult(columns: columns, rows: rows)
            }
        } catch let e as SQLDriverError { throw e } catch { throw SQLDriverError(Self.message(error)) }
    }

    func close() {
        try? queue?.close()
        queue = nil
    }

    /// SQLite's own message (`no such table: events`) rather than GRDB's description with the SQL repeated.
    static func message(_ error: any Error) -> String {
        guard let e = error as? DatabaseError else { return "\(error)" }
        return e.message ?? "\(e.resultCode)"
    }
}
