import RecCore
import RecHDF5

/// Reads and writes a `Dataset` (and optionally its `DataSplit`) as one HDF5 file in the layout
/// documented in `docs/cache-format.md`, so h5py and `h5dump` users can read a cache without RecLab.
///
/// Layout (version 1):
///
///     /                         attrs: format="reclab-dataset", version=1, name, key, users, items, interactions
///     /users/ids, /items/ids    external ids (strings), index = dense id
///     /interactions/{user,item,rating,timestamp}   all interactions (rating, timestamp optional)
///     /split/{train,validation,test}/{user,item,rating,timestamp}
///     /split/train_csr/{indptr,indices,data}       attrs: shape=[users, items]
///     /user_attributes/<name>/  attr kind = categorical | numeric | multi
///         categorical: codes (int32, −1 missing), levels (strings)
///         numeric:     values (float32, NaN missing)
///         multi:       indptr (int64), codes (int32), levels (strings)
///     /item_attributes/<name>/  same
///     /kg/{entities,relations} (strings), /kg/{head,relation,tail,item_entity} (int32)
public enum CacheFormat {
    /// Layout version; bump when the layout changes (old entries are then rebuilt).
    public static let version: Int64 = 1

    /// Writes `dataset` (and `split` if given) into `file`, tagging it with `key`.
    public static func write(_ dataset: Dataset, split: DataSplit?, key: String, to file: HDF5File) throws {
        try write(dataset, split: split, key: key, into: file.root)
    }

    /// Writes `dataset` (and `split`) into `root` in the same layout, as a group of another file (a
    /// saved model carries the data it was trained on).
    public static func write(_ dataset: Dataset, split: DataSplit?, key: String, into root: HDF5Group) throws {
        try root.setAttribute("format", "reclab-dataset")
        try root.setAttribute("version", version)
        try root.setAttribute("name", dataset.name)
        try root.setAttribute("key", key)
        try root.setAttribute("users", Int64(dataset.userCount))
        try root.setAttribute("items", Int64(dataset.itemCount))
        try root.setAttribute("interactions", Int64(dataset.interactions.count))
        try root.createGroup("users").writeStrings("ids", dataset.users.ids)
        try root.createGroup("items").writeStrings("ids", dataset.items.ids)
        try writeTable(dataset.interactions, into: root.createGroup("interactions"))
        if let split {
            let g = try root.createGroup("split")
            try writeTable(split.train, into: g.createGroup("train"))
            try writeTable(split.validation, into: g.createGroup("validation"))
            try writeTable(split.test, into: g.createGroup("test"))
            let csr = split.train.byUser(userCount: dataset.userCount, itemCount: dataset.itemCount)
            let c = try g.createGroup("train_csr")
            try c.write("indptr", csr.indptr.map { Int64($0) })
            try c.write("indices", csr.indices)
            try c.write("data", csr.values)
            try c.setAttribute("rows", Int64(csr.rows))
            try c.setAttribute("cols", Int64(csr.cols))
        }
        try writeAttributes(dataset.userAttributes, into: root.createGroup("user_attributes"))
        try writeAttributes(dataset.itemAttributes, into: root.createGroup("item_attributes"))
        if let kg = dataset.knowledgeGraph {
            let g = try root.createGroup("kg")
            try g.writeStrings("entities", kg.entities.ids)
            try g.writeStrings("relations", kg.relations.ids)
            try g.write("head", kg.heads)
            try g.write("relation", kg.relationOfTriple)
            try g.write("tail", kg.tails)
            try g.write("item_entity", kg.itemEntity)
        }
    }

    /// Reads a dataset and its split (nil if the entry has none) from `file`, checking `key`.
    public static func read(from file: HDF5File, expectedKey: String?) throws -> (Dataset, DataSplit?) {
        try read(from: file.root, path: file.path, expectedKey: expectedKey)
    }

