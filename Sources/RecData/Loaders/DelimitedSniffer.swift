import Foundation

/// Guesses the layout of a delimited interaction file from its first lines, the way a person
/// would: the separator that splits every sampled line into the same number (≥ 2) of fields, a
/// header when the first line's fields are not numbers where the next lines' are, and each column's
/// role from its header name (`user_id`, `movieId`, `rating`, `timestamp`…) or, without a header,
/// from its position (user, item, then rating and timestamp when present).
///
/// ```swift
/// let options = try DelimitedSniffer.sniff(path: "ratings.csv")
/// options.hasHeader          // true for "userId,movieId,rating,timestamp"
/// DelimitedSniffer.describe(options)   // "',' separated, header, user \"userId\", item \"movieId\", …"
/// ```
///
/// The guess is a convenience for `reclab data info FILE`; specs name the layout in
/// `dataset.delimited`, and the command line takes `--sep`, `--header` and `--columns`.
public enum DelimitedSniffer {
    /// Separators tried, longest first (so `::` wins over `:`).
    static let separators = ["::", "\t", ",", ";", "|", " "]
    /// Lines sampled.
    static let sampleLines = 20
    /// Header names of each role, compared lower-cased without `_`, `-` and spaces.
    static let roleNames: [(role: String, names: Set<String>)] = [
        ("user", ["user", "userid", "uid", "users", "customer", "customerid", "visitorid"]),
        ("item", ["item", "itemid", "iid", "movie", "movieid", "product", "productid", "artist", "artistid", "book", "isbn"]),
        ("rating", ["rating", "ratings", "score", "stars"]),
        ("timestamp", ["timestamp", "time", "ts", "datetime", "date", "unixtime"]),
    ]

    /// The layout of the file at `path`, guessed from its first lines.
    ///
    /// - Throws: `DataError` naming the file when it is empty or no separator splits its lines evenly.
    public static func sniff(path: String) throws -> DelimitedOptions {
        let (lines, comments) = try firstLines(path)
        guard !lines.isEmpty else { throw DataError.other("\(path): the file is empty") }
        guard var options = guess(lines) else {
            throw DataError.other("\(path): cannot tell the separator (tried " + separators.map { $0.debugDescription }.joined(separator: ", ")
                                  + "); give it with --sep, or name the layout in dataset.delimited")
        }
        if comments { options.commentPrefix = "#" }
        try options.requireValid()
        return options
    }

    /// The layout `lines` (a file's first lines, without comments) show, or nil when no separator
    /// splits them all into the same number (≥ 2) of fields.
    ///
    /// A header that names the user and item columns gives every role by name (a role it does not
    /// name is absent); any other file gives them by position: user, item, rating, timestamp.
    static func guess(_ lines: [String]) -> DelimitedOptions? {
        guard let separator = separators.first(where: { sep in
            let counts = Set(lines.map { $0.components(separatedBy: sep).count })
            return counts.count == 1 && counts.first! >= 2
        }) else { return nil }
        let rows = lines.map { $0.components(separatedBy: separator).map { $0.trimmingCharacters(in: .whitespaces) } }
        let hasHeader = rows.count > 1 && rows[0].indices.contains { c in Double(rows[0][c]) == nil && Double(rows[1][c]) != nil }
            || (rows.count == 1 && rows[0].allSatisfy { Double($0) == nil })
        var options = DelimitedOptions(delimiter: separator, hasHeader: hasHeader)
        let data = Array(rows.dropFirst(hasHeader ? 1 : 0))
        // A column empty on the first data row holds nothing (what `reclab data export` writes for
        // implicit data or data without timestamps); one whose values are all ≥ 10⁸ holds Unix times.
        func empty(_ c: Int) -> Bool { data.first.map { c >= $0.count || $0[c].isEmpty } ?? false }
        func times(_ c: Int) -> Bool { !data.isEmpty && data.allSatisfy { c < $0.count && (Double($0[c]) ?? 0) >= 1e8 } }
        var found: [String: Int] = [:]
        if hasHeader {
            for (c, name) in rows[0].enumerated() {
                let key = name.lowercased().filter { !"_- ".contains($0) }
                let bare = key.split(separator: ":").first.map(String.init) ?? key   // RecBole's "user_id:token"
                if let role = roleNames.first(where: { $0.names.contains(bare) })?.role, found[role] == nil { found[role] = c }
            }
        }
        if let user = found["user"], let item = found["item"] {
            func named(_ c: Int?) -> ColumnRef? { c.flatMap { empty($0) ? nil : .name(rows[0][$0]) } }
            options.user = .name(rows[0][user]); options.item = .name(rows[0][item])
            options.rating = named(found["rating"]); options.timestamp = named(found["timestamp"])
        } else {
            let width = rows[0].count
            // user, item, then rating and timestamp: a third column of Unix times is the timestamp.
            if width > 2 && times(2) { options.timestamp = 2 } else {
                options.rating = width > 2 && !empty(2) ? 2 : nil
                options.timestamp = width > 3 && !empty(3) ? 3 : nil
            }
        }
        return options
    }

    /// One line describing `options` for people (`',' separated, header, user "userId", …`).
    public static func describe(_ options: DelimitedOptions) -> String {
        var parts = ["\(options.delimiter.debugDescription) separated", options.hasHeader ? "header" : "no header",
                     "user \(options.user)", "item \(options.item)"]
        parts.append(options.rating.map { "rating \($0)" } ?? "no rating (implicit)")
        if let t = options.timestamp { parts.append("timestamp \(t)") }
        return parts.joined(separator: ", ")
    }

    /// Up to `sampleLines` non-empty lines from the start of the file (at most 1 MiB read), without
    /// the `#` comment lines, and whether there were any.
    private static func firstLines(_ path: String) throws -> (lines: [String], comments: Bool) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw DataError.missingFile(path: path) }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: 1 << 20) ?? Data()
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
        if data.count == 1 << 20, !lines.isEmpty { lines.removeLast() }   // the last line may be cut
        let kept = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }
        return (Array(kept.prefix(sampleLines)), kept.count < lines.count && lines.contains { $0.hasPrefix("#") })
    }
}
