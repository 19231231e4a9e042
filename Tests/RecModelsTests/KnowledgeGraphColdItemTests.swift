import Foundation
import RecConfig
import RecCore
import RecData
import RecTestSupport
import Testing
@testable import RecModels

extension KnowledgeFixtures {
    /// Six films, four users. Films m0–m5 (entities 0–5) each have a director (d0 6, d1 7) and a
    /// genre (g0 8, g1 9): m0 (d0, g0), m1 (d1, g1), m2 (d0, g1), m3 (d1, g0), m4 (d0, g0), m5 (d1, g1),
    /// so m4 has m0's entities and m5 has m1's. Items 0–5 link to m0–m5. Training: a: 0, 2;
    /// b: 1, 3; c: 0, 3; d: 1, 2 — items 4 and 5 are cold (no training interaction).
    /// `separated` gives m2 (d0, g0) and m3 (d1, g1) instead: two clean clusters {m0, m2, m4}, {m1, m3, m5}.
    static func coldFilms(separated: Bool = false) -> TrainingData {
        let heads: [Int32] = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
        let rels: [Int32] = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]
        let tails: [Int32] = [6, 8, 7, 9, 6, separated ? 8 : 9, 7, separated ? 9 : 8, 6, 8, 7, 9]
        let graph = KnowledgeGraph(entities: IndexMap(["m0", "m1", "m2", "m3", "m4", "m5", "d0", "d1", "g0", "g1"]),
                                   relations: IndexMap(["directed_by", "genre"]), heads: heads, relationOfTriple: rels,
                                   tails: tails, itemEntity: [0, 1, 2, 3, 4, 5])
        let train = InteractionTable(users: [0, 0, 1, 1, 2, 2, 3, 3], items: [0, 2, 1, 3, 0, 3, 1, 2],
                                     ratings: [Float](repeating: 1, count: 8))
        let dataset = Dataset(name: "cold-films", users: IndexMap(["a", "b", "c", "d"]),
                              items: IndexMap(["0", "1", "2", "3", "4", "5"]), interactions: train, knowledgeGraph: graph)
        return TrainingData(dataset: dataset, train: train, validation: InteractionTable.empty(like: train))
    }
}

@Suite struct KnowledgeGraphColdItemTests {
    /// Uniform one-hop profiles: cos(m4, m0) = 1, cos(m4, m2) = cos(m4, m3) = ½, cos(m4, m1) = 0, so
    /// item 4's neighbours are 0, 2, 3 with weights ½, ¼, ¼ (and item 5's 1, 2, 3 likewise). Base row
    /// of user a (4, 0, 2, 1, ·, ·): normalised over the four warm items, cold items imputed from
    /// them and normalised as their own group.
    @Test func coldItemsAreImputedFromTheirKnowledgeNeighboursByHand() throws {
        let data = KnowledgeFixtures.coldFilms()
        let raw: [Float] = [4, 0, 2, 1, 0, 0]
        let base = FixedScores([raw, raw, raw, raw])
        func fitted(_ normalization: ScoreNormalization, k: Int = 20) throws -> KGBoost {
            let model = KGBoost(base: base, config: KGBoostConfig {
                $0.alpha = 0; $0.neighbourhood.relationWeighting = .uniform; $0.normalization = normalization; $0.coldNeighbours = k
            })
            try model.fit(data, observer: nil)
            return model
        }
        func expect(_ model: KGBoost, _ items: [Int32]?, _ expected: [Float], sourceLocation: SourceLocation = #_sourceLocation) {
            let s = model.score(users: [0], items: items)
            #expect(s.cols == expected.count, sourceLocation: sourceLocation)
            for c in 0..<expected.count {
                #expect(abs(s[0, c] - expected[c]) < 1e-5, "column \(c): \(s[0, c]) vs \(expected[c])", sourceLocation: sourceLocation)
            }
        }
        // No normalisation: the imputed values are the weighted means themselves.
        let none = try fitted(.none)
        #expect(none.imputedItems == [4, 5])
        #expect(none.cold.neighbours.row(4).indices == [0, 2, 3] && none.cold.neighbours.row(5).indices == [1, 2, 3])
        #expect(none.cold.neighbours.row(4).values == [0.5, 0.25, 0.25])
        expect(none, nil, [4, 0, 2, 1, 0.5 * 4 + 0.25 * 2 + 0.25 * 1, 0.5 * 0 + 0.25 * 2 + 0.25 * 1])
        // A subset without the neighbours asks the base for them.
        expect(none, [4, 0, 1], [2.75, 4, 0])
        // z-scores over the warm items (mean 1.75, std √2.1875); the two imputed values
        // (½z₀ + ¼z₂ + ¼z₃ > ½z₁ + ¼z₂ + ¼z₃) become ±1 as a group.
        let std = Float(2.1875).squareRoot()
        let z = raw.prefix(4).map { ($0 - 1.75) / std }
        let zScore = try fitted(.zScore)
        expect(zScore, nil, z + [1, -1])
        let order: [Int32] = [5, 3, 4, 0, 1, 2]
        expect(zScore, order, order.map { (z + [1, -1])[Int($0)] })
        // Min-max: warm (1, 0, ½, ¼); imputed ½ + ⅛ + 1/16 and ⅛ + 1/16, rescaled to 1 and 0.
        expect(try fitted(.minMax), nil, [1, 0, 0.5, 0.25, 1, 0])
        // One neighbour: a cold item copies its nearest warm item.
        expect(try fitted(.none, k: 1), nil, [4, 0, 2, 1, 4, 0])
        // k = 0: the former behaviour, z over all six base scores.
        let off = try fitted(.zScore, k: 0)
        #expect(off.imputedItems.isEmpty)
        let mean = raw.reduce(0, +) / 6
        let sd = (raw.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 6).squareRoot()
        expect(off, nil, raw.map { ($0 - mean) / sd })
    }

