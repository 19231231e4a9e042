import Foundation
import RecCore
import RecData

/// Writes a `Dataset` as RecBole atomic files (`<stem>.inter`, `.user`, `.item`, `.kg`, `.link`), so a
/// test can make a dataset with side data of any size (from `SyntheticGenerator`) and read it back
/// through `AtomicFileLoader` as real data is read.
///
/// ```swift
/// let folder = try AtomicWriter.write(SyntheticGenerator(.small).generate(), stem: "side", in: dir)
/// ```
///
/// Attribute columns become `token` (categorical), `float` (numeric; `NaN` written empty) and
/// `token_seq` (multi-categorical, space-separated; levels must not contain spaces) fields. With
/// `reversingEntityFiles`, `.user` and `.item` list their entities last index first, so the index
/// order `AtomicFileLoader` gives (entity files first) differs from the order in which users and
/// items first appear in the interactions.
public enum AtomicWriter {
    /// Writes the files into `folder` (created if needed) and returns its path.
    @discardableResult
    public static func write(_ data: Dataset, stem: String, in folder: URL, reversingEntityFiles: Bool = false) throws -> String {
        func lines(_ header: [String], _ rows: some Sequence<[String]>) -> [UInt8] {
            Array(([header] + Array(rows)).map { $0.joined(separator: "\t") + "\n" }.joined().utf8)
        }
        let t = data.interactions
        var interHeader = ["user_id:token", "item_id:token"]
        if t.ratings != nil { interHeader.append("rating:float") }
        if t.timestamps != nil { interHeader.append("timestamp:float") }
        try LoaderFixtures.write(lines(interHeader, (0..<t.count).lazy.map { k in
            [data.users.id(at: t.users[k]), data.items.id(at: t.items[k])]
                + (t.ratings.map { [String($0[k])] } ?? []) + (t.timestamps.map { [String($0[k])] } ?? [])
        }), to: "\(stem).inter", in: folder)
        for (ext, idField, ids, table) in [("user", "user_id", data.users, data.userAttributes),
                                            ("item", "item_id", data.items, data.itemAttributes)] where !table.isEmpty {
            let order = reversingEntityFiles ? Array((0..<ids.count).reversed()) : Array(0..<ids.count)
            let header = ["\(idField):token"] + zip(table.names, table.columns).map { name, column in
                switch column {
                case .categorical: return "\(name):token"
                case .numeric: return "\(name):float"
                case .multiCategorical: return "\(name):token_seq"
                }
            }
            try LoaderFixtures.write(lines(header, order.lazy.map { e in
                [ids.id(at: Int32(e))] + table.columns.map { field($0, e) }
            }), to: "\(stem).\(ext)", in: folder)
        }
        if let graph = data.knowledgeGraph {
            try LoaderFixtures.write(lines(["head_id:token", "relation_id:token", "tail_id:token"], (0..<graph.tripleCount).lazy.map { k in
                [graph.entities.id(at: graph.heads[k]), graph.relations.id(at: graph.relationOfTriple[k]), graph.entities.id(at: graph.tails[k])]
            }), to: "\(stem).kg", in: folder)
            try LoaderFixtures.write(lines(["item_id:token", "entity_id:token"], graph.itemEntity.indices.lazy
                .filter { graph.itemEntity[$0] >= 0 }
                .map { [data.items.id(at: Int32($0)), graph.entities.id(at: graph.itemEntity[$0])] }), to: "\(stem).link", in: folder)
        }
        return folder.path
    }

    /// Entity `e`'s value of `column` as an atomic-file field.
    private static func field(_ column: AttributeColumn, _ e: Int) -> String {
        switch column {
        case let .categorical(codes, levels): return codes[e] < 0 ? "" : levels[Int(codes[e])]
        case let .numeric(values): return values[e].isNaN ? "" : String(values[e])
        case let .multiCategorical(indptr, codes, levels):
            return codes[indptr[e]..<indptr[e + 1]].map { code -> String in
                precondition(!levels[Int(code)].contains(" "), "token_seq level with a space: \(levels[Int(code)])")
                return levels[Int(code)]
            }.joined(separator: " ")
        }
    }
}
