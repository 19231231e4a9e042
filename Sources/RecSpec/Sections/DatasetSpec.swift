import Foundation

/// The `dataset` section: where interactions come from, how to read them, and how to clean them.
///
/// The runner maps it onto RecData's loaders and `PreprocessingOptions`.
///
/// ```json
/// "dataset": {"source": "ml-100k", "preprocessing": {"min_user_interactions": 5}}
/// ```
public struct DatasetSpec: Sendable, Equatable {
    /// A known dataset name (`ml-100k`, `ml-1m`, `synthetic`) or a file/folder path; nil only for
    /// `predefined` data whose file paths stand on their own.
    public var source: String?
    /// File format; `auto` lets the loader detect it (only left as `auto` for paths).
    public var format: DatasetFormat
    /// Column layout, present exactly when `format == .delimited`.
    public var delimited: DelimitedOptions?
    /// Train/validation/test files, present exactly when `format == .predefined`.
    public var predefined: PredefinedFiles?
    /// Generator settings, present exactly when `format == .synthetic`.
    public var synthetic: SyntheticOptions?
    /// Cleaning applied before the split.
    public var preprocessing: PreprocessingSpec

    /// Whether `source` is one of `KnownDataset` (rather than a path).
    public var knownSource: KnownDataset? { source.flatMap(KnownDataset.init(rawValue:)) }
}

/// Datasets RecLab knows by name.
public enum KnownDataset: String, Sendable, CaseIterable {
    /// MovieLens 100K with its knowledge graph (RecBole atomic files, `reclab data fetch ml-100k`).
    case ml100k = "ml-100k"
    /// MovieLens 1M (GroupLens format).
    case ml1m = "ml-1m"
    /// The built-in synthetic generator.
    case synthetic
}

/// `dataset.format`.
public enum DatasetFormat: String, Sendable, CaseIterable {
    case auto, atomic, grouplens, delimited, predefined, synthetic
}

/// A column of a delimited file: a 0-based index or a header name.
public enum ColumnRef: Sendable, Hashable, CustomStringConvertible {
    case index(Int)
    case name(String)

    public var description: String {
        switch self {
        case .index(let i): return "#\(i)"
        case .name(let n): return n
        }
    }

    var json: JSONValue {
        switch self {
        case .index(let i): return .int(i)
        case .name(let n): return .string(n)
        }
    }
}

/// Text encodings the delimited loader reads.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case latin1 = "latin-1"
    case utf16 = "utf-16"
}

/// `dataset.delimited`: how to read a delimited text file.
public struct DelimitedOptions: Sendable, Equatable {
    /// Field separator (any non-empty string, e.g. `"\t"`, `","`, `"::"`); default `","`.
    public var delimiter: String = ","
    /// Whether the first line names the columns; default false.
    public var header: Bool = false
    /// User column; default index 0.
    public var user: ColumnRef = .index(0)
    /// Item column; default index 1.
    public var item: ColumnRef = .index(1)
    /// Rating column; nil means implicit feedback (every row a positive).
    public var rating: ColumnRef? = nil
    /// Timestamp column; nil means none.
    public var timestamp: ColumnRef? = nil
    /// File encoding; default UTF-8.
    public var encoding: TextEncoding = .utf8
    /// The defaults: comma-separated, no header, user column 0, item column 1.
    public init() {}
}

/// `dataset.predefined`: a split that comes with the data. Relative paths are resolved against
/// `dataset.source` when that is given, else against the working directory.
public struct PredefinedFiles: Sendable, Equatable {
    public var train: String
    public var validation: String?
    public var test: String
}

/// `dataset.synthetic`: settings of the synthetic generator.
public struct SyntheticOptions: Sendable, Equatable {
    public var users: Int = 600
    public var items: Int = 400
    public var interactions: Int = 20_000
    public var seed: UInt64 = 0
    /// Generator settings; the defaults are 600 users, 400 items, 20,000 interactions, seed 0.
    public init(users: Int = 600, items: Int = 400, interactions: Int = 20_000, seed: UInt64 = 0) {
        self.users = users; self.items = items; self.interactions = interactions; self.seed = seed
    }
}