    /// With item-kNN as the base, cold items score 0 and stay below every warm candidate; imputed from
    /// their graph neighbours, the cold film that shares the user's films' director and genre ranks
    /// above the unrelated cold film and above the warm films the user has not seen — with either
    /// knowledge source.
    @Test func aColdFilmLikeTheUsersFilmsRanksAboveAnUnrelatedOne() throws {
        let data = KnowledgeFixtures.coldFilms(separated: true)
        for source in KnowledgeSource.allCases {
            let model = KGBoost(base: ItemKNN(KNNConfig { $0.neighbours = 3 }), config: KGBoostConfig {
                $0.alpha = 0.5; $0.kgSource = source; $0.transeDim = 8; $0.transeEpochs = 200; $0.coldNeighbours = 20
            }, seed: 3)
            try model.fit(data, observer: nil)
            let s = model.score(users: [0, 1], items: nil)
            // a liked 0 and 2 (d0, g0): m4 (d0, g0) over m5 (d1, g1); b liked 1 and 3 (d1, g1): the reverse.
            #expect(s[0, 4] > s[0, 5] && s[1, 5] > s[1, 4], "\(source): \(s.storage)")
            #expect(s[0, 4] > s[0, 1] && s[0, 4] > s[0, 3], "\(source): a's cold film above unseen warm films")
        }
        let plain = KGBoost(base: ItemKNN(KNNConfig { $0.neighbours = 3 }), config: KGBoostConfig { $0.alpha = 0.5 })   // default: no imputation
        try plain.fit(data, observer: nil)
        let p = plain.score(users: [0], items: nil)
        #expect(p[0, 4] < p[0, 1] && p[0, 4] < p[0, 3])
    }

    /// kg(u, i) from TransE on two clean clusters: m4 is trained towards the translations of m0 and
    /// m2 (d0, g0), m5 towards those of m1 and m3 (d1, g1), so a user of m0 and m2 is closer to m4,
    /// a user of m1 and m3 to m5.
    @Test func transeKnowledgeScoresRankTheRightFilm() throws {
        let data = KnowledgeFixtures.coldFilms(separated: true)
        for seed: UInt64 in [1, 2, 3] {
            let model = KGBoost(base: Popularity(), config: KGBoostConfig {
                $0.alpha = 1; $0.kgSource = .transe; $0.transeDim = 8; $0.transeEpochs = 200
            }, seed: seed)
            try model.fit(data, observer: nil)
            let kg = model.knowledgeScores(users: [0, 1], items: nil)
            #expect(kg[0, 4] > kg[0, 5] && kg[1, 5] > kg[1, 4], "seed \(seed): \(kg.storage)")
            #expect(model.transeLosses.count == 200)
            #expect(model.transeLosses.last!["loss"]! < 0.5 * model.transeLosses[0]["loss"]!)
            #expect(model.profiles.itemNorms.allSatisfy { abs($0 - 1) < 1e-5 })   // unit TransE rows
        }
    }

    @Test func transeBoostSavesAndLoads() throws {
        let data = KnowledgeFixtures.coldFilms()
        let config = KGBoostConfig { $0.alpha = 0.7; $0.kgSource = .transe; $0.transeDim = 4; $0.transeEpochs = 20; $0.coldNeighbours = 5 }
        let model = KGBoost(base: ItemKNN(KNNConfig { $0.neighbours = 3 }), config: config, seed: 9)
        try model.fit(data, observer: nil)
        let restored = KGBoost(base: ItemKNN(KNNConfig { $0.neighbours = 3 }), config: config, seed: 9)
        try saveAndLoad(model, into: restored)
        #expect(restored.score(users: [0, 1, 2, 3], items: nil) == model.score(users: [0, 1, 2, 3], items: nil))
        #expect(restored.imputedItems == [4, 5])
        #expect(throws: ModelError.self) { try saveAndLoad(model, into: KGBoost(base: ItemKNN(KNNConfig { $0.neighbours = 3 }))) }
        #expect(throws: ConfigurationError.self) { try KGBoostConfig.decode(["kg_source": .string("transe"), "transe_dim": .int(0)]) }
        #expect(throws: ConfigurationError.self) { try KGBoostConfig.decode(["cold_neighbours": .int(-1)]) }
    }
}
