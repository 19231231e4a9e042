import Foundation
import RecCore

/// Loads a dataset in RecBole's atomic-file layout: a folder holding `<name>.inter` (required) and
/// optionally `<name>.user`, `<name>.item`, `<name>.kg` and `<name>.link`.
///
/// ```swift
/// let data = try AtomicFileLoader(folder: "datasets/ml-100k").load()
/// data.userCount                          // 943
/// data.knowledgeGraph?.tripleCount        // 91,631
/// ```
///
/// - `.inter`: user, item, optional rating and timestamp columns (named by `fields`); other columns
///   are ignored. Float timestamps are truncated to whole seconds.
/// - `.user` / `.item`: every column other than the id becomes an attribute: `token` →
///   `.categorical`, `float` → `.numeric` (`NaN` when empty), `token_seq` → `.multiCategorical`
///   (split on spaces). `float_seq` columns (pretrained vectors) are skipped: the schema has no
///   vector-valued attribute.
/// - Users and items are indexed in `.user` / `.item` file order first, then any new ids in the
///   order they appear in `.inter`.
/// - `.kg` (head, relation, tail) becomes the `KnowledgeGraph`; entities are indexed in triple
///   order, then entities that only occur in `.link`. `.link` (item, entity) fills `itemEntity`
///   (−1 where unlinked); links to items not in the dataset are ignored.
///
/// Format: RecBole atomic files (Zhao et al., "RecBole", CIKM 2021).
public struct AtomicFileLoader: DataLoader {
    /// The column names the loader looks for (RecBole's defaults).
    public struct FieldNames: Sendable, Equatable {
        /// User id column (`.inter`, `.user`).
        public var user = "user_id"
        /// Item id column (`.inter`, `.item`, `.link`).
        public var item = "item_id"
        /// Rating column of `.inter`; optional in the file.
        public var rating = "rating"
        /// Timestamp column of `.inter`; optional in the file.
        public var timestamp = "timestamp"
        /// Head entity column of `.kg`.
        public var head = "head_id"
        /// Relation column of `.kg`.
        public var relation = "relation_id"
        /// Tail entity column of `.kg`.
        public var tail = "tail_id"
        /// Entity column of `.link`.
        public var entity = "entity_id"

        /// RecBole's default names, each overridable.
        public init(user: String = "user_id", item: String = "item_id", rating: String = "rating",
                    timestamp: String = "timestamp") {
            self.user = user; self.item = item; self.rating = rating; self.timestamp = timestamp
        }
    }

    /// The folder holding the atomic files.
    public var folder: String
    /// The file stem (`ml-100k` for `ml-100k.inter`); nil picks the folder's name, or the only `.inter`.
    public var name: String?
    /// Column names to look for.
    public var fields: FieldNames

    /// A loader for the atomic files in `folder`.
    public init(folder: String, name: String? = nil, fields: FieldNames = FieldNames()) {
        self.folder = folder; self.name = name; self.fields = fields
    }

