import RecCore

/// A knowledge graph of `(head, relation, tail)` triples over dense entity and relation indices, with
/// links from dataset items to entities (RecBole's `.kg` and `.link` files).
public struct KnowledgeGraph: Sendable, Equatable {
    /// Entity identifiers (for example Freebase mids) ↔ dense indices.
    public var entities: IndexMap
    /// Relation identifiers ↔ dense indices.
    public var relations: IndexMap
    /// Head entity of each triple.
    public var heads: [Int32]
    /// Relation of each triple.
    public var relationOfTriple: [Int32]
    /// Tail entity of each triple.
    public var tails: [Int32]
    /// For each dataset item (by dense item index), its linked entity, or −1.
    public var itemEntity: [Int32]

    /// Builds a graph from its parts.
    public init(entities: IndexMap, relations: IndexMap, heads: [Int32], relationOfTriple: [Int32],
                tails: [Int32], itemEntity: [Int32]) {
        precondition(heads.count == tails.count && heads.count == relationOfTriple.count)
        self.entities = entities; self.relations = relations; self.heads = heads
        self.relationOfTriple = relationOfTriple; self.tails = tails; self.itemEntity = itemEntity
    }

    /// Number of triples.
    public var tripleCount: Int { heads.count }

    /// Number of items with a linked entity.
    public var linkedItemCount: Int { itemEntity.lazy.filter { $0 >= 0 }.count }

    /// The graph with items renumbered: `itemRows[new] = old`; a negative row is an item the graph
    /// does not know, left unlinked (−1).
    public func reindexedItems(_ itemRows: [Int]) -> KnowledgeGraph {
        var g = self
        g.itemEntity = itemRows.map { $0 < 0 ? -1 : itemEntity[$0] }
        return g
    }
}
