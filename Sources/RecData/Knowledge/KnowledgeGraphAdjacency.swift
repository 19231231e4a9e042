import RecCore

/// The knowledge graph as an entity adjacency list in CSR form, in both directions: every distinct
/// triple `(h, r, t)` gives a forward edge `h → t` and an inverse edge `t → h`, both labelled with
/// relation `r` and flagged `inverse` for the second. Row `e` lists the edges leaving entity `e`,
/// ordered by (neighbour, relation, inverse), so a walk over the graph is deterministic.
///
/// Duplicate triples are stored once; a self-loop `(e, r, e)` gives one forward edge only.
///
/// ```swift
/// let adjacency = KnowledgeGraphAdjacency(graph)
/// for p in adjacency.edges(of: 3) {
///     print(adjacency.neighbours[p], adjacency.relations[p], adjacency.inverse[p])
/// }
/// ```
public struct KnowledgeGraphAdjacency: Sendable, Equatable {
    /// Number of entities (rows).
    public let entityCount: Int
    /// Number of relations (relation labels are `0..<relationCount`).
    public let relationCount: Int
    /// Row pointers, `entityCount + 1` entries: entity `e`'s edges are `indptr[e]..<indptr[e+1]`.
    public let indptr: [Int]
    /// The entity each edge leads to.
    public let neighbours: [Int32]
    /// The relation of each edge.
    public let relations: [Int32]
    /// Whether the edge walks a triple from tail to head.
    public let inverse: [Bool]

    /// Builds the adjacency of `graph` (O(triples · log triples) for the deduplication sort).
    public init(_ graph: KnowledgeGraph) {
        let n = graph.entities.count
        // Distinct triples, in (head, relation, tail) order.
        let order = (0..<graph.tripleCount).sorted {
            (graph.heads[$0], graph.relationOfTriple[$0], graph.tails[$0], $0)
                < (graph.heads[$1], graph.relationOfTriple[$1], graph.tails[$1], $1)
        }
        var from = [Int32](), to = [Int32](), rel = [Int32](), inv = [Bool]()
        from.reserveCapacity(2 * order.count); to.reserveCapacity(2 * order.count)
        rel.reserveCapacity(2 * order.count); inv.reserveCapacity(2 * order.count)
        var previous: (Int32, Int32, Int32)? = nil
        for k in order {
            let triple = (graph.heads[k], graph.relationOfTriple[k], graph.tails[k])
            if let p = previous, p == triple { continue }
            previous = triple
            from.append(triple.0); to.append(triple.2); rel.append(triple.1); inv.append(false)
            if triple.0 != triple.2 { from.append(triple.2); to.append(triple.0); rel.append(triple.1); inv.append(true) }
        }
        // Counting sort by source, then sort each row by (neighbour, relation, inverse).
        var counts = [Int](repeating: 0, count: n + 1)
        for s in from { counts[Int(s) + 1] += 1 }
        for e in 0..<n { counts[e + 1] += counts[e] }
        var next = counts
        var slot = [Int](repeating: 0, count: from.count)
        for k in 0..<from.count { slot[next[Int(from[k])]] = k; next[Int(from[k])] += 1 }
        for e in 0..<n {
            slot[counts[e]..<counts[e + 1]].sort {
                (to[$0], rel[$0], inv[$0] ? 1 : 0) < (to[$1], rel[$1], inv[$1] ? 1 : 0)
            }
        }
        entityCount = n
        relationCount = graph.relations.count
        indptr = counts
        neighbours = slot.map { to[$0] }
        relations = slot.map { rel[$0] }
        inverse = slot.map { inv[$0] }
    }

    /// Number of edges (twice the distinct non-loop triples, plus the loops).
    public var edgeCount: Int { neighbours.count }

    /// Positions of the edges leaving `entity` (index `neighbours`, `relations`, `inverse` with them).
    @inlinable public func edges(of entity: Int32) -> Range<Int> { indptr[Int(entity)]..<indptr[Int(entity) + 1] }

    /// Number of edges leaving `entity` (its degree, counting both directions).
    @inlinable public func degree(of entity: Int32) -> Int { indptr[Int(entity) + 1] - indptr[Int(entity)] }

    /// The edge's relation-and-direction label in `0..<2·relationCount`: `2r` forward, `2r + 1` inverse.
    @inlinable public func directedRelation(_ edge: Int) -> Int { 2 * Int(relations[edge]) + (inverse[edge] ? 1 : 0) }
}

extension KnowledgeGraph {
    /// The graph's bidirectional CSR adjacency.
    public func adjacency() -> KnowledgeGraphAdjacency { KnowledgeGraphAdjacency(self) }

    /// For each entity, the dataset items linked to it (entity → items, the inverse of `itemEntity`),
    /// as CSR row pointers and item indices ascending.
    public func linkedItemsByEntity() -> (indptr: [Int], items: [Int32]) {
        var counts = [Int](repeating: 0, count: entities.count + 1)
        for e in itemEntity where e >= 0 { counts[Int(e) + 1] += 1 }
        for e in 0..<entities.count { counts[e + 1] += counts[e] }
        var next = counts
        var items = [Int32](repeating: 0, count: counts[entities.count])
        for (i, e) in itemEntity.enumerated() where e >= 0 { items[next[Int(e)]] = Int32(i); next[Int(e)] += 1 }
        return (counts, items)
    }
}
