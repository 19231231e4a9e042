import Foundation
import RecCore

/// Loads interactions from one delimited text file described by `DelimitedOptions`.
///
/// ```swift
/// let loader = DelimitedLoader(path: "ratings.csv",
///                              options: DelimitedOptions(delimiter: ",", hasHeader: true, user: "userId",
///                                                        item: "movieId", rating: "rating"))
/// let data = try loader.load()
/// ```
///
/// Users and items are indexed in order of first appearance. Every line must have as many fields as
/// the header (or, without a header, as the first data line); a wrong count, a rating or timestamp
/// that is not a number, or a named column missing from the header is an error naming the file, the
/// 1-based line and the offending text. Blank lines and comment lines are skipped.
public struct DelimitedLoader: DataLoader {
    /// The file to read.
    public var path: String
    /// Its layout.
    public var options: DelimitedOptions
    /// Dataset name; nil uses the file name without extension.
    public var name: String?

    /// A loader for `path` laid out as `options`.
    public init(path: String, options: DelimitedOptions = DelimitedOptions(), name: String? = nil) {
        self.path = path; self.options = options; self.name = name
    }

    /// The one file read.
    public func sourceFiles() throws -> [String] { [path] }

    /// Reads the file.
    public func load() throws -> Dataset {
        var users = IndexMap(), items = IndexMap()
        let interactions = try DelimitedReader(options: options).read(path, users: &users, items: &items)
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return Dataset(name: name ?? stem, users: users, items: items, interactions: interactions)
    }
}

/// The parsing behind `DelimitedLoader` and `PredefinedSplitLoader`: reads one file into
/// interactions over shared index maps.
struct DelimitedReader: Sendable {
    let options: DelimitedOptions

    /// Reads `path`, inserting new users and items into the maps in order of appearance.
    func read(_ path: String, users: inout IndexMap, items: inout IndexMap) throws -> InteractionTable {
        let file = try TextFile(contentsOf: path, encoding: options.encoding)
        return try read(file, users: &users, items: &items)
    }

    /// Reads an in-memory file (see `read(_:users:items:)`).
    func read(_ file: TextFile, users: inout IndexMap, items: inout IndexMap) throws -> InteractionTable {
        try options.requireValid()
        let splitter = try FieldSplitter(options.delimiter)
        let comment = options.commentPrefix.map { Array($0.utf8) }.flatMap { $0.isEmpty ? nil : $0 }
        var fields = [ArraySlice<UInt8>]()
        var positions: (user: Int, item: Int, rating: Int?, timestamp: Int?)?
        var expected = 0
        var columns = InteractionColumns(hasRatings: options.rating != nil, hasTimestamps: options.timestamp != nil,
                                         capacity: file.bytes.count / 16)
        func append(_ f: [ArraySlice<UInt8>], _ p: (user: Int, item: Int, rating: Int?, timestamp: Int?),
                    _ line: ArraySlice<UInt8>, _ number: Int) throws {
            let user = users.insert(try file.identifier(f[p.user], what: "user id", line: line, number: number))
            let item = items.insert(try file.identifier(f[p.item], what: "item id", line: line, number: number))
            columns.append(user: user, item: item,
                           rating: try p.rating.map { try file.rating(f[$0], line: line, number: number) },
                           timestamp: try p.timestamp.map { try file.timestamp(f[$0], line: line, number: number) })
        }

        try file.forEachLine { line, number in
            if let comment, line.starts(with: comment) { return }
            splitter.split(line, into: &fields)
            guard let p = positions else {
                if options.hasHeader {
                    let names = fields.map { file.string(FieldParsing.trimmed($0)) }
                    positions = try resolve(names: names, file: file, headerText: file.string(line))
                    expected = names.count
                    return
                }
                positions = try resolve(names: nil, file: file, headerText: "")
                expected = fields.count
                let needed = [positions!.user, positions!.item, positions!.rating, positions!.timestamp]
                    .compactMap { $0 }.max()! + 1
                if needed > expected {
                    throw file.malformed(line, number, "column #\(needed - 1) requested but the line has \(expected) fields")
                }
                try append(fields, positions!, line, number)
                return
            }
            guard fields.count == expected else {
                throw file.malformed(line, number, "expected \(expected) fields separated by \(options.delimiter.debugDescription), found \(fields.count)")
            }
            try append(fields, p, line, number)
        }
        if columns.users.isEmpty { throw DataError.emptyFile(path: file.path) }
        return columns.table
    }

    /// Column positions for the options, against the header `names` when there is one.
    private func resolve(names: [String]?, file: TextFile, headerText: String) throws
        -> (user: Int, item: Int, rating: Int?, timestamp: Int?) {
        func position(_ ref: ColumnRef, _ role: String) throws -> Int {
            switch ref {
            case .name(let n):
                guard let names else {
                    throw DataError.invalidOption(name: role, detail: "column \"\(n)\" is given by name but the file has no header (set \"header\": true or give a 0-based column index)")
                }
                guard let k = names.firstIndex(of: n) else {
                    throw DataError.badHeader(file: file.path, detail: "no \(role) column named \"\(n)\" in header \"\(headerText)\"")
                }
                return k
            case .index(let k):
                guard k >= 0 else { throw DataError.invalidOption(name: role, detail: "column index \(k) is negative") }
                if let names, k >= names.count {
                    throw DataError.badHeader(file: file.path, detail: "\(role) column #\(k) but header \"\(headerText)\" has \(names.count) fields")
                }
                return k
            }
        }
        return (try position(options.user, "user"), try position(options.item, "item"),
                try options.rating.map { try position($0, "rating") },
                try options.timestamp.map { try position($0, "timestamp") })
    }
}
