/// Every knob of the seeded synthetic dataset generator (`SyntheticGenerator`).
///
/// The data come from a latent-taste model: `clusters` taste clusters with unit-length centres in a
/// `factors`-dimensional space, users and items scattered around the centre of their cluster, item
/// popularity following a Zipf law (weight ∝ 1/rank^`zipfExponent`, Zipf 1949; Breslau et al. 1999
/// for its fit to web and media consumption), user activity log-normal with log-scale standard
/// deviation `activitySigma`, and ratings from biases plus the latent dot product plus Gaussian noise
/// (the biased matrix-factorisation model of Koren, Bell & Volinsky 2009, eq. 4, run generatively).
///
/// ```swift
/// var options = SyntheticOptions.scaled(interactions: 1_000_000)
/// options.seed = 7
/// let data = SyntheticGenerator(options).generate()
/// ```
///
/// When decoded from JSON, missing keys take the values of `scaled(interactions:)` if `interactions`
/// is given and of `small` otherwise; unknown keys are an error that names the nearest known key.
/// A spec sets only the `size` (`dataset.synthetic`); every other option keeps its default there.
public struct SyntheticOptions: Sendable, Equatable {
    // MARK: Size
    /// Users, items, interactions and seed: the part a spec sets.
    public var size: SyntheticSize
    /// Number of users (exact).
    public var users: Int { get { size.users } set { size.users = newValue } }
    /// Number of items (exact).
    public var items: Int { get { size.items } set { size.items = newValue } }
    /// Target number of interactions; met exactly whenever `users · minUserInteractions ≤ interactions
    /// ≤ users · (per-user cap)`, otherwise clamped to that range (`validate()` reports it).
    public var interactions: Int { get { size.interactions } set { size.interactions = newValue } }

    // MARK: Latent model
    /// Dimension of the latent taste vectors.
    public var factors: Int = 16
    /// Number of taste clusters (users and items each belong to one).
    public var clusters: Int = 8
    /// Spread of a user's vector around its cluster centre (norm of the offset, centres have norm 1).
    public var userSpread: Double = 0.8
    /// Spread of an item's vector around its cluster centre.
    public var itemSpread: Double = 0.8

    // MARK: Consumption
    /// Zipf exponent `s` of item popularity: an item of popularity rank `r` (1-based) has base
    /// weight `1 / r^s`. 0 makes popularity flat.
    public var zipfExponent: Double = 1.15
    /// Log-scale standard deviation of the log-normal user activity.
    public var activitySigma: Double = 1.0
    /// Minimum number of interactions of every user.
    public var minUserInteractions: Int = 5
    /// Largest share of the catalogue one user may consume (the per-user cap is
    /// `max(minUserInteractions, ⌊maxUserShare · items⌋)`, at most `items`).
    public var maxUserShare: Double = 0.5
    /// Strength `β` of taste affinity in item choice: a user of cluster `c` draws items with weight
    /// `popularity(i) · exp(β · ⟨centre_c, q_i⟩)`.
    public var tasteStrength: Double = 3.0
    /// Share of draws taken from plain popularity instead of the user's cluster (cross-taste noise).
    public var exploration: Double = 0.15
    /// Candidates drawn per pick; the one with the highest personal affinity `⟨p_u, q_i⟩` is kept,
    /// so the individual vector matters beyond the cluster. 1 turns this off.
    public var tasteCandidates: Int = 2

    // MARK: Ratings
    /// Standard deviation of the Gaussian noise added to each rating before rounding to 1…5.
    public var ratingNoise: Double = 0.6

    // MARK: Attributes
    /// How strongly user and item attributes depend on the cluster, in [0, 1]: 0 draws every
    /// attribute from one shared distribution, 1 from fully cluster-specific ones.
    public var attributeSignal: Double = 0.7

    // MARK: Knowledge graph
    /// Directors per cluster (actors are 3×, studios ¼× this, at least 1).
    public var kgEntitiesPerCluster: Int = 12
    /// Actors linked to each item.
    public var kgActorsPerItem: Int = 3
    /// Probability that an item's director, actor or studio comes from its own cluster's pool rather
    /// than from all entities uniformly.
    public var kgSignal: Double = 0.85
    /// Share of items linked to a knowledge-graph entity (the rest have `itemEntity == -1`).
    public var kgLinkedFraction: Double = 0.95

    // MARK: Time
    /// Start of the time window (seconds since the epoch; default 2015-01-01T00:00:00Z).
    public var startTime: Int64 = 1_420_070_400
    /// Length of the time window in seconds (default 5 × 365 days).
    public var timeSpan: Int64 = 157_680_000

    // MARK: Seed
    /// Seed of every random draw; the same options give a bit-identical dataset.
    public var seed: UInt64 { get { size.seed } set { size.seed = newValue } }

    /// Options with the given sizes and the documented defaults for everything else.
    public init(users: Int, items: Int, interactions: Int, seed: UInt64 = 42) {
        size = SyntheticSize { $0.users = users; $0.items = items; $0.interactions = interactions; $0.seed = seed }
    }

