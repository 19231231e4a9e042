import Foundation
import RecConfig
/// Which entity set a profile describes: one row per user, or one row per item.
public enum ProfileEntity: String, Codable, Sendable, CaseIterable {
    /// Rows are users (dense user indices of the dataset).
    case users
    /// Rows are items (dense item indices of the dataset).
    case items
}

/// How profile columns are normalised. Only continuous columns (numeric attributes and the scalar
/// dynamic features: activity, popularity, rating mean and variance, recency, diversity) are
/// normalised; one-hot, multi-hot, bucket, indicator and genre-affinity columns keep their values.
/// Statistics are fitted on the training entities only (≥ 1 training interaction).
public enum Normalisation: String, Codable, Sendable, CaseIterable, ChoiceParameter {
    /// Raw values.
    case none
    /// `(x − min) / (max − min)` over the training entities (scale 1 when max = min).
    case minMax = "min_max"
    /// `(x − mean) / std` over the training entities, population std (scale 1 when std = 0).
    case zScore = "z_score"
}

/// How a user's training interactions are weighted in the genre-affinity vector and the diversity entropy.
public enum AffinityWeighting: String, Codable, Sendable, CaseIterable, ChoiceParameter {
    /// Every interaction weighs 1: `share_g = #{i ∈ I_u : g ∈ G_i} / |I_u|`.
    case count
    /// Every interaction weighs its rating: `share_g = Σ_{i ∈ I_u, g ∈ G_i} r_ui / Σ_{i ∈ I_u} r_ui`
    /// (falls back to `count` for implicit data).
    case rating
}

/// A feature computed from the training interactions (never validation or test).
public enum DynamicFeature: String, Codable, Sendable, CaseIterable, ChoiceParameter {
    /// Users only: share of the user's training interactions per genre (one column per genre level).
    case genreAffinity = "genre_affinity"
    /// `ln(1 + n)` with `n` the entity's training interaction count (users).
    case activity
    /// `ln(1 + n)` with `n` the entity's training interaction count (items; same formula as `activity`).
    case popularity
    /// Mean training rating (explicit data only; undefined without interactions).
    case ratingMean = "rating_mean"
    /// Population variance of the training ratings, `Σr²/n − mean²` (explicit data only).
    case ratingVariance = "rating_variance"
    /// `(T − t_last) / unit`: time from the entity's last training interaction to the latest training
    /// timestamp `T` (only when timestamps exist), in `recencyUnitSeconds` units (default days).
    case recency
    /// Users only: Shannon entropy (nats) of the genre distribution `p_g = w_g / Σ w`.
    case diversity

    /// Whether the feature needs the genre attribute.
    var usesGenres: Bool { self == .genreAffinity || self == .diversity }
}

/// Settings of a profile builder for one entity set: which static attributes become which columns,
/// which dynamic features are computed from training interactions, and how continuous columns are
/// normalised. Each setting is declared once here; the spec's `profiles.users` and `profiles.items`
/// sections are read into it (unknown keys rejected, every value checked at its JSON path) and the
/// reference tables of docs/profiles.md are generated from it.
///
/// Users and items differ only in their default instance (`defaults(for:)`): users — age buckets
/// with edges 18, 25, 35, 45, 50, 56 (the ML-1M age groups), gender and occupation one-hot,
/// region = first character of `zip_code` / `zip`, synthetic `region` one-hot (all optional: skipped
/// when the dataset lacks them); dynamic genre affinity, activity, rating mean and variance,
/// recency, diversity. Items — genres (`genres` / `class`) multi-hot, release year (`year` /
/// `release_year`) numeric, dynamic popularity and rating mean. Both: z-score, an `is_cold` column.
///
/// ```swift
/// var config = ProfileConfig.defaults(for: .users)
/// config.normalisation = .minMax
/// config.attributes = [.buckets("age", edges: [18, 25, 35, 45, 50, 56]), .oneHot("gender")]
/// let profiles = try ProfileBuilder(config).build(dataset: data, training: split.train)
/// ```
public struct ProfileConfig: Configuration, Encodable {
    /// Users or items (the section it was read from; not a key).
    @Fixed public var entity = ProfileEntity.users
    @Param(doc: "static attribute features, in column order (objects: the attribute feature keys below)")
    public var attributes: [AttributeFeature] = [
        .buckets("age", edges: [18, 25, 35, 45, 50, 56], optional: true),
        .oneHot("gender", optional: true),
        .oneHot("occupation", optional: true),
        .region("zip_code", characters: 1, optional: true),
        .region("zip", characters: 1, optional: true),
        .oneHot("region", optional: true),
    ]
    @Param(doc: "dynamic features from the training interactions, in column order after the static ones (`genre_affinity` and `diversity` for users only)")
    public var dynamic: [DynamicFeature] = [.genreAffinity, .activity, .ratingMean, .ratingVariance, .recency, .diversity]
    @Param(doc: "item attribute holding genres for affinity and diversity (null: the first of `genres`, `genre`, `class`, `category`, `categories` the dataset has)")
    public var genreAttribute: String? = nil
    @Param(doc: "weight of an interaction in affinity and diversity: 1 (`count`) or its rating (`rating`)")
    public var affinityWeighting = AffinityWeighting.count
    @Param(doc: "rescaling of continuous columns, fitted on the training entities")
    public var normalisation = Normalisation.zScore
    @Param(doc: "add a last column `is_cold` (1 when the entity has no training interaction)")
    public var coldIndicator = true
    @Param(in: .above(0), doc: "seconds per recency unit (86400: days)")
    public var recencyUnitSeconds: Double = 86_400

