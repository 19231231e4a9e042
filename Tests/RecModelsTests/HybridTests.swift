import Foundation
import RecConfig
import RecCore
import RecData
import RecTestSupport
import Testing
@testable import RecModels

@Suite struct HybridTests {
    /// 12 users × 12 items; user u trained on item u, validation items r1 = (u+1) mod 12 and
    /// r2 = (u+2) mod 12; the distractors are (u+3) and (u+4) mod 12.
    static func validationData() -> TrainingData {
        let users = 12
        let train = InteractionTable(users: (0..<Int32(users)).map { $0 }, items: (0..<Int32(users)).map { $0 })
        var vu: [Int32] = [], vi: [Int32] = []
        for u in 0..<users { for d in [1, 2] { vu.append(Int32(u)); vi.append(Int32((u + d) % users)) } }
        let dataset = Dataset(name: "blend", users: IndexMap((0..<users).map { "u\($0)" }),
                              items: IndexMap((0..<users).map { "i\($0)" }), interactions: train)
        return TrainingData(dataset: dataset, train: train, validation: InteractionTable(users: vu, items: vi))
    }

    /// Per user: `first` on item u+a, `second` on u+b, `distractor` on u+c (mod 12), 0 elsewhere.
    static func component(_ values: [(offset: Int, score: Float)]) -> FixedScores {
        var rows = [[Float]](repeating: [Float](repeating: 0, count: 12), count: 12)
        for u in 0..<12 { for (o, s) in values { rows[u][(u + o) % 12] = s } }
        return FixedScores(rows)
    }

    @Test func theRightComponentGetsAllTheWeight() throws {
        let data = Self.validationData()
        let oracle = Self.component([(1, 3), (2, 2)])
        let wrong = Self.component([(3, 3), (4, 2), (1, -3), (2, -3)])
        let hybrid = try Hybrid(components: [oracle, wrong], names: ["oracle", "wrong"])
        try hybrid.fit(data, observer: nil)
        #expect(hybrid.weights == [1, 0])
        #expect(hybrid.validationNDCG == 1)
        #expect(hybrid.names == ["oracle", "wrong"])
        // With the wrong component first, the first grid point that is as good is (0.3, 0.7): at 0.4
        // the wrong component's first distractor (z 1.92) overtakes r2.
        let swapped = try Hybrid(components: [wrong, oracle])
        try swapped.fit(data, observer: nil)
        #expect(swapped.weights.map { ($0 * 10).rounded() } == [3, 7] && swapped.validationNDCG == 1, "\(swapped.weights)")
    }

    /// A ranks r1 first and its distractor second, B ranks r2 first and its own distractor second
    /// (scores 3, 2 for the favourites, 1 for the other's favourite). Both relevant items reach the
    /// top two only when B weighs ≥ 0.3 and A ≥ 0.3; the first such grid point is (0.7, 0.3).
    @Test func aMixtureIsFoundWhenNeitherComponentIsEnough() throws {
        let data = Self.validationData()
        let a = Self.component([(1, 3), (3, 2), (2, 1)])
        let b = Self.component([(2, 3), (4, 2), (1, 1)])
        let hybrid = try Hybrid(components: [a, b], config: HybridConfig { $0.weightStep = 0.1 })
        try hybrid.fit(data, observer: nil)
        #expect(hybrid.weights.map { ($0 * 10).rounded() } == [7, 3])
        #expect(hybrid.validationNDCG == 1)
        #expect(hybrid.names == ["0_fixed_scores", "1_fixed_scores"])
        // Alone, A puts r2 third: NDCG = (1 + 1/log2 4)/(1 + 1/log2 3).
        let alone = BlendWeightSearch(scores: [a.score(users: (0..<12).map { $0 }, items: nil)],
                                      relevant: (0..<12).map { u in [Int32((u + 1) % 12), Int32((u + 2) % 12)] },
                                      excluded: (0..<12).map { [Int32($0)] }, cutoff: 10)
        #expect(abs(alone.meanNDCG(weights: [1]) - 1.5 / (1 + 1 / log2(3.0))) < 1e-9)
    }

    @Test func simplexGridIsEnumeratedInOrder() {
        #expect(BlendWeightSearch.grid(components: 2, steps: 2) == [[2, 0], [1, 1], [0, 2]])
        #expect(BlendWeightSearch.grid(components: 3, steps: 2) == [[2, 0, 0], [1, 1, 0], [1, 0, 1], [0, 2, 0], [0, 1, 1], [0, 0, 2]])
        #expect(BlendWeightSearch.gridSize(components: 3, steps: 10) == 66)
    }

