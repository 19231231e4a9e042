import RecCore

/// Turns the results of a SQL source's queries into a `Dataset`, the way `AtomicFileLoader` reads
/// `.inter`, `.user` and `.item` files.
///
/// - **interactions**: by name when the result has a user column (`user_id` or `user`) and an item
///   column (`item_id` or `item`); `rating` and `timestamp` (or `ts`) are then optional and any
///   other column is an error. Otherwise by position: 2 to 4 columns, read as user, item, rating,
///   timestamp. Names match case-insensitively (PostgreSQL reports unquoted names in lower case).
/// - Ids are integers or text (an integer id `196` is the id `"196"`, as in a text file); ratings
///   are numbers; timestamps are numbers of seconds (a real is truncated; PostgreSQL `timestamp` /
///   `timestamptz` / `date` values arrive as seconds since the epoch). A NULL or a value of
///   another type is an error naming the query and the 1-based row.
/// - **users** / **items**: the id column is `user_id` / `item_id` (or `user` / `item`) when
///   present, else the first column; every other column becomes an attribute, numeric when all its
///   non-NULL values are numbers, categorical when all are text (cast a numeric code with
///   `CAST(zip AS TEXT)` to make it categorical); NULL is a missing value. An id listed twice is
///   an error.
/// - Users and items are indexed in the order of the users / items query first, then in the order
///   new ids appear in the interactions; add `ORDER BY` for an order that does not depend on the
///   database's plan.
public struct SQLTableReader: Sendable {
    /// The JSON path the queries were written under (`dataset.source`), for errors.
    public var origin: String

    /// A reader whose errors name `origin`.
    public init(origin: String) { self.origin = origin }

    /// The dataset named `name` from the interactions result and the optional user and item results,
    /// each given with the query text that produced it.
    public func dataset(name: String, interactions: (query: String, result: SQLResult),
                        users: (query: String, result: SQLResult)?, items: (query: String, result: SQLResult)?) throws -> Dataset {
        var userMap = IndexMap(), itemMap = IndexMap()
        let userAttributes = try users.map { try entities($0.result, query: $0.query, key: "users", idNames: ["user_id", "user"], into: &userMap) }
        let itemAttributes = try items.map { try entities($0.result, query: $0.query, key: "items", idNames: ["item_id", "item"], into: &itemMap) }
        let table = try self.interactions(interactions.result, query: interactions.query, users: &userMap, items: &itemMap)
        return Dataset(name: name, users: userMap, items: itemMap, interactions: table,
                       userAttributes: userAttributes?.build(count: userMap.count) ?? AttributeTable(),
                       itemAttributes: itemAttributes?.build(count: itemMap.count) ?? AttributeTable())
    }

    // MARK: - Interactions

    /// Column positions of user, item, rating and timestamp in an interactions result.
    struct InteractionLayout: Equatable {
        var user: Int, item: Int, rating: Int?, timestamp: Int?
    }

    static let columnNames = (user: ["user_id", "user"], item: ["item_id", "item"], rating: ["rating"], timestamp: ["timestamp", "ts"])

    /// The layout of `columns`, by name when the user and item columns are named, else by position.
    func interactionLayout(_ columns: [String], query: String) throws -> InteractionLayout {
        let names = columns.map { $0.lowercased() }
        let c = Self.columnNames
        func find(_ candidates: [String]) -> Int? { names.firstIndex(where: candidates.contains) }
        if let u = find(c.user), let i = find(c.item) {
            let layout = InteractionLayout(user: u, item: i, rating: find(c.rating), timestamp: find(c.timestamp))
            let used = [layout.user, layout.item, layout.rating, layout.timestamp].compactMap { $0 }
            if let extra = columns.indices.first(where: { !used.contains($0) }) {
                throw DataError.query(origin: origin, key: "interactions", query: query, row: nil,
                                      detail: "column '\(columns[extra])' is none of user_id, item_id, rating, timestamp (or ts); "
                                          + "leave it out of the SELECT or rename it with AS")
            }
            return layout
        }
        guard (2...4).contains(columns.count) else {
            throw DataError.query(origin: origin, key: "interactions", query: query, row: nil,
                                  detail: "expected columns named user_id and item_id, or 2 to 4 columns read by position as "
                                      + "user, item, rating, timestamp; got \(columns.count) (\(columns.joined(separator: ", ")))")
        }
        return InteractionLayout(user: 0, item: 1, rating: columns.count > 2 ? 2 : nil, timestamp: columns.count > 3 ? 3 : nil)
    }