    /// Reads a dataset and split written by `write(_:split:key:into:)` from `root`; errors name `path`.
    public static func read(from root: HDF5Group, path: String, expectedKey: String?) throws -> (Dataset, DataSplit?) {
        let format: String? = try root.attribute("format")
        let v: Int64? = try root.attribute("version")
        guard format == "reclab-dataset", v == version else {
            throw DataError.corruptCache(path: path, detail: "not a RecLab dataset cache of version \(version)")
        }
        if let expectedKey {
            let key: String? = try root.attribute("key")
            guard key == expectedKey else { throw DataError.corruptCache(path: path, detail: "key mismatch") }
        }
        let name: String = try root.attribute("name") ?? "dataset"
        let users = IndexMap(try root.openGroup("users").readStrings("ids"))
        let items = IndexMap(try root.openGroup("items").readStrings("ids"))
        let inter = try readTable(root.openGroup("interactions"))
        var kg: KnowledgeGraph?
        if root.contains("kg") {
            let g = try root.openGroup("kg")
            kg = KnowledgeGraph(entities: IndexMap(try g.readStrings("entities")),
                                relations: IndexMap(try g.readStrings("relations")),
                                heads: try g.read("head"), relationOfTriple: try g.read("relation"),
                                tails: try g.read("tail"), itemEntity: try g.read("item_entity"))
        }
        let dataset = Dataset(name: name, users: users, items: items, interactions: inter,
                              userAttributes: try readAttributes(root.openGroup("user_attributes")),
                              itemAttributes: try readAttributes(root.openGroup("item_attributes")),
                              knowledgeGraph: kg)
        try check(dataset, path: path)
        var split: DataSplit?
        if root.contains("split") {
            let g = try root.openGroup("split")
            split = DataSplit(train: try readTable(g.openGroup("train")),
                              validation: try readTable(g.openGroup("validation")),
                              test: try readTable(g.openGroup("test")))
            for t in [split!.train, split!.validation, split!.test] { try checkTable(t, dataset: dataset, path: path) }
        }
        return (dataset, split)
    }

    private static func writeTable(_ t: InteractionTable, into g: HDF5Group) throws {
        try g.write("user", t.users)
        try g.write("item", t.items)
        if let r = t.ratings { try g.write("rating", r) }
        if let ts = t.timestamps { try g.write("timestamp", ts) }
    }

    private static func readTable(_ g: HDF5Group) throws -> InteractionTable {
        let u: [Int32] = try g.read("user"), i: [Int32] = try g.read("item")
        let r: [Float]? = g.contains("rating") ? try g.read("rating") : nil
        let t: [Int64]? = g.contains("timestamp") ? try g.read("timestamp") : nil
        guard u.count == i.count, r.map({ $0.count == u.count }) ?? true, t.map({ $0.count == u.count }) ?? true else {
            throw DataError.corruptCache(path: g.path, detail: "interaction columns differ in length")
        }
        return InteractionTable(users: u, items: i, ratings: r, timestamps: t)
    }

    private static func writeAttributes(_ table: AttributeTable, into g: HDF5Group) throws {
        try g.writeStrings("order", table.names)
        for (name, column) in zip(table.names, table.columns) {
            let c = try g.createGroup(name)
            try c.setAttribute("kind", column.kind)
            switch column {
            case let .categorical(codes, levels):
                try c.write("codes", codes); try c.writeStrings("levels", levels)
            case let .numeric(values):
                try c.write("values", values)
            case let .multiCategorical(indptr, codes, levels):
                try c.write("indptr", indptr.map { Int64($0) }); try c.write("codes", codes); try c.writeStrings("levels", levels)
            }
        }
    }

    private static func readAttributes(_ g: HDF5Group) throws -> AttributeTable {
        var table = AttributeTable()
        for name in try g.readStrings("order") {
            let c = try g.openGroup(name)
            let kind: String? = try c.attribute("kind")
            switch kind {
            case "categorical": table.append(name, .categorical(codes: try c.read("codes"), levels: try c.readStrings("levels")))
            case "numeric": table.append(name, .numeric(try c.read("values")))
            case "multi":
                let p: [Int64] = try c.read("indptr")
                table.append(name, .multiCategorical(indptr: p.map { Int($0) }, codes: try c.read("codes"),
                                                     levels: try c.readStrings("levels")))
            default: throw DataError.corruptCache(path: c.path, detail: "unknown attribute kind \(kind ?? "nil")")
            }
        }
        return table
    }

    /// Structural checks so a damaged entry is rejected rather than crashing later.
    private static func check(_ d: Dataset, path: String) throws {
        try checkTable(d.interactions, dataset: d, path: path)
        for c in d.userAttributes.columns where c.count != d.userCount {
            throw DataError.corruptCache(path: path, detail: "user attribute length \(c.count) ≠ \(d.userCount) users")
        }
        for c in d.itemAttributes.columns where c.count != d.itemCount {
            throw DataError.corruptCache(path: path, detail: "item attribute length \(c.count) ≠ \(d.itemCount) items")
        }
        if let kg = d.knowledgeGraph, kg.itemEntity.count != d.itemCount {
            throw DataError.corruptCache(path: path, detail: "item_entity length ≠ item count")
        }
    }

    private static func checkTable(_ t: InteractionTable, dataset d: Dataset, path: String) throws {
        let nu = Int32(d.userCount), ni = Int32(d.itemCount)
        for k in 0..<t.count where t.users[k] < 0 || t.users[k] >= nu || t.items[k] < 0 || t.items[k] >= ni {
            throw DataError.corruptCache(path: path, detail: "interaction \(k) has an index out of range")
        }
    }
}
