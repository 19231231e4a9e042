import Foundation
import RecCore
import RecData
import RecTestSupport
import Testing

/// A hand-made five-film graph, written as RecBole atomic files and loaded through the loader:
///
///     m1 ─directed_by→ d1 ←directed_by─ m2        d1 ─born_in→ c1
///     m3 ─directed_by→ d2
///     m1, m2, m3, m4 ─genre→ g1
///
/// Items 1–4 link to m1–m4; item 5 has no link. Entities are indexed in triple order:
/// m1 0, d1 1, m2 2, m3 3, d2 4, g1 5, m4 6, c1 7; relations directed_by 0, genre 1, born_in 2.
enum TinyGraph {
    static let kg = """
    head_id:token\trelation_id:token\ttail_id:token
    m1\tdirected_by\td1
    m2\tdirected_by\td1
    m3\tdirected_by\td2
    m1\tgenre\tg1
    m2\tgenre\tg1
    m3\tgenre\tg1
    m4\tgenre\tg1
    d1\tborn_in\tc1
    m1\tgenre\tg1

    """
    static let link = "item_id:token\tentity_id:token\n1\tm1\n2\tm2\n3\tm3\n4\tm4\n"
    static let item = """
    item_id:token\tclass:token_seq\trelease_year:token
    1\tAction Comedy\t1990
    2\tAction\t1995
    3\tDrama\t1995
    4\tComedy Drama\t1980
    5\tAction\t1990

    """
    static let inter = """
    user_id:token\titem_id:token\trating:float\ttimestamp:float
    a\t1\t5\t1
    b\t3\t4\t2
    b\t4\t2\t3
    c\t2\t4\t4
    c\t3\t3\t5
    d\t2\t5\t6

    """

    /// The fixture loaded from freshly written atomic files.
    static func dataset() throws -> Dataset {
        let dir = try Fixtures.temporaryDirectory("tiny-kg")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Fixtures.write(inter, to: "tiny.inter", in: dir)
        try Fixtures.write(item, to: "tiny.item", in: dir)
        try Fixtures.write(kg, to: "tiny.kg", in: dir)
        try Fixtures.write(link, to: "tiny.link", in: dir)
        return try AtomicFileLoader(folder: dir.path).load()
    }

    /// idf(S, df) = ln((1 + S)/(1 + df)) + 1, scaled by the largest idf of the graph (d2's, S 3, df 1).
    static func weight(sources: Double, df: Double) -> Float {
        Float((log((1 + sources) / (1 + df)) + 1) / (log(4.0 / 2.0) + 1))
    }
}

@Suite struct KnowledgeGraphTests {
    @Test func tinyGraphLoadsWithDenseIndicesAndLinks() throws {
        let data = try TinyGraph.dataset()
        let g = try #require(data.knowledgeGraph)
        #expect(g.entities.ids == ["m1", "d1", "m2", "m3", "d2", "g1", "m4", "c1"])
        #expect(g.relations.ids == ["directed_by", "genre", "born_in"])
        #expect(g.tripleCount == 9)
        #expect(data.items.ids == ["1", "2", "3", "4", "5"])
        #expect(g.itemEntity == [0, 2, 3, 6, -1])
        #expect(g.linkedItemCount == 4)
        let byEntity = g.linkedItemsByEntity()
        #expect(byEntity.indptr == [0, 1, 1, 2, 3, 3, 3, 4, 4])
        #expect(byEntity.items == [0, 1, 2, 3])
    }

    @Test func adjacencyHoldsBothDirectionsOnceEach() throws {
        let a = try #require(try TinyGraph.dataset().knowledgeGraph).adjacency()
        #expect(a.entityCount == 8)
        #expect(a.edgeCount == 16)   // 8 distinct triples (the repeated m1-genre-g1 once), both ways
        func row(_ e: Int32) -> [String] {
            a.edges(of: e).map { "\(a.neighbours[$0]):\(a.relations[$0])\(a.inverse[$0] ? "<" : ">")" }
        }
        #expect(row(0) == ["1:0>", "5:1>"])               // m1 → d1, g1
        #expect(row(1) == ["0:0<", "2:0<", "7:2>"])       // d1 ← m1, m2; d1 → c1
        #expect(row(5) == ["0:1<", "2:1<", "3:1<", "6:1<"])
        #expect(row(7) == ["1:2<"])
        #expect(a.degree(of: 5) == 4)
        #expect(a.directedRelation(a.edges(of: 1).lowerBound) == 1)
    }

