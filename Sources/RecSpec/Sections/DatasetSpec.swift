import Foundation
import RecConfig
import RecData

/// The `dataset` section: where interactions come from, how to read them, and how to clean them.
///
/// RecSpec only picks the source and the format; the options of each format and the preprocessing
/// are RecData's configuration types, and `ExperimentSpec.dataRequest(fold:root:)` hands them over.
///
/// ```json
/// "dataset": {"source": "ml-100k", "preprocessing": {"min_user_interactions": 5}}
/// "dataset": {"source": {"sql": "sqlite:shop.sqlite", "interactions": "SELECT user_id, item_id FROM orders"}}
/// ```
public struct DatasetSpec: Sendable, Equatable {
    /// A known dataset name (`ml-100k`, `ml-1m`, `synthetic`) or a file/folder path; nil for
    /// `predefined` data whose file paths stand on their own, and for SQL sources.
    public var source: String?
    /// The database and queries when `source` is an object (`format == .sql`).
    public var sql: SQLQueries?
    /// File format; `auto` lets the loader detect it (only left as `auto` for paths).
    public var format: DatasetFormat
    /// Column layout: present when `format == .delimited`; for `.predefined`, the split files' layout
    /// when the spec gives one (nil: recognised from the training file's header).
    public var delimited: DelimitedOptions?
    /// Train/validation/test files, present exactly when `format == .predefined`.
    public var predefined: PredefinedFiles?
    /// Generator size and seed, present exactly when `format == .synthetic`.
    public var synthetic: SyntheticSize?
    /// Cleaning applied before the split.
    public var preprocessing: PreprocessingOptions

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
    case auto, atomic, grouplens, delimited, predefined, synthetic, sql
}

// MARK: - Reading

extension DatasetSpec {
    static let keys = ["source", "format", "delimited", "predefined", "synthetic", "preprocessing"]

