import RecConfig
import RecData
import RecEval
import RecProfiles

/// The reference tables of the docs that come from declarations: in docs/spec.md the split methods
/// with their parameters (`SplitMethods.all`), the keys of the dataset sections (RecData's
/// configurations), the evaluation options (RecEval's `EvaluationOptions`), `parallelism` and `output`; in docs/profiles.md the profile settings and attribute-feature keys
/// (RecProfiles' `ProfileConfig`, `AttributeFeature`). Each sits between
/// `<!-- generated: NAME -->` and `<!-- end generated -->`; a test keeps each file equal to
/// `updating(_:)` of itself (`RECLAB_WRITE_DOCS=1 swift test --filter SpecCatalogTests` rewrites them).
public enum SpecCatalog {
    /// The generated tables by name, in the order docs/spec.md shows them.
    public static var tables: [(name: String, markdown: String)] {
        [("dataset.delimited", keys(DelimitedOptions.parameters)),
         ("dataset.predefined", keys(PredefinedFiles.parameters, required: Set(PredefinedFiles.requiredKeys))),
         ("dataset.synthetic", keys(SyntheticSize.parameters)),
         ("dataset.source sql", keys(SQLQueries.parameters, required: Set(SQLQueries.requiredKeys))),
         ("dataset.preprocessing", keys(PreprocessingOptions.parameters)),
         ("split methods", splitMethods),
         ("evaluation options", keys(EvaluationOptions.parameters)),
         ("parallelism", keys(ParallelismSpec.parameters)),
         ("output", keys(OutputSpec.parameters)),
         ("streaming", keys(StreamingSpec.parameters))]
    }

    /// The generated tables of docs/profiles.md, in its order.
    public static var profileTables: [(name: String, markdown: String)] {
        [("profiles", profileSettings),
         ("profiles attribute", keys(AttributeFeature.parameters, required: ["attribute"]))]
    }

    /// `doc` with every generated block replaced by the current table of its name.
    public static func updating(_ doc: String) -> String {
        var out = doc
        for (name, markdown) in tables + profileTables {
            let open = "<!-- generated: \(name) -->\n", close = "<!-- end generated -->"
            guard let start = out.range(of: open), let end = out.range(of: close, range: start.upperBound..<out.endIndex) else {
                continue
            }
            out.replaceSubrange(start.upperBound..<end.lowerBound, with: markdown)
        }
        return out
    }

    /// The names of the blocks `doc` has.
    public static func blocks(in doc: String) -> [String] {
        (tables + profileTables).map(\.name).filter { doc.contains("<!-- generated: \($0) -->\n") }
    }

    /// `| Key | Type | Users' default | Items' default | Meaning |`: one declaration, two default instances.
    static var profileSettings: String {
        let users = ProfileConfig.defaults(for: .users).declaredParameters
        let items = Dictionary(uniqueKeysWithValues: ProfileConfig.defaults(for: .items).declaredParameters.map { ($0.name, $0) })
        var md = "| Key | Type | Users' default | Items' default | Meaning |\n|---|---|---|---|---|\n"
        for p in users {
            let forItems = items[p.name]?.defaultValue.map(featureText) ?? ""
            let type = if case .list(.record) = p.kind { "list of attribute features" } else { typeText(p.kind, p.bounds) }
            md += "| `\(p.name)` | \(type) | \(p.defaultValue.map(featureText) ?? "") | \(forItems) | \(sentence(p.doc)) |\n"
        }
        return md
    }

    /// `| Key | Type | Default | Meaning |` for declared parameters.
    static func keys(_ parameters: [ParameterDescriptor], required: Set<String> = []) -> String {
        var md = "| Key | Type | Default | Meaning |\n|---|---|---|---|\n"
        for p in parameters {
            let value = required.contains(p.name) ? "**required**" : p.defaultValue.map(defaultText) ?? "**required**"
            md += "| `\(p.name)` | \(typeText(p.kind, p.bounds)) | \(value) | \(sentence(p.doc)) |\n"
        }
        return md
    }

    /// One row per split method and parameter.
    static var splitMethods: String {
        var md = "| Method | Key | Type | Default | Meaning |\n|---|---|---|---|---|\n"
        for m in SplitMethods.all {
            md += "| `\(m.methodName)` | | | | \(m.summary) |\n"
            for p in m.parameters {
                md += "| | `\(p.name)` | \(typeText(p.kind, p.bounds)) | \(p.defaultValue.map(defaultText) ?? "**required**") | \(sentence(p.doc)) |\n"
            }
        }
        return md
    }

    /// A kind with its bounds in words: `integer ≥ 2`, `number in [0, 1)`, `` `latest` \| `random` ``.
    static func typeText(_ kind: ParameterKind, _ bounds: Bounds?) -> String {
        func numeric(_ noun: String) -> String {
            guard let b = bounds else { return noun }
            return b.lower.isFinite && b.upper.isFinite ? "\(noun) in \(b)" : noun + b.phrase
        }
        switch kind {
        case .int: return numeric("integer")
        case .double: return numeric("number")
        case .bool: return "bool"
        case .string: return "string"
        case .choice(let options): return options.map { "`\($0)`" }.joined(separator: " \\| ")
        case .optional(let inner): return typeText(inner, bounds) + " or null"
        case .list(let element): return "list of " + typeText(element, bounds).replacingOccurrences(of: "number", with: "numbers")
                .replacingOccurrences(of: "integer", with: "integers")
        case .oneOf(let kinds): return kinds.map { typeText($0, bounds) }.joined(separator: " or ")
        case .record: return "object"
        }
    }

    /// A default in a table cell; a list of attribute features in short (`` `age` buckets [18, 25] ``,
    /// "optional" when a dataset without it skips it).
    static func featureText(_ v: ParamValue) -> String {
        guard case .list(let items) = v, case .record? = items.first else { return defaultText(v) }
        return items.compactMap(\.recordValue).map { r in
            var text = "`\(r["attribute"]?.description ?? "")` \(r["encoding"]?.description ?? "")"
            if let edges = r["edges"], edges != .list([]) { text += " \(edges.text)" }
            if let prefix = r["prefix_length"]?.intValue, r["encoding"] == .string("region") { text += " \(prefix)" }
            return text + (r["optional"] == .bool(true) ? " (optional)" : "")
        }.joined(separator: ", ")
    }

    static func defaultText(_ v: ParamValue) -> String { v == .null ? "null" : "`\(v.json.compactText)`" }

    /// A doc line as a sentence: capitalised, with a final full stop.
    static func sentence(_ doc: String) -> String {
        guard let first = doc.first else { return "" }
        return first.uppercased() + doc.dropFirst() + (doc.hasSuffix(".") ? "" : ".")
    }
}