    /// Options of the given size and seed (a spec's `dataset.synthetic`), the defaults for everything else.
    public init(_ size: SyntheticSize) { self.size = size }

    /// 600 users, 400 items, 20 000 interactions: the embedded default used when no real data set is
    /// fetched (about the shape of a small MovieLens sample, 8 % dense).
    public static let small = SyntheticOptions(users: 600, items: 400, interactions: 20_000)

    /// 1 000 users, 1 700 items, 100 000 interactions (the shape of MovieLens-100K).
    public static let medium = SyntheticOptions(users: 1_000, items: 1_700, interactions: 100_000)

    /// Options for about `interactions` interactions with MovieLens-like proportions: one user per
    /// 150 interactions and `5·√interactions` items (1M → 6 666 users × 5 000 items;
    /// 16M → 106 666 users × 20 000 items).
    public static func scaled(interactions: Int) -> SyntheticOptions {
        let n = max(1, interactions)
        let users = max(1, min(max(20, n / 150), n / 5))
        let items = max(50, Int((5 * Double(n).squareRoot()).rounded()))
        return SyntheticOptions(users: users, items: items, interactions: n)
    }

    /// The per-user interaction cap implied by `items` and `maxUserShare`.
    public var maxUserInteractions: Int {
        min(items, max(minUserInteractions, Int(maxUserShare * Double(items))))
    }

    /// Stable text of every option, in a fixed order (part of the cache key).
    public var cacheDescription: String {
        "synthetic;users=\(users);items=\(items);interactions=\(interactions);factors=\(factors);"
            + "clusters=\(clusters);userSpread=\(userSpread);itemSpread=\(itemSpread);zipf=\(zipfExponent);"
            + "activitySigma=\(activitySigma);minUser=\(minUserInteractions);maxUserShare=\(maxUserShare);"
            + "taste=\(tasteStrength);exploration=\(exploration);candidates=\(tasteCandidates);"
            + "ratingNoise=\(ratingNoise);attributeSignal=\(attributeSignal);"
            + "kgEntitiesPerCluster=\(kgEntitiesPerCluster);kgActorsPerItem=\(kgActorsPerItem);"
            + "kgSignal=\(kgSignal);kgLinked=\(kgLinkedFraction);start=\(startTime);span=\(timeSpan);seed=\(seed)"
    }

    /// Checks that every option is possible; throws `DataError.invalidOption` naming the first one
    /// that is not, with the fix. `SyntheticGenerator` clamps instead of failing, so call this where
    /// options come from a user.
    public func validate() throws {
        func fail(_ name: String, _ detail: String) throws { throw DataError.invalidOption(name: name, detail: detail) }
        if users < 1 { try fail("users", "must be at least 1 (got \(users))") }
        if items < 1 { try fail("items", "must be at least 1 (got \(items))") }
        if factors < 1 { try fail("factors", "must be at least 1 (got \(factors))") }
        if clusters < 1 { try fail("clusters", "must be at least 1 (got \(clusters))") }
        if minUserInteractions < 1 { try fail("minUserInteractions", "must be at least 1 (got \(minUserInteractions))") }
        if !(maxUserShare > 0 && maxUserShare <= 1) { try fail("maxUserShare", "must be in (0, 1] (got \(maxUserShare))") }
        let low = users * min(minUserInteractions, items), high = users * maxUserInteractions
        if interactions < low || interactions > high {
            try fail("interactions", "must be in \(low)...\(high) for \(users) users, \(items) items, "
                     + "minUserInteractions \(minUserInteractions) and maxUserShare \(maxUserShare) (got \(interactions))")
        }
        if !(zipfExponent >= 0) { try fail("zipfExponent", "must be ≥ 0 (got \(zipfExponent))") }
        if !(activitySigma >= 0) { try fail("activitySigma", "must be ≥ 0 (got \(activitySigma))") }
        if !(userSpread >= 0) { try fail("userSpread", "must be ≥ 0 (got \(userSpread))") }
        if !(itemSpread >= 0) { try fail("itemSpread", "must be ≥ 0 (got \(itemSpread))") }
        if !(tasteStrength >= 0) { try fail("tasteStrength", "must be ≥ 0 (got \(tasteStrength))") }
        if !(ratingNoise >= 0) { try fail("ratingNoise", "must be ≥ 0 (got \(ratingNoise))") }
        for (name, p) in [("exploration", exploration), ("attributeSignal", attributeSignal),
                          ("kgSignal", kgSignal), ("kgLinkedFraction", kgLinkedFraction)] where !(p >= 0 && p <= 1) {
            try fail(name, "must be in [0, 1] (got \(p))")
        }
        if tasteCandidates < 1 { try fail("tasteCandidates", "must be at least 1 (got \(tasteCandidates))") }
        if kgEntitiesPerCluster < 1 { try fail("kgEntitiesPerCluster", "must be at least 1 (got \(kgEntitiesPerCluster))") }
        if kgActorsPerItem < 0 { try fail("kgActorsPerItem", "must be ≥ 0 (got \(kgActorsPerItem))") }
        if timeSpan < 1 { try fail("timeSpan", "must be at least 1 second (got \(timeSpan))") }
    }
}