    private func interactions(_ result: SQLResult, query: String, users: inout IndexMap, items: inout IndexMap) throws -> InteractionTable {
        guard !result.rows.isEmpty else {
            throw DataError.query(origin: origin, key: "interactions", query: query, row: nil, detail: "the query returned no rows")
        }
        let layout = try interactionLayout(result.columns, query: query)
        var columns = InteractionColumns(hasRatings: layout.rating != nil, hasTimestamps: layout.timestamp != nil,
                                         capacity: result.rows.count)
        for (k, row) in result.rows.enumerated() {
            let cell = Cell(reader: self, key: "interactions", query: query, row: k + 1, columns: result.columns)
            let user = users.insert(try cell.identifier(row, layout.user))
            let item = items.insert(try cell.identifier(row, layout.item))
            columns.append(user: user, item: item, rating: try layout.rating.map { try cell.rating(row, $0) },
                           timestamp: try layout.timestamp.map { try cell.timestamp(row, $0) })
        }
        return columns.table
    }

    // MARK: - Users and items

    private func entities(_ result: SQLResult, query: String, key: String, idNames: [String],
                          into map: inout IndexMap) throws -> AttributeTableBuilder {
        var builder = AttributeTableBuilder()
        // PostgreSQL reports no columns for an empty result: no rows, no attributes.
        guard !result.rows.isEmpty else { return builder }
        let id = result.columns.firstIndex(where: { idNames.contains($0.lowercased()) }) ?? 0
        var slots = [(column: Int, slot: Int, numeric: Bool)]()
        for c in result.columns.indices where c != id {
            let numeric = try columnIsNumeric(result, c, query: query, key: key)
            slots.append((c, builder.add(result.columns[c], AttributeBuilder(numeric ? .numeric : .categorical)), numeric))
        }
        var firstRow = [Int32: Int]()
        for (k, row) in result.rows.enumerated() {
            let cell = Cell(reader: self, key: key, query: query, row: k + 1, columns: result.columns)
            let before = map.count
            let entity = map.insert(try cell.identifier(row, id))
            if map.count == before {
                throw cell.error("\(result.columns[id]) \(row[id].shown) is listed twice (first at row \(firstRow[entity] ?? 0))")
            }
            firstRow[entity] = k + 1
            for (column, slot, numeric) in slots {
                switch row[column] {
                case .null: break   // a missing value: what the builder fills in
                case .integer(let v): builder.builders[slot].setNumber(entity, Float(v))
                case .real(let v) where numeric: builder.builders[slot].setNumber(entity, Float(v))
                case .real(let v): builder.builders[slot].setCategory(entity, String(v))
                case .text(let s): builder.builders[slot].setCategory(entity, s)
                }
            }
        }
        return builder
    }

    /// Whether every non-NULL value of column `c` is a number (else every one must be text).
    private func columnIsNumeric(_ result: SQLResult, _ c: Int, query: String, key: String) throws -> Bool {
        var first: (row: Int, numeric: Bool)?
        for (k, row) in result.rows.enumerated() {
            let numeric: Bool
            switch row[c] {
            case .null: continue
            case .integer, .real: numeric = true
            case .text: numeric = false
            }
            guard let f = first else { first = (k + 1, numeric); continue }
            if f.numeric != numeric {
                throw DataError.query(origin: origin, key: key, query: query, row: k + 1,
                                      detail: "column '\(result.columns[c])' is \(row[c].described) here but "
                                          + "\(f.numeric ? "a number" : "text") at row \(f.row); one attribute column holds numbers "
                                          + "or text, not both (CAST it in the query)")
            }
        }
        return first?.numeric ?? true
    }

    // MARK: - Values

    /// One row of one query, for reading values with errors that name the query, row and column.
    private struct Cell {
        let reader: SQLTableReader, key: String, query: String, row: Int, columns: [String]

        func error(_ detail: String) -> DataError {
            .query(origin: reader.origin, key: key, query: query, row: row, detail: detail)
        }

        func identifier(_ values: [SQLValue], _ c: Int) throws -> String {
            switch values[c] {
            case .integer(let v): return String(v)
            case .text(let s):
                guard !s.isEmpty else { throw error("\(columns[c]) is empty") }
                // The cache stores ids as C strings, which end at the first NUL.
                guard !s.contains("\0") else { throw error("\(columns[c]) contains a NUL character") }
                return s
            case let v: throw error("\(columns[c]) is \(v.described); ids are integers or text")
            }
        }

        func rating(_ values: [SQLValue], _ c: Int) throws -> Float {
            let value: Double
            switch values[c] {
            case .integer(let v): value = Double(v)
            case .real(let v): value = v
            case let v: throw error("\(columns[c]) is \(v.described); ratings are numbers")
            }
            guard Float(value).isFinite else { throw error("\(columns[c]) \(value) is not a finite number") }
            return Float(value)
        }

        func timestamp(_ values: [SQLValue], _ c: Int) throws -> Int64 {
            switch values[c] {
            case .integer(let v): return v
            case .real(let v) where v.isFinite && v < 9.2e18 && v > -9.2e18: return Int64(v.rounded(.down))
            case let v: throw error("\(columns[c]) is \(v.described); timestamps are numbers of seconds")
            }
        }
    }
}
