import RecConfig
/// How a static attribute becomes profile columns.
public enum AttributeEncoding: String, Codable, Sendable, CaseIterable, ChoiceParameter {
    /// By the column's kind: categorical → `oneHot`, numeric → `numeric`, multi-categorical → `multiHot`.
    case auto
    /// One column per level, 1 for the entity's level (all 0 when missing).
    case oneHot = "one_hot"
    /// One column per level, 1 for each of the entity's levels (a categorical column is one-hot).
    case multiHot = "multi_hot"
    /// The value, plus a `<name>:missing` indicator column; a missing value is undefined (NaN in the
    /// raw matrix) and takes the training mean. Categorical levels that are numbers (RecBole's ML-100K
    /// stores age and release year as tokens) are read as numbers; other levels count as missing.
    case numeric
    /// One column per interval of `edges`: `<e₁`, `[e₁,e₂)`, …, `>=e_k` (all 0 when missing).
    case buckets
    /// One-hot over the first `prefixLength` characters of a categorical value (zip code → region).
    case region
}

/// One static attribute feature: which attribute, how it is encoded, and the group name. Its keys
/// are declared here once; in a spec it is one object of a profile's `attributes` list.
///
/// ```swift
/// AttributeFeature.buckets("age", edges: [18, 25, 35, 45, 50, 56])   // 7 columns age=<18 … age=>=56
/// AttributeFeature.region("zip_code", characters: 1)                   // zip_code_region=0 … =9
/// ```
public struct AttributeFeature: RecordParameter {
    @Param(doc: "attribute column name in the dataset's user (item) attributes")
    public var attribute = ""
    @Param(doc: "`auto` (categorical → `one_hot`, numeric → `numeric`, multi-categorical → `multi_hot`), `one_hot`, `multi_hot`, `numeric`, `buckets`, `region`")
    public var encoding = AttributeEncoding.auto
    @Param(doc: "bucket edges, finite and strictly increasing (`buckets` only)")
    public var edges: [Double] = []
    @Param(in: 1...64, doc: "characters kept by `region` (zip code → first digit)")
    public var prefixLength = 1
    @Param(doc: "skip silently when the dataset lacks the attribute (otherwise an error naming the attributes it has)")
    public var optional = false
    @Param(doc: "group name and column-name prefix (null: the attribute name, `<attribute>_region` for `region`)")
    public var name: String? = nil

    public init() {}

    /// A feature; see the declarations for the defaults.
    public init(attribute: String, encoding: AttributeEncoding = .auto, edges: [Double] = [],
                prefixLength: Int = 1, optional: Bool = false, name: String? = nil) {
        self.attribute = attribute; self.encoding = encoding; self.edges = edges
        self.prefixLength = prefixLength; self.optional = optional; self.name = name
    }

    /// The attribute encoded by its kind.
    public static func auto(_ attribute: String, optional: Bool = false) -> AttributeFeature {
        AttributeFeature(attribute: attribute, optional: optional)
    }
    /// One-hot over the attribute's levels.
    public static func oneHot(_ attribute: String, optional: Bool = false) -> AttributeFeature {
        AttributeFeature(attribute: attribute, encoding: .oneHot, optional: optional)
    }
    /// Multi-hot over the attribute's levels.
    public static func multiHot(_ attribute: String, optional: Bool = false) -> AttributeFeature {
        AttributeFeature(attribute: attribute, encoding: .multiHot, optional: optional)
    }
    /// The numeric value with a missing indicator.
    public static func numeric(_ attribute: String, optional: Bool = false) -> AttributeFeature {
        AttributeFeature(attribute: attribute, encoding: .numeric, optional: optional)
    }
    /// Buckets between `edges`.
    public static func buckets(_ attribute: String, edges: [Double], optional: Bool = false) -> AttributeFeature {
        AttributeFeature(attribute: attribute, encoding: .buckets, edges: edges, optional: optional)
    }
    /// One-hot over the first `characters` characters of the value.
    public static func region(_ attribute: String, characters: Int = 1, optional: Bool = false) -> AttributeFeature {
        AttributeFeature(attribute: attribute, encoding: .region, prefixLength: characters, optional: optional)
    }

    /// The group name used for the columns.
    public var groupName: String { name ?? (encoding == .region ? "\(attribute)_region" : attribute) }

    public func violations() -> [ConfigurationViolation] {
        if attribute.isEmpty {
            return [ConfigurationViolation("attribute", "every attribute feature names its attribute", fix: "add e.g. \"attribute\": \"age\"")]
        }
        if encoding == .buckets, edges.isEmpty || !zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) {
            return [ConfigurationViolation("edges", "attribute '\(attribute)': buckets need strictly increasing edges (got \(edges))",
                                           fix: "give e.g. \"edges\": [18, 25, 35]")]
        }
        return []
    }
}
