import Foundation
import RecCore

extension KnowledgeGraph {
    /// The items × entities matrix of item knowledge profiles: row `i` holds the weighted
    /// neighbourhood of item `i`'s linked entity (`NeighbourhoodWalker`: rings up to `options.hops`,
    /// decay γ per hop, relation weights), without the item's own entity, L2-normalised when
    /// `normalized` (so a row · row product is the cosine of two items' profiles). Rows of unlinked
    /// items are empty.
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
            let ring = walker.neighbourhood(of: e)
            var norm: Double = 0
            for n in ring { norm += Double(n.weight) * Double(n.weight) }
            let scale = normalized && norm > 0 ? Float(1 / norm.squareRoot()) : 1
            for n in ring { indices.append(n.entity); values.append(n.weight * scale) }
            indptr[i + 1] = indices.count
        }
        return CSRMatrix(rows: itemEntity.count, cols: entities.count, indptr: indptr, indices: indices, values: values)
    }
}