    /// The file stem in use: `name`, else the folder's own name if `<folder>.inter` exists, else the
    /// only `.inter` file in the folder.
    public func resolvedName() throws -> String {
        if let name { return name }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataError.missingFile(path: folder)
        }
        let own = URL(fileURLWithPath: folder).lastPathComponent
        if FileManager.default.fileExists(atPath: path(own, "inter")) { return own }
        let stems = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".inter") }.map { String($0.dropLast(6)) }.sorted()
        guard stems.count == 1 else {
            throw stems.isEmpty
                ? DataError.missingFile(path: path(own, "inter"))
                : DataError.invalidOption(name: "name", detail: "\(folder) holds several .inter files (\(stems.joined(separator: ", "))); name one")
        }
        return stems[0]
    }

    private func path(_ stem: String, _ ext: String) -> String {
        URL(fileURLWithPath: folder).appendingPathComponent("\(stem).\(ext)").path
    }

    /// The atomic files present, in the order `.inter`, `.user`, `.item`, `.kg`, `.link`.
    public func sourceFiles() throws -> [String] {
        let stem = try resolvedName()
        return ["inter", "user", "item", "kg", "link"].map { path(stem, $0) }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Reads every atomic file present.
    public func load() throws -> Dataset {
        let stem = try resolvedName()
        let interPath = path(stem, "inter")
        guard FileManager.default.fileExists(atPath: interPath) else { throw DataError.missingFile(path: interPath) }
        var users = IndexMap(), items = IndexMap()
        let userAttributes = try readEntities(path(stem, "user"), idField: fields.user, into: &users)
        let itemAttributes = try readEntities(path(stem, "item"), idField: fields.item, into: &items)
        let interactions = try readInteractions(interPath, users: &users, items: &items)
        let graph = try readKnowledgeGraph(kgPath: path(stem, "kg"), linkPath: path(stem, "link"), items: items)
        return Dataset(name: stem, users: users, items: items, interactions: interactions,
                       userAttributes: userAttributes?.build(count: users.count) ?? AttributeTable(),
                       itemAttributes: itemAttributes?.build(count: items.count) ?? AttributeTable(),
                       knowledgeGraph: graph)
    }

    private func readInteractions(_ file: String, users: inout IndexMap, items: inout IndexMap) throws -> InteractionTable {
        let table = try RecBoleAtomicFile(path: file)
        let u = try table.require(fields.user), i = try table.require(fields.item)
        let r = table.index(of: fields.rating), t = table.index(of: fields.timestamp)
        let text = table.text
        var columns = InteractionColumns(hasRatings: r != nil, hasTimestamps: t != nil)
        try table.forEachRow { f, line, number in
            let user = users.insert(try text.identifier(f[u], what: fields.user, line: line, number: number))
            let item = items.insert(try text.identifier(f[i], what: fields.item, line: line, number: number))
            columns.append(user: user, item: item,
                           rating: try r.map { try text.rating(f[$0], line: line, number: number) },
                           timestamp: try t.map { try text.timestamp(f[$0], line: line, number: number) })
        }
        return columns.table
    }

    /// Reads a `.user` / `.item` file if present: registers its ids and collects attribute columns.
    private func readEntities(_ file: String, idField: String, into map: inout IndexMap) throws -> AttributeTableBuilder? {
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        let table = try RecBoleAtomicFile(path: file)
        let id = try table.require(idField)
        var builder = AttributeTableBuilder()
        var slots = [(column: Int, slot: Int, type: RecBoleAtomicFile.FieldType)]()
        for (k, column) in table.columns.enumerated() where k != id {
            switch column.type {
            case .token: slots.append((k, builder.add(column.name, AttributeBuilder(.categorical)), .token))
            case .float: slots.append((k, builder.add(column.name, AttributeBuilder(.numeric)), .float))
            case .tokenSequence: slots.append((k, builder.add(column.name, AttributeBuilder(.multi)), .tokenSequence))
            case .floatSequence: continue
            }
        }
        let text = table.text
        try table.forEachRow { f, line, number in
            let entity = map.insert(try text.identifier(f[id], what: idField, line: line, number: number))
            for (column, slot, type) in slots {
                let field = FieldParsing.trimmed(f[column])
                switch type {
                case .token:
                    builder.builders[slot].setCategory(entity, text.string(field))
                case .float:
                    if field.isEmpty { builder.builders[slot].setNumber(entity, .nan); continue }
                    guard let value = FieldParsing.double(field) else {
                        throw text.malformed(line, number, "\(table.columns[column].name) \"\(text.excerpt(field))\" is not a number")
                    }
                    builder.builders[slot].setNumber(entity, Float(value))
                case .tokenSequence:
                    builder.builders[slot].setCategories(
                        entity, field.split(separator: 0x20).map { text.string($0) })
                case .floatSequence:
                    break
                }
            }
        }
        return builder
    }

    private func readKnowledgeGraph(kgPath: String, linkPath: String, items: IndexMap) throws -> KnowledgeGraph? {
        let fm = FileManager.default
        let hasKG = fm.fileExists(atPath: kgPath), hasLink = fm.fileExists(atPath: linkPath)
        guard hasKG || hasLink else { return nil }
        var entities = IndexMap(), relations = IndexMap()
        var heads = [Int32](), rels = [Int32](), tails = [Int32]()
        if hasKG {
            let kg = try RecBoleAtomicFile(path: kgPath)
            let h = try kg.require(fields.head), r = try kg.require(fields.relation), t = try kg.require(fields.tail)
            let text = kg.text
            try kg.forEachRow { f, line, number in
                heads.append(entities.insert(try text.identifier(f[h], what: fields.head, line: line, number: number)))
                rels.append(relations.insert(try text.identifier(f[r], what: fields.relation, line: line, number: number)))
                tails.append(entities.insert(try text.identifier(f[t], what: fields.tail, line: line, number: number)))
            }
        }
        var itemEntity = [Int32](repeating: -1, count: items.count)
        if hasLink {
            let link = try RecBoleAtomicFile(path: linkPath)
            let i = try link.require(fields.item), e = try link.require(fields.entity)
            let text = link.text
            try link.forEachRow { f, line, number in
                let itemID = try text.identifier(f[i], what: fields.item, line: line, number: number)
                let entityID = try text.identifier(f[e], what: fields.entity, line: line, number: number)
                if let item = items.index(of: itemID) { itemEntity[Int(item)] = entities.insert(entityID) }
            }
        }
        return KnowledgeGraph(entities: entities, relations: relations, heads: heads, relationOfTriple: rels,
                              tails: tails, itemEntity: itemEntity)
    }
}
