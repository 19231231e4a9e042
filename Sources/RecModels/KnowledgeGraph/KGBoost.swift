import RecConfig
import RecCore
import RecData
import RecHDF5

/// `kg_boost`'s parameters (its base model is a component).
public struct KGBoostConfig: Configuration {
    @Param(in: 0...1000, doc: "weight α of the knowledge-graph score")
    public var alpha: Float = 0.5
    public var neighbourhood = KnowledgeGraphNeighbourhoodConfig()
    @Param(doc: "per-user normalisation of model scores before they are combined")
    public var normalization = ScoreNormalization.zScore
    @Param(doc: "weight the user's items by rating in their profile")
    public var ratingWeighted = false
    @Param(doc: "give every relation equal total weight per item")
    public var relationBalance = false
    @Param(doc: "item knowledge profile: KG neighbourhood vector or TransE entity embedding")
    public var kgSource = KnowledgeSource.neighbourhood
    @Param(in: 1...1024, doc: "TransE embedding width k (kg_source transe)")
    public var transeDim = 50
    @Param(in: 1...10_000, doc: "TransE passes over the triples")
    public var transeEpochs = 50
    @Param(in: 0.01...100, doc: "TransE margin γ of the ranking loss")
    public var transeMargin: Float = 1
    @Param(in: 0.00001...10, doc: "TransE SGD step per triple")
    public var transeLr: Float = 0.01
    @Param(doc: "TransE dissimilarity ‖h + r − t‖: l1 or l2")
    public var transeNorm = TransEDistance.l1
    @Param(in: 0...1000, doc: "KG-nearest warm items that impute the base score of an item without training data (0 = off)")
    public var coldNeighbours = 0
    public init() {}

    /// The TransE options these parameters give, seeded with the trial's seed.
    public func transe(seed: UInt64) -> TransEOptions {
        TransEOptions(dimension: transeDim, epochs: transeEpochs, margin: transeMargin, learningRate: transeLr,
                      distance: transeNorm, seed: seed)
    }
}

/// Knowledge-graph boosting of any base recommender: the base model's scores, normalised per user
/// over the whole catalogue (so a subset of items scores as the matching slice of full ranking),
/// plus α times the knowledge-graph similarity of the item to the user,
///
///     score(u, i) = norm_u(base(u, i)) + α · kg(u, i),
///     kg(u, i)    = cos(p_u, x_i),   p_u = Σ_{j ∈ train(u)} w_uj x_j,
///
/// where `x_i` is item i's knowledge profile (the L2-normalised weighted neighbourhood of its linked
/// entity, `KnowledgeGraph.itemEntityMatrix`: `hops` rings, decay `hopDecay` per ring, edge weights
/// by `relationWeighting`) and `w_uj` is 1, or the rating when `ratingWeighted`. Because the base
/// scores are normalised (`zScore` or `minMax`, `ScoreNormalization`), α means the same for every base
/// model: with z-scores, α = 1 lets a full cosine match count like one standard deviation of the base.
/// Items without a linked entity get kg = 0. This is a late-fusion form of knowledge-aware
/// recommendation (cf. the KG-enhanced item similarities of Catherine & Cohen, RecSys 2016).
///
/// With `source == .transe` the item profile `x_i` is instead the TransE embedding of the item's
/// entity (Bordes et al., NIPS 2013; `TransETrainer` with `transe`, seeded), unit length; the user
/// profile is the (rating-weighted) sum, i.e. the direction of the mean, of their training items'.
///
/// **Cold items.** A base model cannot score an item without training interactions: collaborative
/// scores of such items are constant (0 for item-kNN), so after per-user normalisation they sit at
/// the bottom of every list and no α that keeps the base meaningful lifts them. When
/// `coldNeighbours` k > 0, an item with no training interaction but a knowledge profile gets the
/// similarity-weighted mean of the normalised base scores of its k KG-nearest warm items
/// (`ColdItemNeighbours`; cosine of the same profiles). The normalisation statistics are taken over
/// the warm items only, and the imputed values are normalised once more as a group of their
/// own: a mean over k neighbours has a far smaller spread than single scores, so unnormalised
/// it would bury every cold item in the middle of the list; like any other score source combined
/// here, it is put on the common per-user scale (which treats a cold item as a priori as likely
/// relevant as a warm one). A cold film whose graph neighbours the base ranks high for this user
/// then ranks high among all items, and α·kg is added as for warm items. Warm items keep the order of
/// their base scores, but their normalised values differ slightly from those of the model without
/// imputation, whose statistics include the cold candidates' constant base scores.
///
/// `fit` builds the knowledge profiles, then fits the base; the base's epochs are reported to the
/// observer as epochs of this model (so validation and snapshots see the boosted scores). Saving
/// writes this model's state and the base's in the subgroup `base`; scoring uses this instance's
/// `alpha` and `normalization`.
///
/// ```swift
/// let model = KGBoost(base: ItemKNN(), config: KGBoostConfig { $0.alpha = 0.5; $0.neighbourhood.hops = 2 })
/// try model.fit(TrainingData(prepared), observer: nil)
/// // item cold start: TransE profiles, cold items imputed from their 50 KG-nearest warm items
/// let cold = KGBoost(base: ItemKNN(), config: KGBoostConfig { $0.alpha = 0; $0.kgSource = .transe; $0.coldNeighbours = 50 })
/// ```
public final class KGBoost: RecommenderType {
    public static let typeName = "kg_boost"
    public static let summary = "Any base model plus α · cosine(user's knowledge profile, item's KG neighbourhood or TransE embedding), base scores normalised per user; optionally imputes cold items' base scores from their KG-nearest warm items."
    public static let components: ClosedRange<Int>? = 1...1
    /// The boosted model.
    public let base: any Recommender
    /// Rings around the item's entity (1–3; typ. 1 or 2).
    public var hops: Int { config.neighbourhood.hops }
    /// γ, weight multiplier per further ring (in [0, 1]).
    public var hopDecay: Float { config.neighbourhood.hopDecay }
    /// Edge weights.
    public var relationWeighting: RelationWeighting { config.neighbourhood.relationWeighting }
    /// Hubs with more edges than this are not walked through (0 = no limit; only matters for hops ≥ 2).
    public var maxFanout: Int { config.neighbourhood.maxFanout }