/// `dataset.preprocessing` duplicates policy (RecData's `DuplicatePolicy`, same raw values).
public enum DuplicateHandling: String, Sendable, CaseIterable {
    case keepLast = "keep_last"
    case mean
    case error
    case keepAll = "keep_all"
}

/// `dataset.preprocessing`: mirrors RecData's `PreprocessingOptions` field for field.
public struct PreprocessingSpec: Sendable, Equatable {
    public var duplicates: DuplicateHandling = .keepLast
    public var implicitThreshold: Double? = nil
    public var minUserInteractions: Int = 0
    public var minItemInteractions: Int = 0
    public var userCore: Int = 0
    public var itemCore: Int = 0
}

// MARK: - Reading

extension DatasetSpec {
    static let keys = ["source", "format", "delimited", "predefined", "synthetic", "preprocessing"]

    static func read(_ node: JSONNode?, _ r: SpecReader) -> DatasetSpec {
        let path = "dataset"
        var spec = DatasetSpec(source: nil, format: .auto, preprocessing: PreprocessingSpec())
        guard let node else {
            r.fail(.missingKey, path, "required section is missing",
                   fix: "add e.g. \"dataset\": {\"source\": \"ml-100k\"}", line: nil, column: nil)
            return spec
        }
        guard let obj = r.object(node, at: path) else { return spec }
        r.rejectUnknownKeys(obj, allowed: keys, at: path, section: "dataset")
        spec.source = r.string(obj, "source", at: path)
        let explicitFormat = r.choice(obj, "format", at: path, as: DatasetFormat.self)
        var format = explicitFormat ?? .auto
        let sections: [(String, DatasetFormat)] = [("delimited", .delimited), ("predefined", .predefined), ("synthetic", .synthetic)]
        // Resolve `auto` from a known source name or from the one format section present.
        if format == .auto {
            switch spec.knownSource {
            case .ml100k?: format = .atomic
            case .ml1m?: format = .grouplens
            case .synthetic?: format = .synthetic
            case nil:
                if let present = sections.first(where: { obj[$0.0].map { !$0.isNull } ?? false }) { format = present.1 }
            }
        }
        spec.format = format
        for (key, owner) in sections where owner != format {
            if let m = obj.member(key), !m.value.isNull {
                r.fail(.conflict, JSONPath.child(path, key), "applies only to \"format\": \"\(owner.rawValue)\", but the format is '\(format.rawValue)'",
                       line: m.line, column: m.column)
            }
        }
        if let known = spec.knownSource {
            let expected: DatasetFormat = known == .synthetic ? .synthetic : known == .ml100k ? .atomic : .grouplens
            if format != expected, let f = obj["format"] {
                r.fail(.conflict, JSONPath.child(path, "format"), "dataset '\(known.rawValue)' has format '\(expected.rawValue)'",
                       fix: "remove \"format\" or set it to \"\(expected.rawValue)\"", at: f)
            }
        }
        switch format {
        case .synthetic:
            if let s = spec.source, s != KnownDataset.synthetic.rawValue, let n = obj["source"] {
                r.fail(.conflict, JSONPath.child(path, "source"), "synthetic data has no source path",
                       fix: "use \"source\": \"synthetic\" or remove it", at: n)
            }
            spec.source = KnownDataset.synthetic.rawValue
            spec.synthetic = SyntheticOptions.read(obj, path, r)
        case .delimited:
            spec.delimited = DelimitedOptions.read(obj, path, r)
        case .predefined:
            spec.predefined = PredefinedFiles.read(obj, path, r, node: node)
        default: break
        }
        if spec.source == nil && format != .predefined && obj["source"] == nil {
            r.missing("source", in: path, node: node, fix: "a dataset name (" + KnownDataset.allCases.map { "'\($0.rawValue)'" }
                .joined(separator: ", ") + ") or a path")
        }
        if r.context.checkPaths { checkPaths(spec, obj, path, r) }
        if let (p, _) = r.object(obj, "preprocessing", at: path) {
            spec.preprocessing = PreprocessingSpec.read(p, JSONPath.child(path, "preprocessing"), r)
        }
        return spec
    }

