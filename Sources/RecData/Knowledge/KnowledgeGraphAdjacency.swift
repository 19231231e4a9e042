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

    /// Builds the adjacency of `graph` in O(triples + entities) plus small per-entity sorts of packed
    /// integer keys.
    public init(_ graph: KnowledgeGraph) {
        let n = graph.entities.count
        // 1. Distinct triples: bucket by head, sort each bucket's (relation, tail) keys, drop repeats.
        let byHead = Self.bucket(count: n, sources: graph.heads) { k in
            Int64(graph.relationOfTriple[k]) << 32 | Int64(graph.tails[k])
        }
        // 2. Both directions as packed (neighbour, relation, inverse) keys per source entity.
        var sources: [Int32] = [], keys: [Int64] = []
        sources.reserveCapacity(2 * graph.tripleCount); keys.reserveCapacity(2 * graph.tripleCount)
        for h in 0..<n {
            var previous: Int64 = -1
            for p in byHead.indptr[h]..<byHead.indptr[h + 1] {
                let key = byHead.keys[p]
                if key == previous { continue }
                previous = key
                let r = key >> 32, t = key & 0xFFFF_FFFF
                sources.append(Int32(h)); keys.append(t << 32 | r << 1)
                if t != Int64(h) { sources.append(Int32(t)); keys.append(Int64(h) << 32 | r << 1 | 1) }
            }
        }
        // 3. Rows by source entity, each sorted by (neighbour, relation, inverse).
        let rows = Self.bucket(count: n, sources: sources) { keys[$0] }
        entityCount = n
        relationCount = graph.relations.count
        indptr = rows.indptr
        neighbours = rows.keys.map { Int32($0 >> 32) }
        relations = rows.keys.map { Int32(($0 & 0xFFFF_FFFF) >> 1) }
        inverse = rows.keys.map { $0 & 1 == 1 }
    }

    /// Counting sort of `key(k)` by `sources[k]`, each bucket then sorted ascending.
    private static func bucket(count n: Int, sources: [Int32], key: (Int) -> Int64) -> (indptr: [Int], keys: [Int64]) {
        var indptr = [Int](repeating: 0, count: n + 1)
        for s in sources { indptr[Int(s) + 1] += 1 }
        for e in 0..<n { indptr[e + 1] += indptr[e] }
        var next = indptr
        var keys = [Int64](repeating: 0, count: sources.count)
        for k in 0..<sources.count { keys[next[Int(sources[k])]] = key(k); next[Int(sources[k])] += 1 }
        for e in 0..<n where indptr[e + 1] - indptr[e] > 1 { keys[indptr[e]..<indptr[e + 1]].sort() }
        return (indptr, keys)
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
