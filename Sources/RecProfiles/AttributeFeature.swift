import RecConfig
/// How a static attribute becomes profile columns.
public enum AttributeEncoding: String, Codable, Sendable, CaseIterable {
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

/// One static attribute feature: which attribute, how it is encoded, and the group name.
///
/// ```swift
/// AttributeFeature.buckets("age", edges: [18, 25, 35, 45, 50, 56])   // 7 columns age=<18 … age=>=56
/// AttributeFeature.region("zip_code", characters: 1)                   // zip_code_region=0 … =9
/// ```
public struct AttributeFeature: Codable, Sendable, Equatable {
    /// Attribute column name in the dataset (`dataset.userAttributes` or `itemAttributes`).
    public var attribute: String
    /// Encoding. Default `auto`.
    public var encoding: AttributeEncoding
    /// Interval edges for `buckets`, strictly increasing. Default empty.
    public var edges: [Double]
    /// Characters kept by `region`. Default 1.
    public var prefixLength: Int
    /// Whether a dataset without this attribute silently skips it (otherwise an error). Default false.
    public var optional: Bool
    /// Group and column-name prefix; nil = the attribute name (`<attribute>_region` for `region`).
    public var name: String?

    /// A feature; see the fields for the defaults.
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

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case attribute, encoding, edges, prefixLength = "prefix_length", optional, name
    }

    /// Decodes a feature; missing keys take the defaults.
    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(attribute: try c.decode(String.self, forKey: .attribute),
                  encoding: try c.decodeIfPresent(AttributeEncoding.self, forKey: .encoding) ?? .auto,
                  edges: try c.decodeIfPresent([Double].self, forKey: .edges) ?? [],
                  prefixLength: try c.decodeIfPresent(Int.self, forKey: .prefixLength) ?? 1,
                  optional: try c.decodeIfPresent(Bool.self, forKey: .optional) ?? false,
                  name: try c.decodeIfPresent(String.self, forKey: .name))
    }

    /// Checks edges and prefix length.
    func validate() throws {
        if encoding == .buckets {
            guard !edges.isEmpty, edges.allSatisfy(\.isFinite), zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw ProfileError.invalidConfig("attribute '\(attribute)': buckets need finite, strictly increasing edges (got \(edges))")
            }
        }
        if encoding == .region, prefixLength < 1 {
            throw ProfileError.invalidConfig("attribute '\(attribute)': prefix_length must be ≥ 1")
        }
    }
}
