import RecCore
import RecData
import RecHDF5

/// Knowledge-graph boosting of any base recommender: the base model's scores, normalised per user
/// over the candidate items, plus α times the knowledge-graph similarity of the item to the user,
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
/// `fit` builds the knowledge profiles, then fits the base; the base's epochs are reported to the
/// observer as epochs of this model (so validation and snapshots see the boosted scores). Saving
/// writes this model's state and the base's in the subgroup `base`; scoring uses this instance's
/// `alpha` and `normalization`.
///
/// ```swift
/// let model = KGBoost(base: ItemKNN(neighbours: 40), alpha: 0.5, hops: 2, relationWeighting: .inverseFrequency)
/// try model.fit(TrainingData(prepared), observer: nil)
/// ```
public final class KGBoost: Recommender {
    public let typeName = "kg_boost"
    /// The boosted model.
    public let base: any Recommender
    /// α, weight of the knowledge-graph cosine (≥ 0; typ. 0–5 with z-scores).
    public let alpha: Float
    /// Rings around the item's entity (1–3; typ. 1 or 2).
    public let hops: Int
    /// γ, weight multiplier per further ring (in [0, 1]).
    public let hopDecay: Float
    /// Edge weights.
    public let relationWeighting: RelationWeighting
    /// Per-user normalisation of the base scores.
    public let normalization: ScoreNormalization
    /// Whether a training item weighs its rating in the user's knowledge profile.
    public let ratingWeighted: Bool
    /// Hubs with more edges than this are not walked through (0 = no limit; only matters for hops ≥ 2).
    public let maxFanout: Int

    /// Whether every relation gets the same mass in an item's profile (`NeighbourhoodOptions.balanceRelations`).
    public let relationBalance: Bool

    private(set) var profiles = ProfileCosine.empty

    /// A boosted `base`. Parameters are checked by `fit`.
    public init(base: any Recommender, alpha: Float = 0.5, hops: Int = 1, hopDecay: Float = 0.5,
                relationWeighting: RelationWeighting = .inverseFrequency, normalization: ScoreNormalization = .zScore,
                ratingWeighted: Bool = false, maxFanout: Int = 200, relationBalance: Bool = false) {
        self.base = base; self.alpha = alpha; self.hops = hops; self.hopDecay = hopDecay
        self.relationWeighting = relationWeighting; self.normalization = normalization
        self.ratingWeighted = ratingWeighted; self.maxFanout = maxFanout; self.relationBalance = relationBalance
    }

    /// The neighbourhood options the knowledge profiles are built with.
    public var neighbourhoodOptions: NeighbourhoodOptions {
        NeighbourhoodOptions(hops: hops, hopDecay: hopDecay, weighting: relationWeighting, maxFanout: maxFanout,
                             balanceRelations: relationBalance)
    }

    public func fit(_ data: TrainingData, observer: (any TrainingObserver)?) throws {
        try Self.validate(model: typeName, hops: hops, hopDecay: hopDecay, maxFanout: maxFanout)
        try FactorSupport.require(alpha >= 0 && alpha.isFinite, typeName, "alpha", "must be a finite number ≥ 0, got \(alpha)")
        let graph = try Self.requireGraph(data.dataset, model: typeName)
        let items = graph.itemEntityMatrix(neighbourhoodOptions)
        profiles = ProfileCosine(itemFeatures: items,
                                 userWeights: (ratingWeighted ? ProfileWeighting.rating : .binary).weights(data.userItem))
        try base.fit(data, observer: observer.map { ForwardingObserver($0, owner: self) })
    }

    /// The knowledge-graph term `kg(u, i)` alone (cosine in [0, 1]).
    public func knowledgeScores(users: [Int32], items: [Int32]?) -> DenseMatrix {
        profiles.scores(users: users, items: items)
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        var out = base.score(users: users, items: items)
        normalization.normalizeRows(&out)
        guard alpha != 0 else { return out }
        let kg = profiles.scores(users: users, items: items)
        precondition(kg.cols == out.cols, "kg_boost: the base scores \(out.cols) items, the knowledge profiles \(kg.cols)")
        for k in 0..<out.storage.count { out.storage[k] += alpha * kg.storage[k] }
        return out
    }

    public func save(to group: HDF5Group) throws {
        try group.setAttribute("type", typeName)
        try group.setAttribute("alpha", Double(alpha))
        try group.setAttribute("hops", Int64(hops))
        try group.setAttribute("hop_decay", Double(hopDecay))
        try group.setAttribute("relation_weighting", relationWeighting.rawValue)
        try group.setAttribute("normalization", normalization.rawValue)
        try group.setAttribute("rating_weighted", Int64(ratingWeighted ? 1 : 0))
        try group.setAttribute("max_fanout", Int64(maxFanout))
        try group.setAttribute("relation_balance", Int64(relationBalance ? 1 : 0))
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
        let baseGroup = try group.openGroup("base")
        if let savedType: String = try baseGroup.attribute("type"), savedType != base.typeName {
            throw ModelError.incompatibleSave(model: typeName, detail: "saved base is '\(savedType)', this instance boosts '\(base.typeName)'")
        }
        try base.load(from: baseGroup)
        profiles = ProfileCosine(itemFeatures: items, userWeights: weights)
    }
}

extension KGBoost {
    /// Checks the neighbourhood parameters shared by the knowledge-graph models.
    static func validate(model: String, hops: Int, hopDecay: Float, maxFanout: Int) throws {
        try FactorSupport.require((1...3).contains(hops), model, "hops", "must be 1, 2 or 3, got \(hops)")
        try FactorSupport.require(hopDecay >= 0 && hopDecay <= 1, model, "hop_decay", "must be in [0, 1], got \(hopDecay)")
        try FactorSupport.require(maxFanout >= 0, model, "max_fanout", "must be ≥ 0 (0 = no limit), got \(maxFanout)")
    }

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
