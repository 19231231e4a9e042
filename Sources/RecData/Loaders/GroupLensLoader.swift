import Foundation
import RecCore

/// Loads the raw GroupLens MovieLens releases ML-100K and ML-1M, from the unpacked folder or
/// straight from the downloaded zip (entries may sit under an `ml-100k/` or `ml-1m/` folder).
///
/// ```swift
/// let data = try GroupLensLoader(path: "datasets/downloads/ml-100k.zip").load()
/// data.userAttributes["occupation"]     // .categorical over 21 occupations
/// data.itemAttributes["genres"]         // .multiCategorical over 19 genres
/// ```
///
/// The variant is recognised by its ratings file: `u.data` (ML-100K, tab-separated
/// `user item rating timestamp`) or `ratings.dat` (ML-1M, `UserID::MovieID::Rating::Timestamp`).
/// The user and item files are optional; when present they give
/// - users: `age` (numeric; ML-1M stores the age-group code), `gender`, `occupation` (ML-1M: the
///   occupation code as text) and `zip` (categorical);
/// - items: `genres` (multi-categorical, levels in the release's genre order) and `year` (numeric,
///   from the ML-100K release date, else from the "(1995)" in the title; `NaN` when neither).
/// Item files are Latin-1 (titles such as "Café" are written as byte 0xE9); the rest is ASCII.
/// Users and items are indexed in user/item file order, then new ids in rating-file order.
///
/// Source: F. M. Harper and J. A. Konstan, "The MovieLens Datasets: History and Context", ACM TiiS 2015.
public struct GroupLensLoader: DataLoader {
    /// The MovieLens release.
    public enum Variant: String, Sendable, Equatable, CaseIterable {
        /// 100,000 ratings, 943 users, 1,682 movies (`u.data`, `u.user`, `u.item`).
        case ml100k = "ml-100k"
        /// 1,000,209 ratings, 6,040 users, 3,706 rated movies (`ratings.dat`, `users.dat`, `movies.dat`).
        case ml1m = "ml-1m"

        /// The ratings, users and items file names.
        var fileNames: (ratings: String, users: String, items: String) {
            switch self {
            case .ml100k: return ("u.data", "u.user", "u.item")
            case .ml1m: return ("ratings.dat", "users.dat", "movies.dat")
            }
        }
    }