    static func read(_ node: JSONNode?, _ r: SpecReader) -> DatasetSpec {
        let path = "dataset"
        var spec = DatasetSpec(source: nil, format: .auto, preprocessing: PreprocessingOptions())
        guard let node else {
            r.fail(.missingKey, path, "required section is missing",
                   fix: "add e.g. \"dataset\": {\"source\": \"ml-100k\"}", line: nil, column: nil)
            return spec
        }
        guard let obj = r.object(node, at: path) else { return spec }
        r.rejectUnknownKeys(obj, allowed: keys, at: path, section: "dataset")
        let sourcePath = JSONPath.child(path, "source")
        if let (o, n) = sqlObject(obj["source"]) {
            spec.sql = r.configuration(SQLQueries.self, o, at: sourcePath, section: "dataset.source", node: n)
        } else {
            spec.source = r.string(obj, "source", at: path)
        }
        let explicitFormat = r.choice(obj, "format", at: path, as: DatasetFormat.self)
        var format = explicitFormat ?? (spec.sql == nil ? .auto : .sql)
        if let f = obj["format"], let explicit = explicitFormat {
            if spec.sql != nil && explicit != .sql {
                r.fail(.conflict, JSONPath.child(path, "format"), "a source given as an object is read by SQL, not as '\(explicit.rawValue)'",
                       fix: "remove \"format\" or set it to \"sql\"", at: f)
                format = .sql
            } else if spec.sql == nil && explicit == .sql {
                r.fail(.invalidValue, sourcePath, "format 'sql' needs the source as an object",
                       fix: "use \"source\": {\"sql\": \"sqlite:PATH\", \"interactions\": \"SELECT user_id, item_id, rating, ts FROM …\"}", at: f)
            }
        }
        // The formats each section belongs to, the first being the one its presence selects:
        // `delimited` also lays out predefined split files, so `predefined` is looked for first.
        let sections: [(String, [DatasetFormat])] = [("predefined", [.predefined]), ("delimited", [.delimited, .predefined]),
                                                      ("synthetic", [.synthetic])]
        // Resolve `auto` from a known source name or from the format section present.
        if format == .auto {
            switch spec.knownSource {
            case .ml100k?: format = .atomic
            case .ml1m?: format = .grouplens
            case .synthetic?: format = .synthetic
            case nil:
                if let present = sections.first(where: { obj[$0.0].map { !$0.isNull } ?? false }) { format = present.1[0] }
            }
        }
        spec.format = format
        for (key, owners) in sections where !owners.contains(format) {
            if let m = obj.member(key), !m.value.isNull {
                let formats = owners.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
                r.fail(.conflict, JSONPath.child(path, key), "applies only to \"format\": \(formats), but the format is '\(format.rawValue)'",
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
            spec.synthetic = section(SyntheticSize.self, "synthetic", in: obj, at: path, r) ?? SyntheticSize()
        case .delimited:
            spec.delimited = section(DelimitedOptions.self, "delimited", in: obj, at: path, r) ?? DelimitedOptions()
        case .predefined:
            spec.predefined = section(PredefinedFiles.self, "predefined", in: obj, at: path, r)
            if obj["predefined"].map({ $0.isNull }) ?? true {
                r.missing("predefined", in: path, node: node, fix: "add \"predefined\": {\"train\": \"train.tsv\", \"test\": \"test.tsv\"}")
            }
            // Absent, the layout is recognised from the training file's header (`SplitFileLayout`).
            spec.delimited = section(DelimitedOptions.self, "delimited", in: obj, at: path, r)
        default: break
        }
        if spec.source == nil && format != .predefined && obj["source"] == nil {
            r.missing("source", in: path, node: node, fix: "a dataset name (" + KnownDataset.allCases.map { "'\($0.rawValue)'" }
                .joined(separator: ", ") + ") or a path")
        }
        if r.context.checkPaths { checkPaths(spec, obj, path, r) }
        if r.context.checkPaths, let sql = spec.sql, let file = SQLDatabaseKind.sqlitePath(sql.sql), !file.isEmpty,
           !FileManager.default.fileExists(atPath: file), case .object(let o)? = obj["source"]?.value, let n = o["sql"] {
            r.fail(.missingFile, JSONPath.child(sourcePath, "sql"), "no such SQLite file \(JSONValue.quote(file))",
                   fix: "create it first (scripts/ml100k_to_sqlite.py builds one from ML-100K)", at: n)
        }
        spec.preprocessing = section(PreprocessingOptions.self, "preprocessing", in: obj, at: path, r) ?? PreprocessingOptions()
        return spec
    }

    /// The `source` member as an object, when it is one (a SQL source).
    private static func sqlObject(_ node: JSONNode?) -> (JSONObject, JSONNode)? {
        guard let node, case .object(let o) = node.value else { return nil }
        return (o, node)
    }

    /// The member `key` of `obj` read as the configuration `C` (unknown keys rejected); nil when it is
    /// absent, null or not an object.
    private static func section<C: Configuration>(_ type: C.Type, _ key: String, in obj: JSONObject, at path: String,
                                                  _ r: SpecReader) -> C? {
        guard let (o, node) = r.object(obj, key, at: path) else { return nil }
        return r.configuration(C.self, o, at: JSONPath.child(path, key), section: "dataset.\(key)", node: node)
    }

    private static func checkPaths(_ spec: DatasetSpec, _ obj: JSONObject, _ path: String, _ r: SpecReader) {
        let fm = FileManager.default
        if let source = spec.source, let n = obj["source"] { checkDataset(source, at: JSONPath.child(path, "source"), n, r) }
        guard let files = spec.predefined?.resolved(against: spec.source), case .object(let p)? = obj["predefined"]?.value else { return }
        if let side = files.sideData, let n = p["side_data"] {
            checkDataset(side, at: JSONPath.child(JSONPath.child(path, "predefined"), "side_data"), n, r)
        }
        for (key, file) in [("train", files.train), ("validation", files.validation), ("test", files.test)] {
            guard let full = file, let n = p[key] else { continue }
            if !fm.fileExists(atPath: full) {
                r.fail(.missingFile, JSONPath.child(JSONPath.child(path, "predefined"), key),
                       "no such file \(JSONValue.quote(full))", at: n)
            }
        }
    }

    /// A dataset named as `source` is: a known name, or a path that must exist (with the known name
    /// it resembles as the fix).
    private static func checkDataset(_ name: String, at path: String, _ node: JSONNode, _ r: SpecReader) {
        guard KnownDataset(rawValue: name) == nil, !FileManager.default.fileExists(atPath: name) else { return }
        let fix = Suggestions.didYouMean(name, in: KnownDataset.allCases.map(\.rawValue))
            ?? "known datasets are " + KnownDataset.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        r.fail(.missingFile, path, "no such file or folder \(JSONValue.quote(name))", fix: fix, at: node)
    }

    var json: JSONValue {
        var o: [String: JSONValue] = [
            "source": source.map(JSONValue.string) ?? .null,
            "format": .string(format.rawValue),
            "preprocessing": Self.json(preprocessing),
        ]
        if let d = delimited { o["delimited"] = Self.json(d) }
        if let p = predefined { o["predefined"] = Self.json(p) }
        if let s = synthetic { o["synthetic"] = Self.json(s) }
        if let q = sql { o["source"] = Self.json(q) }
        return .object(o)
    }

    /// A configuration's resolved values as a JSON object.
    static func json(_ configuration: some Configuration) -> JSONValue { .object(configuration.values.mapValues(\.json)) }
}
