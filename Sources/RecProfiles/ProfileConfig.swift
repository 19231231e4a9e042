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
public enum Normalisation: String, Codable, Sendable, CaseIterable {
    /// Raw values.
    case none
    /// `(x − min) / (max − min)` over the training entities (scale 1 when max = min).
    case minMax = "min_max"
    /// `(x − mean) / std` over the training entities, population std (scale 1 when std = 0).
    case zScore = "z_score"
}

/// How a user's training interactions are weighted in the genre-affinity vector and the diversity entropy.
public enum AffinityWeighting: String, Codable, Sendable, CaseIterable {
    /// Every interaction weighs 1: `share_g = #{i ∈ I_u : g ∈ G_i} / |I_u|`.
    case count
    /// Every interaction weighs its rating: `share_g = Σ_{i ∈ I_u, g ∈ G_i} r_ui / Σ_{i ∈ I_u} r_ui`
    /// (falls back to `count` for implicit data).
    case rating
}

/// A feature computed from the training interactions (never validation or test).
public enum DynamicFeature: String, Codable, Sendable, CaseIterable {
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
/// normalised. Plain data, so a JSON spec section maps onto it one key per field.
///
/// ```swift
/// var config = ProfileConfig.defaults(for: .users)
/// config.normalisation = .minMax
/// config.attributes = [.buckets("age", edges: [18, 25, 35, 45, 50, 56]), .oneHot("gender")]
/// let profiles = try ProfileBuilder(config).build(dataset: data, training: split.train)
/// ```
///
/// Defaults (`defaults(for:)`): users — age buckets with edges 18, 25, 35, 45, 50, 56 (the ML-1M age
/// groups), gender and occupation one-hot, region = first character of `zip_code` / `zip`, synthetic
/// `region` one-hot (all optional: skipped when the dataset lacks them); dynamic genre affinity,
/// activity, rating mean and variance, recency, diversity; z-score; `is_cold` column. Items — genres
/// (`genres` / `class`) multi-hot, release year (`year` / `release_year`) numeric, dynamic popularity
/// and rating mean; z-score; `is_cold` column.
public struct ProfileConfig: Codable, Sendable, Equatable {
    /// Users or items.
    public var entity: ProfileEntity
    /// Static attribute features, in column order.
    public var attributes: [AttributeFeature]
    /// Dynamic features, in column order after the static ones.
    public var dynamic: [DynamicFeature]
    /// Item attribute holding genres for affinity and diversity (multi-categorical or categorical);
    /// nil = the first of `genres`, `genre`, `class`, `category`, `categories` the dataset has.
    public var genreAttribute: String?
    /// Weighting of interactions in affinity and diversity. Default `count`.
    public var affinityWeighting: AffinityWeighting
    /// Normalisation of continuous columns. Default `zScore`.
    public var normalisation: Normalisation
    /// Whether a last column `is_cold` (1 when the entity has no training interaction) is added. Default true.
    public var coldIndicator: Bool
    /// Seconds per recency unit. Default 86,400 (days).
    public var recencyUnitSeconds: Double

    /// A configuration; unspecified fields take the documented defaults.
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
            return ProfileConfig(entity: .users, attributes: [
                .buckets("age", edges: [18, 25, 35, 45, 50, 56], optional: true),
                .oneHot("gender", optional: true),
                .oneHot("occupation", optional: true),
                .region("zip_code", characters: 1, optional: true),
                .region("zip", characters: 1, optional: true),
                .oneHot("region", optional: true),
            ], dynamic: [.genreAffinity, .activity, .ratingMean, .ratingVariance, .recency, .diversity])
        case .items:
            return ProfileConfig(entity: .items, attributes: [
                .multiHot("genres", optional: true),
                .multiHot("class", optional: true),
                .numeric("year", optional: true),
                .numeric("release_year", optional: true),
            ], dynamic: [.popularity, .ratingMean])
        }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case entity, attributes, dynamic, genreAttribute = "genre_attribute", affinityWeighting = "affinity_weighting"
        case normalisation, coldIndicator = "cold_indicator", recencyUnitSeconds = "recency_unit_seconds"
    }

    /// Decodes a configuration; missing keys take the defaults of its entity (users when absent).
    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ProfileConfig.defaults(for: try c.decodeIfPresent(ProfileEntity.self, forKey: .entity) ?? .users)
        entity = d.entity
        attributes = try c.decodeIfPresent([AttributeFeature].self, forKey: .attributes) ?? d.attributes
        dynamic = try c.decodeIfPresent([DynamicFeature].self, forKey: .dynamic) ?? d.dynamic
        genreAttribute = try c.decodeIfPresent(String.self, forKey: .genreAttribute)
        affinityWeighting = try c.decodeIfPresent(AffinityWeighting.self, forKey: .affinityWeighting) ?? d.affinityWeighting
        normalisation = try c.decodeIfPresent(Normalisation.self, forKey: .normalisation) ?? d.normalisation
        coldIndicator = try c.decodeIfPresent(Bool.self, forKey: .coldIndicator) ?? d.coldIndicator
        recencyUnitSeconds = try c.decodeIfPresent(Double.self, forKey: .recencyUnitSeconds) ?? d.recencyUnitSeconds
    }

    /// Checks what can be checked without a dataset: genre features on items, bucket edges, units.
    public func validate() throws {
        for f in dynamic where f.usesGenres && entity == .items {
            throw ProfileError.invalidConfig("dynamic feature '\(f.rawValue)' is defined for users only")
        }
        if Set(dynamic).count != dynamic.count { throw ProfileError.invalidConfig("a dynamic feature is listed twice") }
        guard recencyUnitSeconds > 0, recencyUnitSeconds.isFinite else {
            throw ProfileError.invalidConfig("recency_unit_seconds must be > 0")
        }
        for a in attributes { try a.validate() }
    }
}