    private static func checkPaths(_ spec: DatasetSpec, _ obj: JSONObject, _ path: String, _ r: SpecReader) {
        let fm = FileManager.default
        if let source = spec.source, spec.knownSource == nil, !fm.fileExists(atPath: source), let n = obj["source"] {
            let fix = Suggestions.didYouMean(source, in: KnownDataset.allCases.map(\.rawValue))
                ?? "known datasets are " + KnownDataset.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            r.fail(.missingFile, JSONPath.child(path, "source"), "no such file or folder \(JSONValue.quote(source))", fix: fix, at: n)
        }
        guard let files = spec.predefined, case .object(let p)? = obj["predefined"]?.value else { return }
        for (key, file) in [("train", files.train), ("validation", files.validation), ("test", files.test)] {
            guard let file, let n = p[key] else { continue }
            let full = file.hasPrefix("/") || spec.source == nil ? file : spec.source! + "/" + file
            if !fm.fileExists(atPath: full) {
                r.fail(.missingFile, JSONPath.child(JSONPath.child(path, "predefined"), key),
                       "no such file \(JSONValue.quote(full))", at: n)
            }
        }
    }

    var json: JSONValue {
        var o: [String: JSONValue] = [
            "source": source.map(JSONValue.string) ?? .null,
            "format": .string(format.rawValue),
            "preprocessing": preprocessing.json,
        ]
        if let d = delimited { o["delimited"] = d.json }
        if let p = predefined { o["predefined"] = p.json }
        if let s = synthetic { o["synthetic"] = s.json }
        return .object(o)
    }
}

extension DelimitedOptions {
    static func read(_ parent: JSONObject, _ parentPath: String, _ r: SpecReader) -> DelimitedOptions {
        var d = DelimitedOptions()
        guard let (obj, _) = r.object(parent, "delimited", at: parentPath) else { return d }
        let path = JSONPath.child(parentPath, "delimited")
        r.rejectUnknownKeys(obj, allowed: ["delimiter", "header", "user", "item", "rating", "timestamp", "encoding"],
                            at: path, section: "dataset.delimited")
        if let s = r.string(obj, "delimiter", at: path) {
            if s.isEmpty { r.fail(.invalidValue, JSONPath.child(path, "delimiter"), "delimiter must not be empty", at: obj["delimiter"]) }
            else { d.delimiter = s }
        }
        d.header = r.bool(obj, "header", at: path) ?? false
        func column(_ key: String) -> ColumnRef? {
            guard let n = obj[key], !n.isNull else { return nil }
            let p = JSONPath.child(path, key)
            switch n.value {
            case .string(let name):
                if !d.header {
                    r.fail(.conflict, p, "column given by name \(n.gotDescription) but the file has no header",
                           fix: "set \"header\": true or give a 0-based column index", at: n)
                }
                return .name(name)
            case .int, .double:
                return r.int(n, at: p, in: 0...Int.max).map(ColumnRef.index)
            default:
                r.wrongType(p, expected: "a column index ≥ 0 or a header name", node: n)
                return nil
            }
        }
        d.user = column("user") ?? .index(0)
        d.item = column("item") ?? .index(1)
        d.rating = column("rating")
        d.timestamp = column("timestamp")
        d.encoding = r.choice(obj, "encoding", at: path, as: TextEncoding.self) ?? .utf8
        let used = [("user", d.user), ("item", d.item), ("rating", d.rating), ("timestamp", d.timestamp)]
            .compactMap { k, c in c.map { (k, $0) } }
        for (i, (key, col)) in used.enumerated() {
            if let other = used[..<i].first(where: { $0.1 == col }) {
                r.fail(.duplicate, JSONPath.child(path, key), "column \(col) is already the \(other.0) column", at: obj[key])
            }
        }
        return d
    }

    var json: JSONValue {
        .object(["delimiter": .string(delimiter), "header": .bool(header), "user": user.json, "item": item.json,
                 "rating": rating?.json ?? .null, "timestamp": timestamp?.json ?? .null,
                 "encoding": .string(encoding.rawValue)])
    }
}

