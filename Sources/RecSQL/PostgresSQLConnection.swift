import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import RecData

/// A PostgreSQL connection through postgres-nio, used synchronously: the pipeline is synchronous,
/// so each call waits on postgres-nio's event-loop future from the calling thread (never on a
/// Swift-concurrency thread, which a blocked wait could starve on a 2-core machine).
///
/// The URL is `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (or `postgresql://`); without a
/// password in it, `PGPASSWORD` is used. The connection is not encrypted (`sslmode` other than
/// `disable` is refused): reach a remote server through a tunnel, or run RecLab next to it.
final class PostgresSQLConnection: SQLConnection {
    private var connection: PostgresConnection?
    private let logger = Logger(label: "reclab.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    init(url: String) throws {
        let configuration = try Self.configuration(url)
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        do {
            connection = try PostgresConnection.connect(on: eventLoop, configuration: configuration, id: 1, logger: logger).wait()
        } catch {
            let place = "\(configuration.host ?? "?"):\(configuration.port ?? 5432)"
            throw SQLDriverError("cannot connect to PostgreSQL at \(place): \(Self.message(error))")
        }
    }

    /// The connection settings a URL gives.
    static func configuration(_ url: String) throws -> PostgresConnection.Configuration {
        guard let parts = URLComponents(string: url), let host = parts.host, !host.isEmpty else {
            throw SQLDriverError("not a PostgreSQL URL; use postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        guard let user = parts.user, !user.isEmpty else { throw SQLDriverError("the URL names no user (postgres://USER@HOST/DATABASE)") }
        let database = String(parts.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw SQLDriverError("the URL names no database (postgres://USER@HOST/DATABASE)") }
        for item in parts.queryItems ?? [] {
            guard item.name == "sslmode", item.value == "disable" else {
                throw SQLDriverError("URL option '\(item.name)=\(item.value ?? "")' is not supported (only sslmode=disable)")
            }
        }
        let password = parts.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        var configuration = PostgresConnection.Configuration(host: host, port: parts.port ?? 5432, username: user,
                                                             password: password, database: database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    func query(_ sql: String) throws -> SQLResult {
        guard let connection else { throw SQLDriverError("the connection is closed") }
        let result: PostgresQueryResult
        do { result = try connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).wait() } catch {
            throw SQLDriverError(Self.message(error))
        }
        let columns = result.rows.first.map { $0.map(\.columnName) } ?? []
        var rows = [[SQLValue]]()
        rows.reserveCapacity(result.rows.count)
        for (k, row) in result.rows.enumerated() {
            rows.append(try row.map { try Self.value($0, row: k + 1) })
        }
        return SQLResult(columns: columns, rows: rows)
    }

    /// A cell as an `SQLValue`: integers, floating-point and numeric numbers, booleans (0/1), text
    /// types, and dates and timestamps (seconds since the epoch, rounded down).
    static func value(_ cell: PostgresCell, row: Int) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        do {
            switch cell.dataType {
            case .int2: return .integer(Int64(try cell.decode(Int16.self)))
            case .int4: return .integer(Int64(try cell.decode(Int32.self)))
            case .int8: return .integer(try cell.decode(Int64.self))
            case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .float4, .float8: return .real(try cell.decode(Double.self))
            case .numeric: return .real(NSDecimalNumber(decimal: try cell.decode(Decimal.self)).doubleValue)
            case .text, .varchar, .bpchar, .name, .uuid: return .text(try cell.decode(String.self))
            case .timestamp, .timestamptz, .date:
                return .integer(Int64(try cell.decode(Date.self).timeIntervalSince1970.rounded(.down)))
            default:
                throw SQLDriverError("column '\(cell.columnName)' has PostgreSQL type \(cell.dataType), which is not read; "
                                         + "CAST it to text or a number", row: row)
            }
        } catch let e as SQLDriverError { throw e } catch {
            throw SQLDriverError("column '\(cell.columnName)' (\(cell.dataType)) could not be decoded: \(error)", row: row)
        }
    }

    func close() {
        try? connection?.close().wait()
        connection = nil
    }

    /// The server's message (`relation "events" does not exist`) when there is one.
    static func message(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] { return message }
            if let underlying = e.underlying {
                // NIO's connection error lists every address tried; the reason is what a person needs.
                let text = "\(underlying)"
                return text.contains("Connection refused") ? "connection refused (no server listens there)" : text
            }
            return "\(e.code)"
        }
        return "\(error)"
    }
}