    @Test func relationWeightsByHand() throws {
        let a = try #require(try TinyGraph.dataset().knowledgeGraph).adjacency()
        #expect(RelationWeighting.uniform.edgeWeights(a) == [Float](repeating: 1, count: 16))
        let w = RelationWeighting.inverseFrequency.edgeWeights(a)
        func weight(_ from: Int32, _ to: Int32) -> Float { w[a.edges(of: from).first { a.neighbours[$0] == to }!] }
        // directed_by forward: 3 films direct to someone; d1 has 2 of them, d2 has 1.
        #expect(abs(weight(0, 1) - TinyGraph.weight(sources: 3, df: 2)) < 1e-6)   // 0.760526
        #expect(abs(weight(3, 4) - 1) < 1e-6)
        // genre forward: all 4 films share g1, idf = 1 → the smallest weight.
        #expect(abs(weight(0, 5) - TinyGraph.weight(sources: 4, df: 4)) < 1e-6)  // 0.590616
        // directed_by inverse: 2 directors, each film has one.
        #expect(abs(weight(1, 2) - TinyGraph.weight(sources: 2, df: 1)) < 1e-6)  // 0.830090
        #expect(weight(0, 1) > weight(0, 5))   // a shared director counts more than the shared genre
    }

    @Test func oneAndTwoHopNeighbourhoodsByHand() throws {
        let a = try #require(try TinyGraph.dataset().knowledgeGraph).adjacency()
        var one = NeighbourhoodWalker(a, options: NeighbourhoodOptions(hops: 1, weighting: .uniform))
        #expect(one.neighbourhood(of: 0) == [NeighbourEntity(entity: 1, weight: 1, hop: 1, relation: 0), NeighbourEntity(entity: 5, weight: 1, hop: 1, relation: 2)])
        #expect(one.neighbourhood(of: -1).isEmpty)
        var two = NeighbourhoodWalker(a, options: NeighbourhoodOptions(hops: 2, hopDecay: 0.5, weighting: .inverseFrequency, maxFanout: 0))
        let ring = two.neighbourhood(of: 0)
        let wd1 = TinyGraph.weight(sources: 3, df: 2), wg = TinyGraph.weight(sources: 4, df: 4)
        let winv = TinyGraph.weight(sources: 2, df: 1)
        let expected: [(Int32, Float, Int)] = [
            (1, wd1, 1),                          // d1
            (2, 0.5 * wd1 * winv, 2),             // m2 via d1 (0.315653) beats via g1 (0.174414)
            (3, 0.5 * wg * wg, 2), (5, wg, 1),    // m3 via g1; g1
            (6, 0.5 * wg * wg, 2), (7, 0.5 * wd1 * wg, 2),   // m4 via g1; c1 via d1
        ]
        #expect(ring.count == expected.count)
        for (got, want) in zip(ring, expected) {
            #expect(got.entity == want.0 && got.hop == want.2 && abs(got.weight - want.1) < 1e-6, "\(got) vs \(want)")
        }
        // g1 has 4 edges: with a fanout of 3 it is a neighbour but is not walked through.
        var capped = NeighbourhoodWalker(a, options: NeighbourhoodOptions(hops: 2, hopDecay: 0.5, weighting: .inverseFrequency, maxFanout: 3))
        #expect(capped.neighbourhood(of: 0).map(\.entity) == [1, 2, 5, 7])
        // The walker is reusable: the same seed again gives the same ring.
        #expect(two.neighbourhood(of: 0) == ring)
    }

