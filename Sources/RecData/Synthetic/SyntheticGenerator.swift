import RecCore

/// Seeded generator of synthetic recommendation datasets with known latent structure: explicit
/// ratings 1…5 with timestamps, Zipf item popularity, log-normal user activity, user attributes
/// (age, gender, occupation, region) and item attributes (genres, year) that depend on the taste
/// clusters, and a film-style knowledge graph whose entities are shared within clusters.
/// See `SyntheticOptions` for the model and `SyntheticInteractions` for the sampling steps.
///
/// The same options give a bit-identical `Dataset` whatever the thread count: each user and item
/// draws from its own `SeededGenerator.derived` stream and writes to its own slots, and the
/// interactions are concatenated in user order. Users are named `"1"…"U"`, items `"1"…"I"`.
///
/// ```swift
/// let data = SyntheticGenerator(.small).generate()
/// data.interactions.count        // 20 000
/// let (big, truth) = SyntheticGenerator(.scaled(interactions: 16_000_000)).generateWithGroundTruth()
/// ```
public struct SyntheticGenerator: Sendable {
    /// The options this generator draws from.
    public let options: SyntheticOptions
    /// Worker threads to use (the result does not depend on it).
    public let threads: Int

    /// A generator for `options` using at most `threads` threads. Impossible values are clamped
    /// (call `options.validate()` first to report them instead).
    public init(_ options: SyntheticOptions, threads: Int = Parallelism.maxThreads) {
        self.threads = max(1, threads)
        var o = options
        o.users = max(1, o.users); o.items = max(1, o.items)
        o.factors = max(1, o.factors); o.clusters = max(1, o.clusters)
        o.minUserInteractions = max(1, o.minUserInteractions)
        o.maxUserShare = min(1, max(1e-9, o.maxUserShare.isNaN ? 1 : o.maxUserShare))
        o.tasteCandidates = max(1, o.tasteCandidates)
        o.exploration = min(1, max(0, o.exploration.isNaN ? 0 : o.exploration))
        o.kgActorsPerItem = max(0, o.kgActorsPerItem)
        o.kgEntitiesPerCluster = max(1, o.kgEntitiesPerCluster)
        o.timeSpan = max(1, o.timeSpan)
        self.options = o
    }

    /// The dataset, named "synthetic".
    public func generate() -> Dataset { generateWithGroundTruth().dataset }

    /// The dataset together with the hidden model it was drawn from.
    public func generateWithGroundTruth() -> (dataset: Dataset, truth: SyntheticGroundTruth) {
        let o = options
        let world = SyntheticWorld(o)
        let users = SyntheticUsers(o, world: world, threads: threads)
        let items = SyntheticItems(o, world: world, threads: threads)
        let interactions = SyntheticInteractions.sample(options: o, users: users, items: items, world: world,
                                                        threads: threads)
        let userIds = IndexMap((1...o.users).lazy.map { String($0) })
        let itemIds = IndexMap((1...o.items).lazy.map { String($0) })
        let graph = SyntheticKnowledgeGraph.build(options: o, items: items, itemIds: itemIds)
        let dataset = Dataset(name: "synthetic", users: userIds, items: itemIds, interactions: interactions,
                              userAttributes: users.attributes, itemAttributes: items.attributes,
                              knowledgeGraph: graph)
        let truth = SyntheticGroundTruth(
            clusterCentres: DenseMatrix(rows: o.clusters, cols: o.factors, storage: world.centres),
            userCluster: users.cluster, itemCluster: items.cluster,
            userFactors: DenseMatrix(rows: o.users, cols: o.factors, storage: users.factors),
            itemFactors: DenseMatrix(rows: o.items, cols: o.factors, storage: items.factors),
            userBias: users.bias, itemBias: items.bias, itemPopularity: items.popularity,
            globalMean: SyntheticConstants.globalMean, affinityWeight: SyntheticConstants.affinityWeight)
        return (dataset, truth)
    }
}
