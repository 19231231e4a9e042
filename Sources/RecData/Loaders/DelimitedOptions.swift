import RecConfig

/// A column of a delimited file, by header name or by 0-based position.
///
/// ```swift
/// let byName: ColumnRef = "userId"      // .name("userId")
/// let byIndex: ColumnRef = 0            // .index(0)
/// ```
public enum ColumnRef: Sendable, Equatable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    CustomStringConvertible, ParameterValue {
    /// The column whose header field is exactly this name (needs `hasHeader`).
    case name(String)
    /// The column at this 0-based position.
    case index(Int)

    /// `"userId"` means `.name("userId")`.
    public init(stringLiteral value: String) { self = .name(value) }
    /// `0` means `.index(0)`.
    public init(integerLiteral value: Int) { self = .index(value) }

    /// `"name"` or `#index`, as shown in errors and cache keys.
    public var description: String {
        switch self {
        case .name(let n): return "\"\(n)\""
        case .index(let k): return "#\(k)"
        }
    }

    /// In specs: an integer (the index) or a string (the header name).
    public static var kind: ParameterKind { .oneOf([.int, .string]) }
    public var parameterValue: ParamValue {
        switch self {
        case .name(let n): return .string(n)
        case .index(let k): return .int(k)
        }
    }
    public init?(parameterValue v: ParamValue) {
        if let k = Int(parameterValue: v) { self = .index(k) } else if let n = v.stringValue { self = .name(n) } else { return nil }
    }
}

/// In specs the encodings are written `utf-8` and `latin-1`.
extension TextEncoding: ParameterValue {
    public static var kind: ParameterKind { .choice(allCases.map(\.specName)) }
    public var parameterValue: ParamValue { .string(specName) }
    public init?(parameterValue v: ParamValue) {
        guard let match = Self.allCases.first(where: { .string($0.specName) == v }) else { return nil }
        self = match
    }

    /// `utf-8`, `latin-1`.
    public var specName: String {
        switch self {
        case .utf8: return "utf-8"
        case .latin1: return "latin-1"
        }
    }
}

/// How to read a delimited interaction file (CSV, TSV, `::`-separated, ...): one interaction per
/// line, with user and item columns and optional rating and timestamp columns. The spec's
/// `dataset.delimited` section is read straight from these declarations.
///
/// ```swift
/// // MovieLens ml-latest-small ratings.csv: userId,movieId,rating,timestamp
/// let options = DelimitedOptions(delimiter: ",", hasHeader: true,
///                                user: "userId", item: "movieId", rating: "rating", timestamp: "timestamp")
/// ```
public struct DelimitedOptions: Configuration, Hashable {
    @Param(doc: "field separator, not empty (`\"\\t\"`, `\";\"`, `\"::\"`)")
    public var delimiter = ","
    @Param("header", doc: "whether the first line names the columns")
    public var hasHeader = false
    @Param(in: 0...10_000, doc: "user-ID column: 0-based index, or header name (needs `\"header\": true`)")
    public var user: ColumnRef = .index(0)
    @Param(in: 0...10_000, doc: "item-ID column")
    public var item: ColumnRef = .index(1)
    @Param(in: 0...10_000, doc: "rating column; null means implicit feedback (every row is a positive)")
    public var rating: ColumnRef? = nil
    @Param(in: 0...10_000, doc: "timestamp column (integer or decimal seconds); null means none")
    public var timestamp: ColumnRef? = nil
    @Param(doc: "text encoding of the file")
    public var encoding = TextEncoding.utf8
    /// Lines starting with this text are skipped (for example `#`); nil skips none. Not a spec key.
    @Fixed public var commentPrefix: String? = nil

    /// A header-less CSV of `user,item`.
    public init() {}

    /// Options for a file laid out as described; by default a header-less CSV of `user,item`.
    public init(delimiter: String = ",", hasHeader: Bool = false, user: ColumnRef = 0, item: ColumnRef = 1,
                rating: ColumnRef? = nil, timestamp: ColumnRef? = nil, encoding: TextEncoding = .utf8,
                commentPrefix: String? = nil) {
        self.delimiter = delimiter; self.hasHeader = hasHeader; self.user = user; self.item = item
        self.rating = rating; self.timestamp = timestamp; self.encoding = encoding; self.commentPrefix = commentPrefix
    }

    /// A non-empty delimiter; columns by name only with a header; no column in two roles.
    public func violations() -> [ConfigurationViolation] {
        var out: [ConfigurationViolation] = []
        if delimiter.isEmpty { out.append(ConfigurationViolation("delimiter", "delimiter must not be empty", fix: "use \"\\t\" for tabs")) }
        let roles = [("user", user), ("item", item), ("rating", rating), ("timestamp", timestamp)].compactMap { k, c in c.map { (k, $0) } }
        for (i, (role, column)) in roles.enumerated() {
            if case .name(let n) = column, !hasHeader {
                out.append(ConfigurationViolation(role, "column given by name \"\(n)\" but the file has no header",
                                                  fix: "set \"header\": true or give a 0-based column index"))
            }
            if let other = roles[..<i].first(where: { $0.1 == column }) {
                out.append(ConfigurationViolation(role, "column \(column) is already the \(other.0) column"))
            }
        }
        return out
    }

    /// Throws `DataError.invalidOption` naming the first impossible option by its spec key.
    public func requireValid() throws {
        guard let problem = problems.first else { return }
        throw DataError.invalidOption(name: problem.parameter, detail: problem.message + (problem.fix.map { " (\($0))" } ?? ""))
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(cacheDescription) }

    /// Stable text of every option (part of the cache key). It is, byte for byte, Swift's default
    /// description of this struct before its options were declared, which the cache keys of delimited
    /// and predefined data were built from; changing it would rebuild every such cache entry.
    public var cacheDescription: String {
        func optional(_ text: String?) -> String { text.map { "Optional(\($0))" } ?? "nil" }
        return "DelimitedOptions(delimiter: \(delimiter.debugDescription), hasHeader: \(hasHeader), user: \(user), "
            + "item: \(item), rating: \(optional(rating?.description)), timestamp: \(optional(timestamp?.description)), "
            + "encoding: RecData.TextEncoding.\(encoding.rawValue), commentPrefix: \(optional(commentPrefix?.debugDescription)))"
    }
}
