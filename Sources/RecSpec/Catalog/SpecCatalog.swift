import RecConfig
import RecData

/// The tables of docs/spec.md that come from declarations: the split methods with their parameters
/// (`SplitMethods.all`) and the keys of the dataset sections (RecData's configurations). Each sits in
/// docs/spec.md between `<!-- generated: NAME -->` and `<!-- end generated -->`; a test keeps the file
/// equal to `updating(_:)` of itself (`RECLAB_WRITE_DOCS=1 swift test --filter SpecCatalogTests`
/// rewrites it).
public enum SpecCatalog {
    /// The generated tables by name, in the order docs/spec.md shows them.
    public static var tables: [(name: String, markdown: String)] {
        [("dataset.delimited", keys(DelimitedOptions.parameters)),
         ("dataset.predefined", keys(PredefinedFiles.parameters, required: Set(PredefinedFiles.requiredKeys))),
         ("dataset.synthetic", keys(SyntheticSize.parameters)),
         ("dataset.preprocessing", keys(PreprocessingOptions.parameters)),
         ("split methods", splitMethods)]
    }

    /// `doc` with every generated block replaced by the current table of its name.
    public static func updating(_ doc: String) -> String {
        var out = doc
        for (name, markdown) in tables {
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
        tables.map(\.name).filter { doc.contains("<!-- generated: \($0) -->\n") }
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
        }
    }

    static func defaultText(_ v: ParamValue) -> String { v == .null ? "null" : "`\(v.json.compactText)`" }

    /// A doc line as a sentence: capitalised, with a final full stop.
    static func sentence(_ doc: String) -> String {
        guard let first = doc.first else { return "" }
        return first.uppercased() + doc.dropFirst() + (doc.hasSuffix(".") ? "" : ".")
    }
}
