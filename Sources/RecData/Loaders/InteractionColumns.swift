import RecCore

/// Accumulates interaction rows while a file is read and turns them into an `InteractionTable`.
struct InteractionColumns: Sendable {
    var users: [Int32] = []
    var items: [Int32] = []
    var ratings: [Float]?
    var timestamps: [Int64]?

    /// Empty columns; the rating and timestamp columns exist only when the source has them.
    init(hasRatings: Bool, hasTimestamps: Bool, capacity: Int = 0) {
        ratings = hasRatings ? [] : nil
        timestamps = hasTimestamps ? [] : nil
        users.reserveCapacity(capacity); items.reserveCapacity(capacity)
        ratings?.reserveCapacity(capacity); timestamps?.reserveCapacity(capacity)
    }

    /// Appends one event; `rating` / `timestamp` are ignored when the column is absent.
    @inline(__always)
    mutating func append(user: Int32, item: Int32, rating: Float? = nil, timestamp: Int64? = nil) {
        users.append(user); items.append(item)
        if ratings != nil { ratings!.append(rating ?? .nan) }
        if timestamps != nil { timestamps!.append(timestamp ?? 0) }
    }

    /// The finished table.
    var table: InteractionTable {
        InteractionTable(users: users, items: items, ratings: ratings, timestamps: timestamps)
    }
}

/// Number fields of interaction files, parsed with errors that name file, line and text.
extension TextFile {
    /// A rating: a decimal or floating-point number that is finite as a `Float` (`nan`, `inf` and
    /// `1e39` are errors here, not values every later mean and metric would inherit).
    func rating(_ field: ArraySlice<UInt8>, line: ArraySlice<UInt8>, number: Int) throws -> Float {
        guard let value = FieldParsing.double(field) else {
            throw malformed(line, number, "rating \"\(excerpt(FieldParsing.trimmed(field)))\" is not a number")
        }
        guard Float(value).isFinite else {
            throw malformed(line, number, "rating \"\(excerpt(FieldParsing.trimmed(field)))\" is not a finite number")
        }
        return Float(value)
    }

    /// A timestamp in seconds; fractional seconds (RecBole writes `881250949.0`) are truncated.
    func timestamp(_ field: ArraySlice<UInt8>, line: ArraySlice<UInt8>, number: Int) throws -> Int64 {
        if let value = FieldParsing.int64(field) { return value }
        guard let value = FieldParsing.double(field), value.isFinite,
              value < 9.2e18, value > -9.2e18 else {
            throw malformed(line, number, "timestamp \"\(excerpt(FieldParsing.trimmed(field)))\" is not a number")
        }
        return Int64(value.rounded(.down))
    }

    /// An identifier field, trimmed; empty is an error.
    func identifier(_ field: ArraySlice<UInt8>, what: String, line: ArraySlice<UInt8>, number: Int) throws -> String {
        let s = FieldParsing.trimmed(field)
        guard !s.isEmpty else { throw malformed(line, number, "empty \(what)") }
        // The cache stores ids as C strings, which end at the first NUL.
        guard !s.contains(0) else { throw malformed(line, number, "\(what) contains a NUL byte") }
        return string(s)
    }
}
