/// How an entity's neighbourhood is gathered: how many hops, how much each further hop counts, how
/// edges are weighted, and which hub entities are too broad to walk through.
///
/// ```swift
/// let options = NeighbourhoodOptions(hops: 2, hopDecay: 0.5, weighting: .inverseFrequency, maxFanout: 200)
/// ```
public struct NeighbourhoodOptions: Sendable, Equatable {
    /// Rings gathered around the seed (1 = direct neighbours, 2 = also their neighbours; typ. 1–2).
    public var hops: Int
    /// γ: ring `h` is multiplied by `γ^(h−1)` (in [0, 1]).
    public var hopDecay: Float
    /// Edge weights.
    public var weighting: RelationWeighting
    /// Entities with more edges than this are not walked through to the next ring (they are still
    /// neighbours themselves); 0 = no limit. Keeps two-hop rings from exploding through hubs such as
    /// "language: English".
    public var maxFanout: Int
    /// Whether item profiles give every (ring, relation) group the same mass, so a relation counts the
    /// same however many entities it brings (37 actors weigh as much as one director; see
    /// `KnowledgeGraph.itemEntityMatrix`). Walks themselves are unaffected.
    public var balanceRelations: Bool

    /// Options with RecLab's defaults: one hop, decay 0.5, inverse-frequency weights, fanout 200, unbalanced.
    public init(hops: Int = 1, hopDecay: Float = 0.5, weighting: RelationWeighting = .inverseFrequency, maxFanout: Int = 200,
                balanceRelations: Bool = false) {
        self.hops = hops; self.hopDecay = hopDecay; self.weighting = weighting; self.maxFanout = maxFanout
        self.balanceRelations = balanceRelations
    }
}

/// One entity in a neighbourhood: its weight and the ring (shortest hop distance) it lies in.
public struct NeighbourEntity: Sendable, Equatable {
    /// Entity index.
    public var entity: Int32
    /// Weight: `γ^(h−1)` times the largest product of edge weights over shortest paths from the seed.
    public var weight: Float
    /// Hop distance from the seed (1, 2, …).
    public var hop: Int
    /// Directed relation label (`KnowledgeGraphAdjacency.directedRelation`) of the last edge of the
    /// best path (the first such edge in adjacency order on ties).
    public var relation: Int32

    /// One neighbour.
    public init(entity: Int32, weight: Float, hop: Int, relation: Int32 = 0) {
        self.entity = entity; self.weight = weight; self.hop = hop; self.relation = relation
    }
}

/// Gathers k-hop neighbourhoods by breadth-first search, reusing its buffers between seeds (one
/// walker per thread). Ring `h` holds the entities at shortest distance `h` from the seed (the seed
/// itself is never included); an entity's weight is
///
///     w(e) = γ^(h−1) · max over shortest paths s → … → e of Π w(edge),
///
/// where w(edge) comes from `RelationWeighting` and γ is the hop decay (a path-weighted form of the
/// ripple sets of Wang et al., RippleNet, CIKM 2018). Entities whose weight is 0 are left out.
///
/// ```swift
/// var walker = NeighbourhoodWalker(adjacency, options: NeighbourhoodOptions(hops: 2))
/// let ring = walker.neighbourhood(of: graph.itemEntity[0])   // sorted by entity index
/// ```
public struct NeighbourhoodWalker: Sendable {
    /// The graph walked.
    public let adjacency: KnowledgeGraphAdjacency
    /// The options used.
    public let options: NeighbourhoodOptions
    /// Weight of every edge of `adjacency`.
    public let edgeWeights: [Float]

    private var weight: [Float]
    private var hopOf: [Int32]
    private var via: [Int32]
    private var touched: [Int32] = []

    /// A walker over `adjacency`; computes the edge weights once.
    public init(_ adjacency: KnowledgeGraphAdjacency, options: NeighbourhoodOptions) {
        self.init(adjacency, options: options, edgeWeights: options.weighting.edgeWeights(adjacency))
    }

    /// A walker with precomputed edge weights (shared between walkers of several threads).
    public init(_ adjacency: KnowledgeGraphAdjacency, options: NeighbourhoodOptions, edgeWeights: [Float]) {
        precondition(edgeWeights.count == adjacency.edgeCount)
        self.adjacency = adjacency; self.options = options; self.edgeWeights = edgeWeights
        weight = [Float](repeating: 0, count: adjacency.entityCount)
        hopOf = [Int32](repeating: 0, count: adjacency.entityCount)
        via = [Int32](repeating: 0, count: adjacency.entityCount)
    }

    /// The neighbourhood of `seed` up to `options.hops` rings, sorted by entity index. Empty for a
    /// negative seed (an unlinked item).
    public mutating func neighbourhood(of seed: Int32) -> [NeighbourEntity] {
        guard seed >= 0, Int(seed) < adjacency.entityCount, options.hops >= 1 else { return [] }
        let a = adjacency
        hopOf[Int(seed)] = -1
        var frontier: [Int32] = [seed]
        for h in 1...options.hops {
            let decay: Float = h == 1 ? 1 : options.hopDecay
            var ring: [Int32] = []
            for f in frontier {
                if h > 1 && options.maxFanout > 0 && a.degree(of: f) > options.maxFanout { continue }
                let wf = f == seed ? 1 : weight[Int(f)]
                for p in a.edges(of: f) {
                    let t = a.neighbours[p], ti = Int(t)
                    let candidate = wf * edgeWeights[p] * decay
                    if hopOf[ti] == 0 {
                        hopOf[ti] = Int32(h); weight[ti] = candidate; via[ti] = Int32(a.directedRelation(p))
                        ring.append(t); touched.append(t)
                    } else if hopOf[ti] == Int32(h), candidate > weight[ti] {
                        weight[ti] = candidate; via[ti] = Int32(a.directedRelation(p))
                    }
                }
            }
            if ring.isEmpty { break }
            frontier = ring
        }
        touched.sort()
        var out: [NeighbourEntity] = []
        out.reserveCapacity(touched.count)
        for e in touched {
            let w = weight[Int(e)]
            if w > 0 { out.append(NeighbourEntity(entity: e, weight: w, hop: Int(hopOf[Int(e)]), relation: via[Int(e)])) }
            weight[Int(e)] = 0; hopOf[Int(e)] = 0
        }
        hopOf[Int(seed)] = 0
        touched.removeAll(keepingCapacity: true)
        return out
    }
}
