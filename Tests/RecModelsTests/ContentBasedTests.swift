import Foundation
import RecConfig
import RecCore
import RecData
import RecTestSupport
import Testing
@testable import RecModels

@Suite struct ContentBasedTests {
    /// Items of `KnowledgeFixtures.tiny()` as hand-built vectors (3 year bands: [1980, 1990),
    /// [1990, 1995), [1995, 1995]; idf over 5 items: Action (3 items) ln(6/4)+1, Comedy and Drama
    /// (2 items) ln(6/3)+1; each block L2-normalised).
    @Test func featureVectorsByHand() throws {
        let data = KnowledgeFixtures.tiny()
        let (x, names) = try ContentFeatures.matrix(data.dataset, options: ContentFeatureOptions(numericBins: 3))
        #expect(names == ["class=Action", "class=Comedy", "class=Drama",
                          "release_year∈[1980, 1990)", "release_year∈[1990, 1995)", "release_year∈[1995, 1995]"])
        let action = Float(log(6.0 / 4) + 1), comedy = Float(log(2.0) + 1)
        let n = (action * action + comedy * comedy).squareRoot()
        #expect(Array(x.row(0).indices) == [0, 1, 4])
        let row0 = Array(x.row(0).values)
        #expect(abs(row0[0] - action / n) < 1e-6 && abs(row0[1] - comedy / n) < 1e-6 && row0[2] == 1)
        #expect(Array(x.row(3).indices) == [1, 2, 3])
        #expect(abs(x.row(3).values.first! - Float(0.5).squareRoot()) < 1e-6)
        #expect(Array(x.row(4).indices) == [0, 4] && Array(x.row(4).values) == [1, 1])
        // Without idf the Action/Comedy item weighs both genres equally.
        let (plain, _) = try ContentFeatures.matrix(data.dataset, options: ContentFeatureOptions(numericBins: 3, idf: false))
        #expect(plain.row(0).values.first == plain.row(0).values.dropFirst().first)
        // A level carried by one item only is dropped with min_level_count 3: Comedy and Drama go.
        let (rare, rareNames) = try ContentFeatures.matrix(data.dataset, options: ContentFeatureOptions(numericBins: 3, minLevelCount: 3))
        #expect(rareNames.prefix(1) == ["class=Action"] && rare.cols == 4)
    }

    /// A user who rated item 0 5 and item 2 1 (mean 3): p = 2·x_0 − 2·x_2, ‖p‖ = 4. The cold item 4
    /// (Action, 1990, never trained on) shares both of item 0's liked traits and ranks first.
    @Test func centredProfileScoresAColdItemByHand() throws {
        var data = KnowledgeFixtures.tiny()
        let train = InteractionTable(users: [0, 0, 1, 1], items: [0, 2, 1, 3], ratings: [5, 1, 4, 4])
        data = TrainingData(dataset: data.dataset, train: train, validation: InteractionTable.empty(like: train))
        let model = ContentBased(ContentBasedConfig { $0.numericBins = 3; $0.centering = true })
        try model.fit(data, observer: nil)
        let s = model.score(users: [0], items: nil)
        let expected: [Int: Float] = [1: -0.127735, 3: -0.057638, 4: 0.579372]
        for (c, v) in expected { #expect(abs(s[0, c] - v) < 1e-5, "item \(c): \(s[0, c])") }
        // Trained items: cos(p, x_0) = 2·‖x_0‖²/(4·‖x_0‖) = √2/2, cos(p, x_2) = −√2/2.
        #expect(abs(s[0, 0] - Float(0.5).squareRoot()) < 1e-5 && abs(s[0, 2] + Float(0.5).squareRoot()) < 1e-5)
        #expect(s[0, 4] > s[0, 1] && s[0, 4] > s[0, 3])
        // User 1 rated both items 4: all-equal ratings fall back to equal weights, not a zero profile.
        #expect(model.score(users: [1], items: [4])[0, 0] != 0)
        // Items subsets score exactly like the full ranking.
        #expect(model.score(users: [0], items: [4, 1]).storage == [s[0, 4], s[0, 1]])
    }

    @Test func withoutCentringRatingsWeighTheProfile() throws {
        let data = KnowledgeFixtures.tiny()
        let model = ContentBased(ContentBasedConfig { $0.attributeList = "class"; $0.centering = false })
        try model.fit(data, observer: nil)
        // b: 4·x_2 + 2·x_3 over class only (x_2 = Drama, x_3 = (Comedy + Drama)/√2).
        let p: (c: Float, d: Float) = (2 * Float(0.5).squareRoot(), 4 + 2 * Float(0.5).squareRoot())
        let norm = (p.c * p.c + p.d * p.d).squareRoot()
        let s = model.score(users: [1], items: [2])
        #expect(abs(s[0, 0] - p.d / norm) < 1e-5)
    }

    @Test func knowledgeBlockJoinsTheAttributes() throws {
        let data = KnowledgeFixtures.tiny()
        let model = ContentBased(ContentBasedConfig {
            $0.attributeList = "release_year"; $0.numericBins = 3; $0.kgWeight = 1
            $0.neighbourhood.hops = 1; $0.neighbourhood.relationWeighting = .uniform; $0.relationBalance = false
        })
        try model.fit(data, observer: nil)
        #expect(model.featureNames.count == 3 + 8 && model.featureNames[3] == "kg:m1")
        // Item 0 (1990; d1, g1) vs item 1 (1995; d1, g1): years differ, the graph row is equal → cos ½.
        let x = model.itemFeatures
        var dot: Float = 0
        for (f, v) in zip(x.row(0).indices, x.row(0).values) { if let w = x.value(row: 1, col: Int(f)) { dot += v * w } }
        #expect(abs(dot / 2 - 0.5) < 1e-6)
    }

    @Test func rejectsUnknownAttributesAndEmptyFeatures() throws {
        let data = KnowledgeFixtures.tiny()
        do {
            try ContentBased(ContentBasedConfig { $0.attributeList = "genre" }).fit(data, observer: nil)
            Issue.record("expected an error")
        } catch let error as ModelError {
            #expect("\(error)".contains("no item attribute 'genre'; item attributes are class, release_year"))
        }
        #expect(throws: ConfigurationError.self) { try ContentBasedConfig.decode(["numeric_bins": .int(0)]) }
        var bare = data.dataset
        bare.itemAttributes = AttributeTable()
        #expect(throws: ModelError.self) {
            try ContentBased().fit(TrainingData(dataset: bare, train: data.train, validation: data.validation), observer: nil)
        }
    }

    @Test func saveLoadAndCheckerboardConformance() throws {
        let data = KnowledgeFixtures.tiny()
        let model = ContentBased(ContentBasedConfig { $0.numericBins = 3; $0.kgWeight = 0.5 })
        try model.fit(data, observer: nil)
        let restored = ContentBased()
        try saveAndLoad(model, into: restored)
        #expect(restored.score(users: [0, 1, 2, 3], items: nil) == model.score(users: [0, 1, 2, 3], items: nil))
        #expect(restored.featureNames == model.featureNames)
        let board = ConformanceTests.implicitBoard
        let failures = try ModelConformance.check("content_based", board: board,
                                                  fit: KnowledgeFixtures.fit(KnowledgeFixtures.board(board), { ContentBased() }))
        #expect(failures.isEmpty, "\(failures)")
    }
}