    /// Where item knowledge profiles come from.
    public var source: KnowledgeSource { config.kgSource }
    /// TransE hyper-parameters (used when `source == .transe`).
    public var transe: TransEOptions { config.transe(seed: seed) }

    private(set) var profiles = ProfileCosine.empty
    private(set) var cold = ColdItemNeighbours.empty
    /// TransE's per-epoch losses from the last `fit` (empty for the neighbourhood source or after `load`).
    public private(set) var transeLosses: [[String: Double]] = []

    /// A boosted `base`. Parameters are checked by `fit`.
    /// The validated configuration.
    public let config: KGBoostConfig
    /// Seed of TransE (the only randomness besides the base model's own).
    public let seed: UInt64

    /// Boosts `base` (unfitted; `fit` fits it).
    public init(base: any Recommender, config: KGBoostConfig = .init(), seed: UInt64 = 0) {
        self.base = base; self.config = config; self.seed = seed
    }

    public convenience init(config: KGBoostConfig, context: ModelContext) throws {
        guard let base = context.components.first?.model else {
            throw ModelError.invalidParameter(model: Self.typeName, name: "components", detail: "needs a base model")
        }
        self.init(base: base, config: config, seed: context.seed)
    }

    /// The neighbourhood options the knowledge profiles are built with.
    public var neighbourhoodOptions: NeighbourhoodOptions { config.neighbourhood.options(balanceRelations: config.relationBalance) }

    public func fit(_ data: TrainingData, observer: (any TrainingObserver)?) throws {
        let graph = try Self.requireGraph(data.dataset, model: typeName)
        let items: CSRMatrix
        switch source {
        case .neighbourhood:
            items = graph.itemEntityMatrix(neighbourhoodOptions)
            transeLosses = []
        case .transe:
            let trainer = try TransETrainer(graph: graph, options: transe, model: typeName)
            transeLosses = trainer.train()
            items = KnowledgeSource.itemVectors(entities: trainer.entityEmbeddings, itemEntity: graph.itemEntity)
        }
        setProfiles(ProfileCosine(itemFeatures: items,
                                  userWeights: (config.ratingWeighted ? ProfileWeighting.rating : .binary).weights(data.userItem)))
        try base.fit(data, observer: observer.map { ForwardingObserver($0, owner: self) })
    }

    /// The knowledge-graph term `kg(u, i)` alone (cosine in [0, 1]).
    public func knowledgeScores(users: [Int32], items: [Int32]?) -> DenseMatrix {
        profiles.scores(users: users, items: items)
    }

    /// Installs the profiles and the cold-item neighbours derived from them (warm = any training weight).
    private func setProfiles(_ p: ProfileCosine) {
        profiles = p
        cold = ColdItemNeighbours(profiles: p, warm: p.userWeights.columnCounts().map { $0 > 0 }, count: config.coldNeighbours)
    }

    /// The items whose base score is imputed from their KG neighbours.
    public var imputedItems: [Int32] {
        (0..<cold.neighbours.rows).filter { cold.imputes($0) }.map(Int32.init)
    }

