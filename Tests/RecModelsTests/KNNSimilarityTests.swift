import RecCore
import RecData
import Testing
@testable import RecModels

/// 3 users × 4 items, computed by hand:
///
///          i0  i1  i2  i3
///     u0    5   3   ·   1
///     u1    4   ·   4   1
///     u2    ·   2   5   2
///
/// User means are all 3 (so adjusted cosine centres every user on 3); item means 4.5, 2.5, 4.5, 4/3.
private func handMatrix() -> TrainingData {
    let table = InteractionTable(users: [0, 0, 0, 1, 1, 1, 2, 2, 2], items: [0, 1, 3, 0, 2, 3, 1, 2, 3],
                                 ratings: [5, 3, 1, 4, 4, 1, 2, 5, 2])
    return trainingData(users: 3, items: 4, table: table)
}

private func itemSimilarity(_ sim: KNNSimilarity, shrinkage: Float = 0, _ a: Int, _ b: Int) throws -> Float? {
    let knn = ItemKNN(KNNConfig { $0.similarity = sim; $0.neighbours = 10; $0.shrinkage = shrinkage })
    try knn.fit(handMatrix(), observer: nil)
    return knn.similarities.value(row: a, col: b)
}

@Suite struct KNNSimilarityTests {
    @Test func cosineUsesFullNorms() throws {
        // i0·i1 over u0 = 15; ‖i0‖ = √41, ‖i1‖ = √13
        #expect(abs(try #require(try itemSimilarity(.cosine, 0, 1)) - 15 / (41 * 13 as Float).squareRoot()) < 1e-6)
        // i0·i3 = 5 + 4 = 9; ‖i3‖ = √6
        #expect(abs(try #require(try itemSimilarity(.cosine, 0, 3)) - 9 / (41 * 6 as Float).squareRoot()) < 1e-6)
        // symmetric
        #expect(try itemSimilarity(.cosine, 3, 0) == (try itemSimilarity(.cosine, 0, 3)))
    }

    @Test func shrinkageScalesByCoRatings() throws {
        // one co-rating user, β = 1: × 1/2; two co-ratings, β = 2: × 1/2
        #expect(abs(try #require(try itemSimilarity(.cosine, shrinkage: 1, 0, 1)) - 0.5 * 15 / (41 * 13 as Float).squareRoot()) < 1e-6)
        #expect(abs(try #require(try itemSimilarity(.jaccard, shrinkage: 2, 0, 3)) - 0.5 * 2 / 3) < 1e-6)
    }

    @Test func adjustedCosineCentresOnUserMeans() throws {
        // centred: i0 = (2, 1, ·), i2 = (·, 1, 2): dot over u1 = 1, norms √5 · √5
        #expect(abs(try #require(try itemSimilarity(.adjustedCosine, 0, 2)) - 0.2) < 1e-6)
        #expect(abs(try #require(try itemSimilarity(.adjustedCosine, shrinkage: 1, 0, 2)) - 0.1) < 1e-6)
        // i2 vs i3: 1·(−2) + 2·(−1) < 0, so not kept as a neighbour; i0 vs i1: 2·0 = 0, not kept
        #expect(try itemSimilarity(.adjustedCosine, 2, 3) == nil)
        #expect(try itemSimilarity(.adjustedCosine, 0, 1) == nil)
    }

    @Test func pearsonCentresOnItemMeansOverCoRatedUsers() throws {
        // i2 − 4.5 = (−½, ½) and i3 − 4/3 = (−⅓, ⅔) over u1, u2: ½ / √(½ · 5/9)
        let expected: Float = 0.5 / (0.5 * 5 / 9 as Float).squareRoot()
        #expect(abs(try #require(try itemSimilarity(.pearson, 2, 3)) - expected) < 1e-5)
        // i1 vs i3: (½)(−⅓) + (−½)(⅔) < 0 → dropped
        #expect(try itemSimilarity(.pearson, 1, 3) == nil)
    }

    @Test func jaccardCountsSets() throws {
        #expect(abs(try #require(try itemSimilarity(.jaccard, 0, 3)) - 2.0 / 3) < 1e-6)
        #expect(abs(try #require(try itemSimilarity(.jaccard, 0, 1)) - 1.0 / 3) < 1e-6)
    }

    @Test func userCosineComparesRatingRows() throws {
        let knn = UserKNN(KNNConfig { $0.similarity = .cosine; $0.neighbours = 5 })
        try knn.fit(handMatrix(), observer: nil)
        // u0·u1 = 5·4 + 1·1 = 21; ‖u0‖ = √35, ‖u1‖ = √33
        #expect(abs(try #require(knn.similarities.value(row: 0, col: 1)) - 21 / (35 * 33 as Float).squareRoot()) < 1e-6)
    }

    @Test func itemScoresSumTheTopKSimilaritiesAmongRatedItems() throws {
        // u2 rated i1, i2, i3. Similar to i0: i1 0.650, i3 0.574, i2 16/41 = 0.390; k = 2 keeps i1, i3.
        let knn = ItemKNN(KNNConfig { $0.similarity = .cosine; $0.neighbours = 2 })
        try knn.fit(handMatrix(), observer: nil)
        let expected = 15 / (41 * 13 as Float).squareRoot() + 9 / (41 * 6 as Float).squareRoot()
        #expect(abs(knn.score(users: [2], items: [0]).storage[0] - expected) < 1e-5)
        #expect(knn.score(users: [2], items: nil)[0, 0] == knn.score(users: [2], items: [0]).storage[0])
    }

    @Test func meanCentredItemPredictionMatchesHand() throws {
        // u2, i0 with k = 2 (i1, i3): 4.5 + [s01 (2 − 2.5) + s03 (2 − 4/3)] / (s01 + s03)
        let knn = ItemKNN(KNNConfig { $0.similarity = .cosine; $0.neighbours = 2; $0.scoring = .meanCentered })
        try knn.fit(handMatrix(), observer: nil)
        let s01 = 15 / (41 * 13 as Float).squareRoot(), s03 = 9 / (41 * 6 as Float).squareRoot()
        let expected = 4.5 + (s01 * (2 - 2.5) + s03 * (2 - 4.0 / 3)) / (s01 + s03)
        #expect(abs(knn.predict(users: [2], items: [0])[0] - expected) < 1e-5)
        #expect(knn.predictsRatings)
    }
}
