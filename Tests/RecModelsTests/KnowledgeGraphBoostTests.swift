import Foundation
import RecConfig
import RecCore
import RecData
import RecTestSupport
import Testing
@testable import RecModels

@Suite struct KnowledgeGraphBoostTests {
    /// Uniform weights, one hop: x_m1 = x_m2 = (d1 + g1)/√2, x_m3 = (d2 + g1)/√2, x_m4 = g1.
    @Test func knowledgeCosineByHand() throws {
        let data = KnowledgeFixtures.tiny()
        let model = KGBoost(base: Popularity(), config: KGBoostConfig { $0.alpha = 1; $0.neighbourhood.hops = 1; $0.neighbourhood.relationWeighting = .uniform })
        try model.fit(data, observer: nil)
        let kg = model.knowledgeScores(users: [0, 1], items: nil)
        // a trained item 0: p = x_m1.
        let a: [Float] = [1, 1, 0.5, Float(0.5).squareRoot(), 0]
        // b trained items 2, 3: p = x_m3 + x_m4 = (d2/√2, g1 (1 + 1/√2)), ‖p‖ = 1.847759.
        let b: [Float] = [0.653281, 0.653281, 0.923880, 0.923880, 0]
        for c in 0..<5 {
            #expect(abs(kg[0, c] - a[c]) < 1e-5, "a, item \(c): \(kg[0, c])")
            #expect(abs(kg[1, c] - b[c]) < 1e-5, "b, item \(c): \(kg[1, c])")
        }
        // Scoring a subset of items gives exactly the full-ranking values.
        let part = model.knowledgeScores(users: [1, 0], items: [4, 2, 0])
        #expect(part.storage == [kg[1, 4], kg[1, 2], kg[1, 0], kg[0, 4], kg[0, 2], kg[0, 0]])
    }