    /// The normalised base scores, with cold items imputed (see the type's documentation).
    public func normalizedBaseScores(users: [Int32], items: [Int32]?) -> DenseMatrix {
        // Normalisation statistics are a user's over the whole catalogue, so a subset of items scores
        // exactly as the matching columns of full ranking (and sampled candidates rank as in full).
        if let items { return normalizedBaseScores(users: users, items: nil).columns(items) }
        var raw = base.score(users: users, items: nil)
        guard let plan = cold.plan(itemCount: profiles.itemCount) else {
            config.normalization.normalizeRows(&raw)
            return raw
        }
        let width = raw.cols
        var scratch = [Float](repeating: 0, count: plan.imputedColumns.count)
        raw.storage.withUnsafeMutableBufferPointer { src in
            scratch.withUnsafeMutableBufferPointer { tmp in
                for r in 0..<users.count {
                    plan.normalizeAndImpute(UnsafeMutableBufferPointer(rebasing: src[(r * width)..<((r + 1) * width)]),
                                            config.normalization, scratch: tmp)
                }
            }
        }
        return raw
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        var out = normalizedBaseScores(users: users, items: items)
        guard config.alpha != 0 else { return out }
        let kg = profiles.scores(users: users, items: items)
        precondition(kg.cols == out.cols, "kg_boost: the base scores \(out.cols) items, the knowledge profiles \(kg.cols)")
        for k in 0..<out.storage.count { out.storage[k] += config.alpha * kg.storage[k] }
        return out
    }

    public func save(to group: HDF5Group) throws {
        try group.setAttribute("type", typeName)
        try group.setAttribute("alpha", Double(config.alpha))
        try group.setAttribute("hops", Int64(hops))
        try group.setAttribute("hop_decay", Double(hopDecay))
        try group.setAttribute("relation_weighting", relationWeighting.rawValue)
        try group.setAttribute("normalization", config.normalization.rawValue)
        try group.setAttribute("rating_weighted", Int64(config.ratingWeighted ? 1 : 0))
        try group.setAttribute("max_fanout", Int64(maxFanout))
        try group.setAttribute("relation_balance", Int64(config.relationBalance ? 1 : 0))
        try group.setAttribute("kg_source", source.rawValue)
        try group.setAttribute("cold_neighbours", Int64(config.coldNeighbours))
        if source == .transe {
            try group.setAttribute("transe_dim", Int64(transe.dimension))
            try group.setAttribute("transe_epochs", Int64(transe.epochs))
            try group.setAttribute("transe_margin", Double(transe.margin))
            try group.setAttribute("transe_lr", Double(transe.learningRate))
            try group.setAttribute("transe_norm", transe.distance.rawValue)
        }
        try group.write("item_entities", csr: profiles.itemFeatures, compression: 0)
        try group.write("user_weights", csr: profiles.userWeights, compression: 0)
        try base.save(to: group.createGroup("base"))
    }

    public func load(from group: HDF5Group) throws {
        let items = try group.readCSRMatrix("item_entities")
        let weights = try group.readCSRMatrix("user_weights")
        guard weights.cols == items.rows else {
            throw ModelError.incompatibleSave(model: typeName, detail: "user weights over \(weights.cols) items, knowledge profiles for \(items.rows)")
        }
        let savedSource: String = try group.attribute("kg_source") ?? KnowledgeSource.neighbourhood.rawValue
        guard savedSource == source.rawValue else {
            throw ModelError.incompatibleSave(model: typeName, detail: "saved knowledge profiles come from '\(savedSource)', this instance uses '\(source.rawValue)'")
        }
        let baseGroup = try group.openGroup("base")
        if let savedType: String = try baseGroup.attribute("type"), savedType != base.typeName {
            throw ModelError.incompatibleSave(model: typeName, detail: "saved base is '\(savedType)', this instance boosts '\(base.typeName)'")
        }
        try base.load(from: baseGroup)
        transeLosses = []
        setProfiles(ProfileCosine(itemFeatures: items, userWeights: weights))
    }
}

extension KGBoost {

    /// The dataset's knowledge graph with one link slot per item, or a clear error.
    static func requireGraph(_ dataset: Dataset, model: String) throws -> KnowledgeGraph {
        guard var graph = dataset.knowledgeGraph else {
            throw ModelError.invalidParameter(model: model, name: "dataset",
                                              detail: "dataset '\(dataset.name)' has no knowledge graph (.kg/.link files)")
        }
        let n = dataset.itemCount
        if graph.itemEntity.count < n {
            graph.itemEntity += [Int32](repeating: -1, count: n - graph.itemEntity.count)
        } else if graph.itemEntity.count > n {
            graph.itemEntity = Array(graph.itemEntity.prefix(n))
        }
        return graph
    }
}
