/// Errors from reading, checking and caching data. Each names the file and, where there is one,
/// the 1-based line and the offending text, so the user can fix the source.
public enum DataError: Error, CustomStringConvertible, Equatable {
    /// A file or folder does not exist.
    case missingFile(path: String)
    /// A file has no data lines.
    case emptyFile(path: String)
    /// A line could not be parsed.
    case malformedLine(file: String, line: Int, text: String, reason: String)
    /// A file is not valid text in the expected encoding.
    case badEncoding(file: String, line: Int?, detail: String)
    /// A header or column mapping is wrong.
    case badHeader(file: String, detail: String)
    /// An option value is impossible (with the fix).
    case invalidOption(name: String, detail: String)
    /// A cache entry is unreadable.
    case corruptCache(path: String, detail: String)
    /// A downloaded or local file does not match its recorded checksum.
    case checksumMismatch(file: String, expected: String, actual: String)
    /// Preprocessing or splitting left nothing to work with.
    case emptyResult(detail: String)
    /// A SQL source failed: the database could not be opened (`key` is `sql`, `query` the URL with
    /// its password redacted), a query failed, or its row `row` (1-based; nil for the query as a
    /// whole) has a value the dataset cannot take. `key` is the spec key under `origin`.
    case query(origin: String, key: String, query: String, row: Int?, detail: String)
    /// Any other data-source failure.
    case other(String)

    public var description: String {
        switch self {
        case .missingFile(let p): return "\(p): no such file or folder"
        case .emptyFile(let p): return "\(p): file is empty (no data lines)"
        case let .malformedLine(f, l, t, r):
            let shown = t.count > 120 ? String(t.prefix(117)) + "..." : t
            return "\(f):\(l): \(r): \"\(shown)\""
        case let .badEncoding(f, l, d): return l.map { "\(f):\($0): \(d)" } ?? "\(f): \(d)"
        case let .badHeader(f, d): return "\(f):1: \(d)"
        case let .invalidOption(n, d): return "option '\(n)': \(d)"
        case let .corruptCache(p, d): return "\(p): corrupt cache entry: \(d)"
        case let .checksumMismatch(f, e, a): return "\(f): SHA-256 mismatch (expected \(e), got \(a))"
        case .emptyResult(let d): return d
        case let .query(origin, key, query, row, detail):
            let oneLine = query.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let shown = oneLine.count > 100 ? String(oneLine.prefix(97)) + "..." : oneLine
            return "\(origin).\(key) (\"\(shown)\")" + (row.map { ", row \($0)" } ?? "") + ": \(detail)"
        case .other(let s): return s
        }
    }
}
