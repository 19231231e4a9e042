import Crypto
import Foundation

/// One value of a query's result row, as every driver hands it over: SQL's storage classes with
/// dates already turned into seconds since the epoch.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The value as a short quoted excerpt for an error message.
    var shown: String {
        switch self {
        case .null: return "NULL"
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .text(let s): return "'" + (s.count > 40 ? String(s.prefix(37)) + "..." : s) + "'"
        }
    }

    /// The value for a type error: `NULL`, or its storage class and value (`text ('high')`).
    var described: String { self == .null ? "NULL" : "\(typeName) (\(shown))" }

    /// The storage class in words, for type errors.
    var typeName: String {
        switch self {
        case .null: return "NULL"
        case .integer: return "an integer"
        case .real: return "a real number"
        case .text: return "text"
        }
    }
}

/// The complete result of one query: its column names (lower-cased as the database reports them)
/// and its rows in the order the database returned them.
public struct SQLResult: Sendable, Equatable {
    /// Column names, in select-list order.
    public var columns: [String]
    /// Rows; each has `columns.count` values.
    public var rows: [[SQLValue]]

    /// A result.
    public init(columns: [String], rows: [[SQLValue]]) {
        precondition(rows.allSatisfy { $0.count == columns.count }, "every row needs one value per column")
        self.columns = columns; self.rows = rows
    }

    /// What the dataset cache key records of this result: the row count and a SHA-256 over the
    /// column names and every value with its storage class, in row order. Changing, adding,
    /// removing or reordering a row changes it; the same rows from another database do not.
    public var fingerprint: String {
        var hash = SHA256()
        func put(_ bytes: some Sequence<UInt8>) { hash.update(data: Array(bytes)) }
        func put(_ text: String) {
            put(withUnsafeBytes(of: UInt64(text.utf8.count).littleEndian, Array.init))
            put(text.utf8)
        }
        for c in columns { put(c) }
        for row in rows {
            for value in row {
                switch value {
                case .null: put([0])
                case .integer(let v): put([1]); put(withUnsafeBytes(of: v.littleEndian, Array.init))
                case .real(let v): put([2]); put(withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init))
                case .text(let s): put([3]); put(s)
                }
            }
        }
        let digest = hash.finalize().map { String(format: "%02x", $0) }.joined()
        return "rows=\(rows.count);sha256=\(digest)"
    }
}