    /// The 19 ML-100K genres, in the order of the `u.item` flag columns.
    public static let ml100kGenres = [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
        "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ]

    /// A folder or zip archive holding one release.
    public var path: String

    /// A loader for the release at `path` (folder or `.zip`).
    public init(path: String) { self.path = path }

    /// Which release `path` holds; neither ratings file present is an error naming both.
    public func variant() throws -> Variant {
        try Self.variant(of: FileSource(path: path))
    }

    static func variant(of source: FileSource) throws -> Variant {
        if source.contains("u.data") { return .ml100k }
        if source.contains("ratings.dat") { return .ml1m }
        throw DataError.missingFile(path: source.displayPath("u.data") + " (or ratings.dat)")
    }

    /// The archive, or the release's files present in the folder.
    public func sourceFiles() throws -> [String] {
        let source = try FileSource(path: path)
        let names = try Self.variant(of: source).fileNames
        return source.sourceFiles([names.ratings, names.users, names.items])
    }

    /// Reads the release.
    public func load() throws -> Dataset {
        let source = try FileSource(path: path)
        let variant = try Self.variant(of: source)
        let names = variant.fileNames
        var users = IndexMap(), items = IndexMap()
        var userAttributes: AttributeTableBuilder?
        var itemAttributes: AttributeTableBuilder?
        if source.contains(names.users) {
            userAttributes = try readUsers(source.text(names.users, encoding: .utf8), variant, into: &users)
        }
        if source.contains(names.items) {
            itemAttributes = try readItems(source.text(names.items, encoding: .latin1), variant, into: &items)
        }
        let ratings = try readRatings(source.text(names.ratings, encoding: .utf8), variant, users: &users, items: &items)
        return Dataset(name: variant.rawValue, users: users, items: items, interactions: ratings,
                       userAttributes: userAttributes?.build(count: users.count) ?? AttributeTable(),
                       itemAttributes: itemAttributes?.build(count: items.count) ?? AttributeTable())
    }

    private func readRatings(_ file: TextFile, _ variant: Variant, users: inout IndexMap, items: inout IndexMap) throws
        -> InteractionTable {
        let splitter = try FieldSplitter(variant == .ml100k ? "\t" : "::")
        var columns = InteractionColumns(hasRatings: true, hasTimestamps: true, capacity: file.bytes.count / 20)
        try file.forEachRecord(splitter, fieldCount: 4) { f, line, number in
            let user = users.insert(try file.identifier(f[0], what: "user id", line: line, number: number))
            let item = items.insert(try file.identifier(f[1], what: "item id", line: line, number: number))
            columns.append(user: user, item: item, rating: try file.rating(f[2], line: line, number: number),
                           timestamp: try file.timestamp(f[3], line: line, number: number))
        }
        return columns.table
    }

    private func readUsers(_ file: TextFile, _ variant: Variant, into users: inout IndexMap) throws -> AttributeTableBuilder {
        // ML-100K: id|age|gender|occupation|zip; ML-1M: UserID::Gender::Age::Occupation::Zip-code.
        let splitter = try FieldSplitter(variant == .ml100k ? "|" : "::")
        let (age, gender) = variant == .ml100k ? (1, 2) : (2, 1)
        var table = AttributeTableBuilder()
        table.add("age", AttributeBuilder(.numeric))
        table.add("gender", AttributeBuilder(.categorical))
        table.add("occupation", AttributeBuilder(.categorical))
        table.add("zip", AttributeBuilder(.categorical))
        try file.forEachRecord(splitter, fieldCount: 5) { f, line, number in
            let user = users.insert(try file.identifier(f[0], what: "user id", line: line, number: number))
            let ageField = FieldParsing.trimmed(f[age])
            var ageValue = Float.nan
            if !ageField.isEmpty {
                guard let value = FieldParsing.double(ageField) else {
                    throw file.malformed(line, number, "age \"\(file.excerpt(ageField))\" is not a number")
                }
                ageValue = Float(value)
            }
            table.builders[0].setNumber(user, ageValue)
            table.builders[1].setCategory(user, file.string(FieldParsing.trimmed(f[gender])))
            table.builders[2].setCategory(user, file.string(FieldParsing.trimmed(f[3])))
            table.builders[3].setCategory(user, file.string(FieldParsing.trimmed(f[4])))
        }
        return table
    }

    private func readItems(_ file: TextFile, _ variant: Variant, into items: inout IndexMap) throws -> AttributeTableBuilder {
        var table = AttributeTableBuilder()
        table.add("genres", AttributeBuilder(.multi, levels: variant == .ml100k ? Self.ml100kGenres : Array(Self.ml100kGenres.dropFirst())))
        table.add("year", AttributeBuilder(.numeric))
        switch variant {
        case .ml100k:
            // id|title|release date|video release date|IMDb URL|19 genre flags
            try file.forEachRecord(FieldSplitter("|"), fieldCount: 5 + Self.ml100kGenres.count) { f, line, number in
                let item = items.insert(try file.identifier(f[0], what: "item id", line: line, number: number))
                var genres = [String]()
                for (k, genre) in Self.ml100kGenres.enumerated() {
                    switch FieldParsing.trimmed(f[5 + k]).first {
                    case 0x31: genres.append(genre)
                    case 0x30: break
                    default:
                        throw file.malformed(line, number, "genre flag \(genre) is \"\(file.excerpt(f[5 + k]))\", not 0 or 1")
                    }
                }
                table.builders[0].setCategories(item, genres)
                let year = Self.year(releaseDate: file.string(f[2])) ?? Self.year(title: file.string(f[1]))
                table.builders[1].setNumber(item, year.map(Float.init) ?? .nan)
            }
        case .ml1m:
            // MovieID::Title::Genres (Genres joined by |)
            try file.forEachRecord(FieldSplitter("::"), fieldCount: 3) { f, line, number in
                let item = items.insert(try file.identifier(f[0], what: "item id", line: line, number: number))
                let genres = FieldParsing.trimmed(f[2]).split(separator: UInt8(ascii: "|")).map { file.string($0) }
                table.builders[0].setCategories(item, genres)
                table.builders[1].setNumber(item, Self.year(title: file.string(f[1])).map(Float.init) ?? .nan)
            }
        }
        return table
    }

    /// The year of an ML-100K release date such as `01-Jan-1995`.
    static func year(releaseDate: String) -> Int? {
        let trimmed = releaseDate.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 4, let year = Int(trimmed.suffix(4)), year > 1000 else { return nil }
        return year
    }

    /// The year in parentheses at the end of a title such as `Toy Story (1995)` (the last
    /// `(dddd)` in the title, so `City of Lost Children, The (Cité des enfants perdus, La) (1995)` works).
    static func year(title: String) -> Int? {
        let chars = Array(title.utf8)
        var k = chars.count - 6
        while k >= 0 {
            if chars[k] == UInt8(ascii: "("), chars[k + 5] == UInt8(ascii: ")"),
               chars[(k + 1)...(k + 4)].allSatisfy({ $0 &- 0x30 < 10 }) {
                return Int(String(decoding: chars[(k + 1)...(k + 4)], as: UTF8.self))
            }
            k -= 1
        }
        return nil
    }
}
