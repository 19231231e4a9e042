import Foundation

/// How much one knowledge-graph edge counts when it places an entity in an item's neighbourhood.
///
/// With `inverseFrequency`, an edge `s → t` over relation `r` (direction `d`) weighs like a term in
/// TF-IDF (Salton & Buckley 1988, in scikit-learn's smoothed form): with `df` the number of source
/// entities that have an `(r, d)` edge to the same `t`, and `S` the number of source entities that
/// have any `(r, d)` edge,
///
///     idf(r, d, t) = ln((1 + S) / (1 + df)) + 1,      w = idf / max idf  ∈ (0, 1].
///
/// So "language: English", shared by most films, counts far less than "directed by: X", shared by a
/// handful. With `uniform` every edge weighs 1.
///
/// ```swift
/// let w = RelationWeighting.inverseFrequency.edgeWeights(adjacency)   // one weight per edge
/// ```
public enum RelationWeighting: String, Sendable, CaseIterable {
    /// Every edge weighs 1.
    case uniform
    /// Smoothed inverse document frequency of the edge's (relation, direction, target), scaled to (0, 1].
    case inverseFrequency

    /// One weight per edge of `adjacency`, aligned with its `neighbours`.
    public func edgeWeights(_ adjacency: KnowledgeGraphAdjacency) -> [Float] {
        switch self {
        case .uniform:
            return [Float](repeating: 1, count: adjacency.edgeCount)
        case .inverseFrequency:
            return Self.inverseFrequencyWeights(adjacency)
        }
    }

    private static func inverseFrequencyWeights(_ a: KnowledgeGraphAdjacency) -> [Float] {
        let labels = 2 * a.relationCount
        // S: distinct sources per directed relation. Edges are distinct, so df counts edges per key.
        var sources = [Int](repeating: 0, count: labels)
        var lastSource = [Int](repeating: -1, count: labels)
        var df: [Int64: Int] = [:]
        df.reserveCapacity(a.edgeCount)
        let n = Int64(a.entityCount)
        for s in 0..<a.entityCount {
            for p in a.edges(of: Int32(s)) {
                let label = a.directedRelation(p)
                if lastSource[label] != s { lastSource[label] = s; sources[label] += 1 }
                df[Int64(label) * n + Int64(a.neighbours[p]), default: 0] += 1
            }
        }
        var idf = [Double](repeating: 1, count: a.edgeCount)
        for p in 0..<a.edgeCount {
            let label = a.directedRelation(p)
            let count = df[Int64(label) * n + Int64(a.neighbours[p])] ?? 1
            idf[p] = log((1 + Double(sources[label])) / (1 + Double(count))) + 1
        }
        let largest = idf.max() ?? 1
        return idf.map { Float($0 / largest) }
    }
}