    /// The users' defaults.
    public init() {}

    /// A configuration; unspecified settings take the defaults of `entity`.
    public init(entity: ProfileEntity, attributes: [AttributeFeature], dynamic: [DynamicFeature],
                genreAttribute: String? = nil, affinityWeighting: AffinityWeighting = .count,
                normalisation: Normalisation = .zScore, coldIndicator: Bool = true, recencyUnitSeconds: Double = 86_400) {
        self.entity = entity; self.attributes = attributes; self.dynamic = dynamic
        self.genreAttribute = genreAttribute; self.affinityWeighting = affinityWeighting
        self.normalisation = normalisation; self.coldIndicator = coldIndicator; self.recencyUnitSeconds = recencyUnitSeconds
    }

    /// The default configuration for `entity` (see the type's documentation).
    public static func defaults(for entity: ProfileEntity) -> ProfileConfig {
        switch entity {
        case .users:
            return ProfileConfig()
        case .items:
            return ProfileConfig {
                $0.entity = .items
                $0.attributes = [.multiHot("genres", optional: true), .multiHot("class", optional: true),
                                 .numeric("year", optional: true), .numeric("release_year", optional: true)]
                $0.dynamic = [.popularity, .ratingMean]
            }
        }
    }

    /// Reads spec values over the defaults of `entity`.
    public static func decode(_ values: [String: ParamValue], for entity: ProfileEntity) throws(ConfigurationError) -> ProfileConfig {
        try decode(values, template: defaults(for: entity))
    }

    public func violations() -> [ConfigurationViolation] {
        var out: [ConfigurationViolation] = []
        for (i, f) in dynamic.enumerated() {
            if f.usesGenres && entity == .items {
                out.append(ConfigurationViolation("dynamic", element: i, "'\(f.specName)' is defined for users only",
                                                  fix: "remove it from the items' dynamic features"))
            } else if dynamic[..<i].contains(f) {
                out.append(ConfigurationViolation("dynamic", element: i, "'\(f.specName)' is listed twice", fix: "remove one"))
            }
        }
        for (i, a) in attributes.enumerated() {
            for v in a.violations() {
                out.append(ConfigurationViolation("attributes", element: i, "'\(v.parameter)': \(v.message)", fix: v.fix))
            }
        }
        return out
    }

    /// Throws `ProfileError.invalidConfig` when a configuration built in code breaks a declaration
    /// or a rule (a decoded one never does).
    public func validate() throws {
        if let first = problems.first { throw ProfileError.invalidConfig(first.description) }
    }

    /// The entity and every setting by spec key (stored with built profiles and hashed by their
    /// fingerprint).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyCodingKey.self)
        try c.encode(entity.rawValue, forKey: AnyCodingKey(stringValue: "entity"))
        for (key, value) in values { try c.encode(value, forKey: AnyCodingKey(stringValue: key)) }
    }

    /// A configuration written by `encode(to:)`, or nil when the text is not one.
    public static func read(json: Data) -> ProfileConfig? {
        guard var members = try? JSONDecoder().decode([String: ParamValue].self, from: json),
              let entity = members.removeValue(forKey: "entity")?.stringValue.flatMap(ProfileEntity.init(rawValue:)) else { return nil }
        return try? decode(members, for: entity)
    }
}
