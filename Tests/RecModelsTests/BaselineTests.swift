import Foundation
import RecCore
import RecData
import RecHDF5
import RecTestSupport
import Testing
@testable import RecModels

/// 3 users × 4 items; item 2 is the most popular (3 ratings), then item 0 (2), item 3 (1), item 1 (0).
private func tinyData() -> TrainingData {
    let table = InteractionTable(users: [0, 1, 2, 0, 1, 2], items: [2, 2, 2, 0, 0, 3], ratings: [5, 4, 3, 2, 4, 1])
    let ds = Dataset(name: "tiny", users: IndexMap(["a", "b", "c"]), items: IndexMap(["w", "x", "y", "z"]), interactions: table)
    return TrainingData(dataset: ds, train: table, validation: InteractionTable.empty(like: table))
}

@Suite struct BaselineTests {
    @Test func popularityScoresAreTrainingCounts() throws {
        let pop = Popularity(PopularityConfig { $0.damping = 0 })
        try pop.fit(tinyData(), observer: nil)
        let s = pop.score(users: [0, 1], items: nil)
        #expect(s.rows == 2 && s.cols == 4)
        #expect(Array(s.row(1)) == [2, 0, 3, 1])
        #expect(pop.score(users: [2], items: [3, 2]).storage == [1, 3])
    }

    @Test func popularityPredictsDampedItemMean() throws {
        // global mean μ = 19/6; item 2: (5+4+3 + 2μ) / (3+2) with damping 2
        let pop = Popularity(PopularityConfig { $0.damping = 2 })
        try pop.fit(tinyData(), observer: nil)
        let mu: Float = 19.0 / 6.0
        let expected = (12 + 2 * mu) / 5
        #expect(abs(pop.predict(users: [0], items: [2])[0] - expected) < 1e-5)
        // item 1 has no ratings: prediction is μ
        #expect(abs(pop.predict(users: [0], items: [1])[0] - mu) < 1e-5)
    }

    @Test func randomScoresAreSeededAndOrderIndependent() throws {
        let a = RandomRecommender(seed: 9), b = RandomRecommender(seed: 9), c = RandomRecommender(seed: 10)
        try a.fit(tinyData(), observer: nil); try b.fit(tinyData(), observer: nil); try c.fit(tinyData(), observer: nil)
        let all = a.score(users: [0, 1, 2], items: nil)
        #expect(all == b.score(users: [0, 1, 2], items: nil))
        #expect(all != c.score(users: [0, 1, 2], items: nil))
        // scoring user 2 alone, or a subset of items, gives the same numbers
        #expect(Array(all.row(2)) == a.score(users: [2], items: nil).storage)
        #expect(a.score(users: [1], items: [3]).storage[0] == all[1, 3])
        #expect(all.storage.allSatisfy { $0 >= 0 && $0 < 1 })
        // predictions stay within the training rating range [1, 5]
        #expect(a.predict(users: [0, 1], items: [1, 2]).allSatisfy { $0 >= 1 && $0 <= 5 })
    }

    @Test func popularitySaveLoadRoundTrips() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("m.h5").path
        let pop = Popularity(PopularityConfig { $0.damping = 3 })
        try pop.fit(tinyData(), observer: nil)
        let f = try HDF5File.create(path: path)
        try pop.save(to: f.root.createGroup("model"))
        f.close()
        let g = try HDF5File.open(path: path, readOnly: true)
        let restored = Popularity(PopularityConfig { $0.damping = 3 })
        try restored.load(from: g.root.openGroup("model"))
        #expect(restored.score(users: [0], items: nil) == pop.score(users: [0], items: nil))
        #expect(restored.predict(users: [1], items: [0]) == pop.predict(users: [1], items: [0]))
    }
}
