/// Descriptive statistics of a knowledge graph and its item links, as `reclab data info` prints them.
/// Degrees count distinct triples in both directions (an entity's edges in `KnowledgeGraphAdjacency`).
///
/// ```swift
/// let stats = KnowledgeGraphStatistics(graph, itemCount: dataset.itemCount)
/// stats.linkedItems      // 1598 for ML-100K
/// print(stats.lines().joined(separator: "\n"))
/// ```
public struct KnowledgeGraphStatistics: Sendable {
    /// Number of entities.
    public let entities: Int
    /// Number of relations.
    public let relations: Int
    /// Number of triples as stored (duplicates included).
    public let triples: Int
    /// Number of distinct triples.
    public let distinctTriples: Int
    /// Items in the dataset.
    public let items: Int
    /// Items linked to an entity.
    public let linkedItems: Int
    /// Linked items whose entity has no triple (the link brings no knowledge).
    public let linkedItemsWithoutTriples: Int
    /// Mean entity degree (edges per entity, both directions).
    public let meanDegree: Double
    /// Entity degrees, ascending (for the spread line).
    public let sortedDegrees: [Int]
    /// Relations by triple count, descending (ties by relation index): (relation id, count).
    public let relationCounts: [(relation: String, count: Int)]

    /// Computes the statistics of `graph` for a dataset of `itemCount` items (over `adjacency` when
    /// it is already built).
    public init(_ graph: KnowledgeGraph, itemCount: Int, adjacency: KnowledgeGraphAdjacency? = nil) {
        let adjacency = adjacency ?? graph.adjacency()
        entities = graph.entities.count
        relations = graph.relations.count
        triples = graph.tripleCount
        var loops = 0
        for e in 0..<adjacency.entityCount {
            for p in adjacency.edges(of: Int32(e)) where adjacency.neighbours[p] == Int32(e) { loops += 1 }
        }
        distinctTriples = (adjacency.edgeCount + loops) / 2
        items = itemCount
        linkedItems = graph.linkedItemCount
        linkedItemsWithoutTriples = graph.itemEntity.lazy.filter { $0 >= 0 && adjacency.degree(of: $0) == 0 }.count
        let degrees = (0..<adjacency.entityCount).map { adjacency.degree(of: Int32($0)) }
        sortedDegrees = degrees.sorted()
        meanDegree = entities == 0 ? 0 : Double(adjacency.edgeCount) / Double(entities)
        var counts = [Int](repeating: 0, count: relations)
        for r in graph.relationOfTriple { counts[Int(r)] += 1 }
        relationCounts = counts.enumerated()
            .sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }
            .map { (graph.relations.id(at: Int32($0.offset)), $0.element) }
    }

    /// Items without a linked entity.
    public var unlinkedItems: Int { items - linkedItems }

    /// The report lines (indented two spaces under a `knowledge graph` heading).
    public func lines(topRelations: Int = 8) -> [String] {
        var out = ["knowledge graph"]
        out.append("  triples       \(triples)" + (distinctTriples < triples ? " (\(distinctTriples) distinct)" : ""))
        out.append("  entities      \(entities)")
        out.append("  relations     \(relations)")
        let share = items == 0 ? 0 : Double(linkedItems) / Double(items) * 100
        out.append("  linked items  \(linkedItems) of \(items) (\(fmt(share, 1))%)")
        out.append("  unlinked      \(unlinkedItems) items with no entity"
                   + (linkedItemsWithoutTriples > 0 ? "; \(linkedItemsWithoutTriples) linked to an entity with no triple" : ""))
        out.append("  top relations " + relationCounts.prefix(topRelations).map { "\($0.relation) (\($0.count))" }.joined(separator: ", "))
        out.append("  mean degree   \(fmt(meanDegree, 2)) edges per entity (both directions)")
        out.append("  entity degree \(DatasetSummary.spread(sortedDegrees))")
        return out
    }
}
