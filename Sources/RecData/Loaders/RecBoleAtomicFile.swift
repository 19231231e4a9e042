import Foundation

/// One RecBole atomic file (`.inter`, `.user`, `.item`, `.kg`, `.link`): a tab-separated table whose
/// first line types every column as `name:type`.
///
/// ```text
/// user_id:token	item_id:token	rating:float	timestamp:float
/// 196	242	3	881250949
/// ```
/// Format: RecBole's "atomic files" (Zhao et al., RecBole, CIKM 2021; recbole.io/atomic_files.html).
struct RecBoleAtomicFile: Sendable {
    /// Column types of atomic files.
    enum FieldType: String, Sendable {
        /// A single identifier or category.
        case token
        /// Space-separated identifiers or categories.
        case tokenSequence = "token_seq"
        /// A number.
        case float
        /// Space-separated numbers.
        case floatSequence = "float_seq"
    }

    /// One header column.
    struct Column: Sendable {
        let name: String
        let type: FieldType
    }

    let text: TextFile
    let columns: [Column]
    private let headerLine: Int

    /// Reads the file and its typed header. No header line is `emptyFile`; a column without a
    /// known `:type` is `badHeader`.
    init(path: String) throws {
        text = try TextFile(contentsOf: path, encoding: .utf8)
        var header: (ArraySlice<UInt8>, Int)?
        try text.forEachLine { line, number in if header == nil { header = (line, number) } }
        guard let (line, number) = header else { throw DataError.emptyFile(path: path) }
        headerLine = number
        var parsed = [Column]()
        let headerText = text.string(line)
        for raw in headerText.split(separator: "\t", omittingEmptySubsequences: false) {
            let field = raw.trimmingCharacters(in: .whitespaces)
            guard let colon = field.lastIndex(of: ":"),
                  let type = FieldType(rawValue: String(field[field.index(after: colon)...])) else {
                throw DataError.badHeader(
                    file: path,
                    detail: "column \"\(field)\" is not name:type with type token, token_seq, float or float_seq in \"\(headerText)\"")
            }
            parsed.append(Column(name: String(field[..<colon]), type: type))
        }
        columns = parsed
    }

    /// Position of the column called `name`, if any.
    func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// Position of the column called `name`; absent is `badHeader` listing the columns there are.
    func require(_ name: String) throws -> Int {
        guard let k = index(of: name) else {
            throw DataError.badHeader(
                file: text.path,
                detail: "no column \"\(name)\" (columns: \(columns.map { "\($0.name):\($0.type.rawValue)" }.joined(separator: ", ")))")
        }
        return k
    }

    /// Calls `body` with the fields of every data line. A line whose field count differs from the
    /// header's is `malformedLine`; a file with no data lines is `emptyFile`.
    func forEachRow(_ body: (_ fields: [ArraySlice<UInt8>], _ line: ArraySlice<UInt8>, _ number: Int) throws -> Void) throws {
        var fields = [ArraySlice<UInt8>]()
        fields.reserveCapacity(columns.count)
        let splitter = try FieldSplitter("\t")
        var rows = 0
        try text.forEachLine { line, number in
            guard number > headerLine else { return }
            splitter.split(line, into: &fields)
            guard fields.count == columns.count else {
                throw text.malformed(line, number, "expected \(columns.count) tab-separated fields, found \(fields.count)")
            }
            rows += 1
            try body(fields, line, number)
        }
        if rows == 0 { throw DataError.emptyFile(path: text.path) }
    }
}