    /// score = z(base) + α·kg with the base row (1, 2, 2, 1, 0): mean 1.2, std √0.56.
    @Test func boostedScoresByHand() throws {
        let data = KnowledgeFixtures.tiny()
        let base = FixedScores([[1, 2, 2, 1, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]])
        let z = KGBoost(base: base, config: KGBoostConfig {
            $0.alpha = 1; $0.neighbourhood.hops = 1; $0.neighbourhood.relationWeighting = .uniform; $0.normalization = .zScore
        })
        try z.fit(data, observer: nil)
        let s = z.score(users: [0], items: nil)
        let expected: [Float] = [0.732739, 2.069045, 1.569045, 0.439846, -1.603567]
        for c in 0..<5 { #expect(abs(s[0, c] - expected[c]) < 1e-5, "item \(c): \(s[0, c])") }
        let m = KGBoost(base: base, config: KGBoostConfig {
            $0.alpha = 2; $0.neighbourhood.hops = 1; $0.neighbourhood.relationWeighting = .uniform; $0.normalization = .minMax
        })
        try m.fit(data, observer: nil)
        let t = m.score(users: [0], items: nil)
        let minMax: [Float] = [0.5 + 2, 1 + 2, 1 + 1, 0.5 + 2 * Float(0.5).squareRoot(), 0]
        for c in 0..<5 { #expect(abs(t[0, c] - minMax[c]) < 1e-5, "item \(c): \(t[0, c])") }
        // α = 0 gives the normalised base. Normalisation is over the whole catalogue, so a subset of
        // items scores exactly as the matching columns of full ranking.
        let zero = KGBoost(base: base, config: KGBoostConfig { $0.alpha = 0 })
        try zero.fit(data, observer: nil)
        #expect(abs(zero.score(users: [0], items: nil)[0, 1] - 1.069045) < 1e-5)
        #expect(zero.score(users: [0], items: [1, 2]) == zero.score(users: [0], items: nil).columns([1, 2]))
        let tied = z.score(users: [0], items: [1, 2])   // base ties at 1.069045; the graph decides
        #expect(abs(tied[0, 0] - expected[1]) < 1e-5 && abs(tied[0, 1] - expected[2]) < 1e-5)
    }

    /// Popularity ties items 1 and 2 for user a (2 training users each); the graph breaks the tie
    /// towards item 1, which shares a's film's director.
    @Test func knowledgeBreaksAPopularityTieTowardsTheSharedDirector() throws {
        let data = KnowledgeFixtures.tiny()
        let base = Popularity()
        try base.fit(data, observer: nil)
        let plain = base.score(users: [0], items: nil)
        #expect(plain[0, 1] == plain[0, 2])
        for weighting in RelationWeighting.allCases {
            let model = KGBoost(base: Popularity(), config: KGBoostConfig { $0.alpha = 0.5; $0.neighbourhood.relationWeighting = weighting })
            try model.fit(data, observer: nil)
            let s = model.score(users: [0], items: nil)
            #expect(s[0, 1] > s[0, 2], "\(weighting)")
            #expect(s[0, 4] < s[0, 3])   // item 4 has no link and is unpopular
        }
    }

    @Test func twoHopsReachFilmsThroughTheirDirector() throws {
        let data = KnowledgeFixtures.tiny()
        let one = KGBoost(base: Popularity(), config: KGBoostConfig { $0.neighbourhood.hops = 1; $0.neighbourhood.relationWeighting = .uniform })
        let two = KGBoost(base: Popularity(), config: KGBoostConfig {
            $0.neighbourhood.hops = 2; $0.neighbourhood.hopDecay = 0.5; $0.neighbourhood.relationWeighting = .uniform; $0.neighbourhood.maxFanout = 0
        })
        try one.fit(data, observer: nil); try two.fit(data, observer: nil)
        // Two hops put m2 in m1's profile (through d1): m1's row gains films, so rows are no longer equal.
        #expect(two.profiles.itemFeatures.rowCount(0) == 6)
        #expect(one.profiles.itemFeatures.rowCount(0) == 2)
        let k2 = two.knowledgeScores(users: [0], items: nil)
        #expect(k2[0, 1] > k2[0, 2] && k2[0, 2] > 0)
    }

    @Test func saveAndLoadRestoreTheBoostAndItsBase() throws {
        let data = KnowledgeFixtures.tiny()
        let config = KGBoostConfig { $0.alpha = 0.7; $0.neighbourhood.hops = 2; $0.ratingWeighted = true }
        let model = KGBoost(base: ItemKNN(KNNConfig { $0.neighbours = 3 }), config: config)
        try model.fit(data, observer: nil)
        let restored = KGBoost(base: ItemKNN(KNNConfig { $0.neighbours = 3 }), config: config)
        try saveAndLoad(model, into: restored)
        #expect(restored.score(users: [0, 1, 2, 3], items: nil) == model.score(users: [0, 1, 2, 3], items: nil))
        #expect(throws: ModelError.self) { try saveAndLoad(model, into: KGBoost(base: Popularity())) }
    }

    @Test func rejectsBadParametersAndDataWithoutAGraph() throws {
        let data = KnowledgeFixtures.tiny()
        for bad: [String: ParamValue] in [["alpha": .double(-1)], ["hops": .int(0)], ["hop_decay": .double(1.5)], ["max_fanout": .int(-2)]] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try KGBoostConfig.decode(bad) }
        }
        var plain = data.dataset
        plain.knowledgeGraph = nil
        let noGraph = TrainingData(dataset: plain, train: data.train, validation: data.validation)
        #expect(throws: ModelError.self) { try KGBoost(base: Popularity()).fit(noGraph, observer: nil) }
    }

    /// An epoch-trained base reports its epochs as the boost's, so the runner's validation and
    /// best-epoch snapshots see the boosted model.
    @Test func baseEpochsAreReportedAsTheBoostsEpochs() throws {
        let data = KnowledgeFixtures.tiny()
        let model = KGBoost(base: BPR(BPRConfig { $0.factors = 2; $0.epochs = 3 }, seed: 1))
        let recorder = ModelRecorder()
        try model.fit(data, observer: recorder)
        #expect(recorder.models == [ObjectIdentifier](repeating: ObjectIdentifier(model), count: 3))
    }

    @Test func boostedItemKNNConformsOnTheCheckerboard() throws {
        let board = ConformanceTests.implicitBoard
        let data = KnowledgeFixtures.board(board)
        for make in [{ KGBoost(base: ItemKNN(KNNConfig { $0.neighbours = 20 }), config: KGBoostConfig { $0.alpha = 1 }) as any Recommender },
                     { KGBoost(base: Popularity(), config: KGBoostConfig { $0.alpha = 2; $0.neighbourhood.hops = 2; $0.normalization = .minMax }) }] {
            let failures = try ModelConformance.check("kg_boost", board: board, fit: KnowledgeFixtures.fit(data, make))
            #expect(failures.isEmpty, "\(failures)")
        }
    }
}
