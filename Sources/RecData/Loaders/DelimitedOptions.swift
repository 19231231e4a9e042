/// A column of a delimited file, by header name or by 0-based position.
///
/// ```swift
/// let byName: ColumnRef = "userId"      // .name("userId")
/// let byIndex: ColumnRef = 0            // .index(0)
/// ```
public enum ColumnRef: Sendable, Equatable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    CustomStringConvertible {
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
}

/// How to read a delimited interaction file (CSV, TSV, `::`-separated, ...): one interaction per
/// line, with user and item columns and optional rating and timestamp columns.
///
/// ```swift
/// // MovieLens ml-latest-small ratings.csv: userId,movieId,rating,timestamp
/// let options = DelimitedOptions(delimiter: ",", hasHeader: true,
///                                user: "userId", item: "movieId", rating: "rating", timestamp: "timestamp")
/// ```
public struct DelimitedOptions: Sendable, Equatable, Hashable {
    /// Field separator: one character (`,`, `\t`, `|`) or several (`::`).
    public var delimiter: String
    /// Whether the first data line (after comments) names the columns.
    public var hasHeader: Bool
    /// User id column.
    public var user: ColumnRef
    /// Item id column.
    public var item: ColumnRef
    /// Rating column; nil for implicit feedback.
    public var rating: ColumnRef?
    /// Timestamp column (integer or decimal seconds); nil when there is none.
    public var timestamp: ColumnRef?
    /// Text encoding of the file.
    public var encoding: TextEncoding
    /// Lines starting with this text are skipped (for example `#`); nil skips none.
    public var commentPrefix: String?

    /// Options for a file laid out as described; by default a header-less CSV of `user,item`.
    public init(delimiter: String = ",", hasHeader: Bool = false, user: ColumnRef = 0, item: ColumnRef = 1,
                rating: ColumnRef? = nil, timestamp: ColumnRef? = nil, encoding: TextEncoding = .utf8,
                commentPrefix: String? = nil) {
        self.delimiter = delimiter; self.hasHeader = hasHeader; self.user = user; self.item = item
        self.rating = rating; self.timestamp = timestamp; self.encoding = encoding; self.commentPrefix = commentPrefix
    }

    /// Stable text of every option (part of the cache key).
    public var cacheDescription: String {
        "delim=\(delimiter.debugDescription);header=\(hasHeader);user=\(user);item=\(item);"
            + "rating=\(rating.map { "\($0)" } ?? "none");time=\(timestamp.map { "\($0)" } ?? "none");"
            + "enc=\(encoding.rawValue);comment=\(commentPrefix?.debugDescription ?? "none")"
    }
}