    @Test func itemEntityRowsAreNormalisedNeighbourhoods() throws {
        let g = try #require(try TinyGraph.dataset().knowledgeGraph)
        let x = g.itemEntityMatrix(NeighbourhoodOptions(hops: 1, weighting: .inverseFrequency))
        #expect(x.rows == 5 && x.cols == 8)
        #expect(Array(x.row(0).indices) == [1, 5])
        let wd1 = TinyGraph.weight(sources: 3, df: 2), wg = TinyGraph.weight(sources: 4, df: 4)
        let norm = (wd1 * wd1 + wg * wg).squareRoot()
        #expect(abs(x.row(0).values.first! - wd1 / norm) < 1e-6)    // 0.789807
        #expect(abs(x.row(0).values.last! - wg / norm) < 1e-6)      // 0.613356
        #expect(Array(x.row(3).indices) == [5] && x.row(3).values.first == 1)   // m4: only g1
        #expect(x.rowCount(4) == 0)                                 // item 5 is unlinked
        let raw = g.itemEntityMatrix(NeighbourhoodOptions(hops: 1, weighting: .uniform), normalized: false)
        #expect(Array(raw.row(2).values) == [1, 1])
    }

    /// d1's neighbours: m1, m2 (directed_by, inverse) and c1 (born_in). Balanced, the two films share
    /// one relation's mass: (½, ½, 1/√2) after normalisation instead of 1/√3 each.
    @Test func relationBalanceGivesEveryRelationTheSameMass() throws {
        var g = try #require(try TinyGraph.dataset().knowledgeGraph)
        g.itemEntity = [1, 0]
        var walker = NeighbourhoodWalker(g.adjacency(), options: NeighbourhoodOptions(hops: 1, weighting: .uniform))
        #expect(walker.neighbourhood(of: 1).map(\.relation) == [1, 1, 4])   // 2·directed_by + 1, 2·born_in
        let plain = g.itemEntityMatrix(NeighbourhoodOptions(hops: 1, weighting: .uniform))
        #expect(plain.row(0).values.allSatisfy { abs($0 - 1 / Float(3).squareRoot()) < 1e-6 })
        let balanced = g.itemEntityMatrix(NeighbourhoodOptions(hops: 1, weighting: .uniform, balanceRelations: true))
        #expect(Array(balanced.row(0).indices) == [0, 2, 7])
        #expect(zip(balanced.row(0).values, [0.5, 0.5, Float(0.5).squareRoot()]).allSatisfy { abs($0 - $1) < 1e-6 })
        // Two hops from m1, unnormalised: ring 1 groups d1, g1 keep 1; ring 2 groups get norm γ = ½:
        // m2 (via d1, first found), c1 (born_in) ½ each, m3 and m4 (genre, inverse) ½/√2 each.
        let two = g.itemEntityMatrix(NeighbourhoodOptions(hops: 2, hopDecay: 0.5, weighting: .uniform, maxFanout: 0,
                                                          balanceRelations: true), normalized: false)
        #expect(Array(two.row(1).indices) == [1, 2, 3, 5, 6, 7])
        let h = Float(0.5) / Float(2).squareRoot()
        #expect(zip(two.row(1).values, [1, 0.5, h, 1, h, 0.5]).allSatisfy { abs($0 - $1) < 1e-6 }, "\(Array(two.row(1).values))")
    }

    @Test func statisticsOfTheTinyGraph() throws {
        let data = try TinyGraph.dataset()
        let s = KnowledgeGraphStatistics(try #require(data.knowledgeGraph), itemCount: data.itemCount)
        #expect(s.entities == 8 && s.relations == 3 && s.triples == 9 && s.distinctTriples == 8)
        #expect(s.linkedItems == 4 && s.unlinkedItems == 1 && s.linkedItemsWithoutTriples == 0)
        #expect(s.meanDegree == 2)
        #expect(s.relationCounts.map(\.relation) == ["genre", "directed_by", "born_in"])
        #expect(s.relationCounts.map(\.count) == [5, 3, 1])
        let text = DatasetSummary(data).render()
        #expect(text.contains("triples       9 (8 distinct)"))
        #expect(text.contains("linked items  4 of 5 (80.0%)"))
        #expect(text.contains("unlinked      1 items with no entity"))
        #expect(text.contains("mean degree   2.00 edges per entity"))
        #expect(text.contains("top relations genre (5), directed_by (3), born_in (1)"))
    }
}
