import Foundation
import RecCore
import RecData
import RecTestSupport
import Testing

/// The ML-100K knowledge graph (RecBole's Freebase `.kg`/`.link`), when present under
/// `datasets/ml-100k/`. Expected counts were taken independently from the files (a short script over
/// the raw triples), not from RecLab.
@Suite struct KnowledgeGraphRealDataTests {
    static let folder = LoaderFixtures.packageRoot(from: #filePath).appendingPathComponent("datasets/ml-100k")
    static let present = FileManager.default.fileExists(atPath: folder.appendingPathComponent("ml-100k.kg").path)

    @Test(.enabled(if: present, "datasets/ml-100k/ml-100k.kg is not present"))
    func ml100KGraphHasTheCountedSizes() throws {
        let data = try AtomicFileLoader(folder: Self.folder.path).load()
        let graph = try #require(data.knowledgeGraph)
        let adjacency = graph.adjacency()
        let stats = KnowledgeGraphStatistics(graph, itemCount: data.itemCount, adjacency: adjacency)
        #expect(stats.triples == 91_631 && stats.distinctTriples == 91_631)
        #expect(stats.entities == 34_628)
        #expect(stats.relations == 24)
        #expect(stats.linkedItems == 1_598 && stats.unlinkedItems == 84)
        #expect(stats.linkedItemsWithoutTriples == 0)
        #expect(abs(stats.meanDegree - 183_262.0 / 34_628.0) < 1e-9)
        #expect(stats.sortedDegrees.last == 1_878)
        #expect(stats.relationCounts.first?.relation == "film.film.actor" && stats.relationCounts.first?.count == 40_152)

        // Every linked film has a non-empty one-hop profile, and "language: English" (the most common
        // language tail) weighs less than a film's director under inverse-frequency weights.
        let x = graph.itemEntityMatrix(adjacency: adjacency, options: NeighbourhoodOptions(hops: 1, weighting: .inverseFrequency))
        #expect(graph.itemEntity.indices.allSatisfy { (graph.itemEntity[$0] >= 0) == (x.rowCount($0) > 0) })
        let weights = RelationWeighting.inverseFrequency.edgeWeights(adjacency)
        let language = try #require(graph.relations.index(of: "film.film.language"))
        let director = try #require(graph.relations.index(of: "film.film.directed_by"))
        let toyStory = graph.itemEntity[Int(try #require(data.items.index(of: "1")))]
        var languageWeight: Float = 0, directorWeight: Float = 0
        for p in adjacency.edges(of: toyStory) where !adjacency.inverse[p] {
            if adjacency.relations[p] == language { languageWeight = weights[p] }
            if adjacency.relations[p] == director { directorWeight = weights[p] }
        }
        #expect(languageWeight > 0 && directorWeight > 3 * languageWeight, "language \(languageWeight), director \(directorWeight)")
    }
}
