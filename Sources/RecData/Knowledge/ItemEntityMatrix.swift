import Foundation
import RecCore

extension KnowledgeGraph {
    /// The items × entities matrix of item knowledge profiles: row `i` holds the weighted
    /// neighbourhood of item `i`'s linked entity (`NeighbourhoodWalker`: rings up to `options.hops`,
    /// decay γ per hop, relation weights), without the item's own entity, L2-normalised when
    /// `normalized` (so a row · row product is the cosine of two items' profiles). Rows of unlinked
    /// items are empty.
    ///
    /// With `options.balanceRelations`, the entities of each (ring h, relation label) group — the
    /// label of the last edge of their best path — are first rescaled to a group norm of `γ^(h−1)`,
    /// so each relation carries the same mass whatever its number of entities.
    ///
    /// ```swift
    /// let x = graph.itemEntityMatrix(NeighbourhoodOptions(hops: 1))   // itemCount × entities.count
    /// ```
    public func itemEntityMatrix(_ options: NeighbourhoodOptions = NeighbourhoodOptions(),
                                 normalized: Bool = true) -> CSRMatrix {
        itemEntityMatrix(adjacency: adjacency(), options: options, normalized: normalized)
    }

    /// `itemEntityMatrix(_:normalized:)` over an adjacency already built.
    public func itemEntityMatrix(adjacency: KnowledgeGraphAdjacency, options: NeighbourhoodOptions,
                                 normalized: Bool = true) -> CSRMatrix {
        var walker = NeighbourhoodWalker(adjacency, options: options)
        var indptr = [Int](repeating: 0, count: itemEntity.count + 1)
        var indices: [Int32] = [], values: [Float] = []
        for (i, e) in itemEntity.enumerated() {
            var ring = walker.neighbourhood(of: e)
            if options.balanceRelations { Self.balance(&ring, decay: options.hopDecay) }
            var norm: Double = 0
            for n in ring { norm += Double(n.weight) * Double(n.weight) }
            let scale = normalized && norm > 0 ? Float(1 / norm.squareRoot()) : 1
            for n in ring { indices.append(n.entity); values.append(n.weight * scale) }
            indptr[i + 1] = indices.count
        }
        return CSRMatrix(rows: itemEntity.count, cols: entities.count, indptr: indptr, indices: indices, values: values)
    }

    /// Rescales each (ring, relation) group of a neighbourhood to L2 norm `γ^(h−1)`, so every relation
    /// counts the same however many entities it brings (37 actors weigh as much as one director).
    static func balance(_ ring: inout [NeighbourEntity], decay: Float) {
        var norms: [Int64: Double] = [:]
        for n in ring { norms[Int64(n.hop) << 32 | Int64(n.relation), default: 0] += Double(n.weight) * Double(n.weight) }
        for k in ring.indices {
            let key = Int64(ring[k].hop) << 32 | Int64(ring[k].relation)
            var scale = Float(1 / norms[key]!.squareRoot())
            for _ in 1..<max(ring[k].hop, 1) { scale *= decay }
            ring[k].weight *= scale
        }
    }
}