extension PredefinedFiles {
    static func read(_ parent: JSONObject, _ parentPath: String, _ r: SpecReader, node: JSONNode) -> PredefinedFiles? {
        guard let (obj, pnode) = r.object(parent, "predefined", at: parentPath) else {
            if parent["predefined"] == nil {
                r.missing("predefined", in: parentPath, node: node,
                          fix: "add \"predefined\": {\"train\": \"train.tsv\", \"test\": \"test.tsv\"}")
            }
            return nil
        }
        let path = JSONPath.child(parentPath, "predefined")
        r.rejectUnknownKeys(obj, allowed: ["train", "validation", "test"], at: path, section: "dataset.predefined")
        let train = r.string(obj, "train", at: path)
        let test = r.string(obj, "test", at: path)
        if obj["train"] == nil { r.missing("train", in: path, node: pnode) }
        if obj["test"] == nil { r.missing("test", in: path, node: pnode) }
        guard let train, let test else { return nil }
        return PredefinedFiles(train: train, validation: r.string(obj, "validation", at: path), test: test)
    }

    var json: JSONValue {
        .object(["train": .string(train), "validation": validation.map(JSONValue.string) ?? .null, "test": .string(test)])
    }
}

extension SyntheticOptions {
    static func read(_ parent: JSONObject, _ parentPath: String, _ r: SpecReader) -> SyntheticOptions {
        var s = SyntheticOptions()
        guard let (obj, _) = r.object(parent, "synthetic", at: parentPath) else { return s }
        let path = JSONPath.child(parentPath, "synthetic")
        r.rejectUnknownKeys(obj, allowed: ["users", "items", "interactions", "seed"], at: path, section: "dataset.synthetic")
        s.users = r.int(obj, "users", at: path, in: 1...Int.max) ?? s.users
        s.items = r.int(obj, "items", at: path, in: 1...Int.max) ?? s.items
        s.interactions = r.int(obj, "interactions", at: path, in: 1...Int.max) ?? s.interactions
        s.seed = r.seed(obj, "seed", at: path) ?? 0
        let (cells, overflow) = s.users.multipliedReportingOverflow(by: s.items)
        if !overflow && s.interactions > cells {
            r.fail(.invalidValue, JSONPath.child(path, "interactions"),
                   "\(s.interactions) interactions do not fit \(s.users) users × \(s.items) items", at: obj["interactions"])
        }
        return s
    }

    var json: JSONValue {
        .object(["users": .int(users), "items": .int(items), "interactions": .int(interactions), "seed": .int(Int(seed))])
    }
}

extension PreprocessingSpec {
    static func read(_ obj: JSONObject, _ path: String, _ r: SpecReader) -> PreprocessingSpec {
        var p = PreprocessingSpec()
        r.rejectUnknownKeys(obj, allowed: ["duplicates", "implicit_threshold", "min_user_interactions",
                                           "min_item_interactions", "user_core", "item_core"],
                            at: path, section: "dataset.preprocessing")
        p.duplicates = r.choice(obj, "duplicates", at: path, as: DuplicateHandling.self) ?? .keepLast
        p.implicitThreshold = r.double(obj, "implicit_threshold", at: path)
        p.minUserInteractions = r.int(obj, "min_user_interactions", at: path, in: 0...Int.max) ?? 0
        p.minItemInteractions = r.int(obj, "min_item_interactions", at: path, in: 0...Int.max) ?? 0
        p.userCore = r.int(obj, "user_core", at: path, in: 0...Int.max) ?? 0
        p.itemCore = r.int(obj, "item_core", at: path, in: 0...Int.max) ?? 0
        return p
    }

    var json: JSONValue {
        .object(["duplicates": .string(duplicates.rawValue), "implicit_threshold": implicitThreshold.map(JSONValue.double) ?? .null,
                 "min_user_interactions": .int(minUserInteractions), "min_item_interactions": .int(minItemInteractions),
                 "user_core": .int(userCore), "item_core": .int(itemCore)])
    }
}