    @Test func realComponentsOnTheCheckerboardWithValidation() throws {
        let board = Checkerboard(usersPerGroup: 15, itemsPerGroup: 12, heldOutPerUser: 2)
        var vu: [Int32] = [], vi: [Int32] = []
        for (u, items) in board.heldOut.enumerated() { for i in items { vu.append(Int32(u)); vi.append(i) } }
        let data = TrainingData(dataset: board.dataset, train: board.train, validation: InteractionTable(users: vu, items: vi))
        func make() throws -> Hybrid {
            try Hybrid(components: [RandomRecommender(seed: 3), ItemKNN(KNNConfig { $0.neighbours = 10 })], names: ["random", "knn"],
                       config: HybridConfig { $0.weightStep = 0.25 })
        }
        let hybrid = try make()
        try hybrid.fit(data, observer: nil)
        #expect(hybrid.weights[1] >= 0.75, "\(hybrid.weights)")
        let again = try make()
        try again.fit(data, observer: nil)
        #expect(again.weights == hybrid.weights && again.validationNDCG == hybrid.validationNDCG)
        let users = (0..<Int32(board.userCount)).map { $0 }
        #expect(again.score(users: users, items: nil) == hybrid.score(users: users, items: nil))
        // Save → load into fresh components restores weights and scores.
        let restored = try make()
        try saveAndLoad(hybrid, into: restored)
        #expect(restored.weights == hybrid.weights && restored.validationNDCG == hybrid.validationNDCG)
        #expect(restored.score(users: users, items: nil) == hybrid.score(users: users, items: nil))
        #expect(throws: ModelError.self) {
            try saveAndLoad(hybrid, into: Hybrid(components: [Popularity(), ItemKNN()]))
        }
    }

    @Test func noValidationKeepsUniformWeightsAndBadParametersAreRejected() throws {
        let board = ConformanceTests.implicitBoard
        let hybrid = try Hybrid(components: [Popularity(), ItemKNN(KNNConfig { $0.neighbours = 10 })])
        try hybrid.fit(trainingData(board), observer: nil)
        #expect(hybrid.weights == [0.5, 0.5] && hybrid.validationNDCG == nil)
        let blended = hybrid.score(users: [0], items: [3, 20])
        let p = Popularity(), k = ItemKNN(KNNConfig { $0.neighbours = 10 })
        try p.fit(trainingData(board), observer: nil); try k.fit(trainingData(board), observer: nil)
        // Each component is normalised over the whole catalogue, then the two items are taken.
        var ps = p.score(users: [0], items: nil), ks = k.score(users: [0], items: nil)
        ScoreNormalization.zScore.normalizeRows(&ps); ScoreNormalization.zScore.normalizeRows(&ks)
        ps = ps.columns([3, 20]); ks = ks.columns([3, 20])
        #expect(blended.storage == [0.5 * ps.storage[0] + 0.5 * ks.storage[0], 0.5 * ps.storage[1] + 0.5 * ks.storage[1]])
        // What depends on the components is checked by fit …
        for bad in [try Hybrid(components: []), try Hybrid(components: [Popularity()], names: ["a", "b"]),
                    try Hybrid(components: (0..<8).map { _ in Popularity() }, config: HybridConfig { $0.weightStep = 0.05 })] {
            #expect(throws: ModelError.self) { try bad.fit(trainingData(board), observer: nil) }
        }
        // … parameter values when the configuration is decoded.
        #expect(throws: ConfigurationError.self) { try HybridConfig.decode(["weight_step": .double(0.3)]) }
        #expect(throws: ConfigurationError.self) { try HybridConfig.decode(["cutoff": .int(0)]) }
    }

    @Test func scoreNormalisationsByHand() {
        var m = DenseMatrix(rows: 2, cols: 4, storage: [1, 2, 3, 6, 5, 5, 5, -.infinity])
        ScoreNormalization.minMax.normalizeRows(&m)
        #expect(m.storage == [0, 0.2, 0.4, 1, 0, 0, 0, -1])
        var z = DenseMatrix(rows: 1, cols: 4, storage: [1, 2, 3, 6])
        ScoreNormalization.zScore.normalizeRows(&z)
        let std = Float(3.5).squareRoot()   // deviations −2, −1, 0, 3: variance 14/4
        let expected: [Float] = [-2 / std, -1 / std, 0, 3 / std]
        #expect(zip(z.storage, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        var same = DenseMatrix(rows: 1, cols: 3, storage: [2, 2, 2])
        ScoreNormalization.none.normalizeRows(&same)
        #expect(same.storage == [2, 2, 2])
    }
}
