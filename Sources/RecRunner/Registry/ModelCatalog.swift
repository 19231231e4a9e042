import RecSpec

/// The registry rendered for people: every model type with its summary and parameters (kind,
/// default, range, meaning). `reclab models` prints it and `docs/models.md` is this text, which a test
/// keeps equal to the registry.
public enum ModelCatalog {
    /// The Markdown catalogue of every registered model type.
    public static func markdown(_ descriptors: [ModelDescriptor] = ModelRegistry.descriptors) -> String {
        var md = "# Model types\n\n"
        md += "Generated from the models' declared configurations by `reclab models --markdown`; a test keeps this file equal to it.\n"
        md += "Every parameter can be swept (`docs/spec.md`). Composite types take `components`.\n\n"
        md += "| type | summary | trained in epochs | deterministic |\n| --- | --- | --- | --- |\n"
        for d in descriptors {
            let deterministic = d.deterministic ? (d.components == nil ? "yes" : "when its components are") : "no"
            md += "| [`\(d.type)`](#\(d.type)) | \(d.summary) | \(d.epochTrained ? "yes" : "no") | \(deterministic) |\n"
        }
        for d in descriptors {
            md += "\n## \(d.type)\n\n\(d.summary)\n\n"
            if let c = d.components {
                md += "Components: " + (c.lowerBound == c.upperBound ? "exactly \(c.lowerBound)" : "at least \(c.lowerBound)") + ".\n\n"
            }
            if d.parameters.isEmpty { md += "No parameters.\n"; continue }
            md += "| parameter | kind | default | range | meaning |\n| --- | --- | --- | --- | --- |\n"
            for p in d.parameters {
                let range = p.bounds?.description ?? ""
                md += "| `\(p.name)` | \(p.kind) | \(p.defaultValue.map { "`\($0.description)`" } ?? "**required**") | \(range) | \(p.doc) |\n"
            }
        }
        return md
    }
}
