import Testing
import RecCore
import RecData
@testable import RecEval

@Suite struct BeyondAccuracyTests {
    func close(_ a: Double, _ b: Double, _ tol: Double = 1e-12) -> Bool { abs(a - b) <= tol }
    let none = RelevantItems([0])

    @Test func ratingMetricsByHand() {
        #expect(close(RMSE().value(predictions: [3, 4], truth: [4, 4]), 0.5.squareRoot()))  // √((1 + 0)/2)
        #expect(MAE().value(predictions: [3, 5], truth: [4, 4]) == 1)                       // (1 + 1)/2
        #expect(RSquared().value(predictions: [1, 2, 4], truth: [1, 2, 3]) == 0.5)          // 1 − 1/2
        #expect(RSquared().value(predictions: [1, 2], truth: [2, 2]).isNaN)                 // SS_tot = 0
        #expect(RMSE().value(predictions: [], truth: []).isNaN)
    }

    @Test func coverageAndGiniOverAllLists() {
        let lists = RankedLists(users: [0, 1], lists: [[0, 1], [1, 2]], k: 2)
        #expect(close(ItemCoverage(cutoff: 2).value(lists: lists, itemCount: 5), 3.0 / 5))
        #expect(close(ItemCoverage(cutoff: 1).value(lists: lists, itemCount: 5), 2.0 / 5))  // {0, 1}
        // Counts over 4 items: [0, 0, 1, 3] sorted → (1·1 + 3·3) / (4·4) = 0.625.
        let skewed = RankedLists(users: [0, 1, 2], lists: [[3, 2], [3], [3]], k: 2)
        #expect(close(GiniIndex(cutoff: 2).value(lists: skewed, itemCount: 4), 0.625))
        // Every item equally often: 0.
        let even = RankedLists(users: [0, 1], lists: [[0, 1], [2, 3]], k: 2)
        #expect(GiniIndex(cutoff: 2).value(lists: even, itemCount: 4) == 0)
    }

    @Test func noveltyAndARPFromTrainingPopularity() {
        // |U| = 8; counts: item 0 → 4 (p = 1/2, 1 bit), item 1 → 1 (p = 1/8, 3 bits), item 2 → 0 (as 1).
        let counts = [4, 1, 0]
        let nov = Novelty(cutoff: 2, itemCounts: counts, userCount: 8)
        #expect(close(nov.value(UserRanking(ranked: [0, 1], relevant: none, itemCount: 3)), 2))
        #expect(close(nov.value(UserRanking(ranked: [2], relevant: none, itemCount: 3)), 3))
        #expect(nov.value(UserRanking(ranked: [], relevant: none, itemCount: 3)) == 0)
        let arp = AveragePopularity(cutoff: 2, itemCounts: counts)
        #expect(arp.value(UserRanking(ranked: [0, 1, 2], relevant: none, itemCount: 3)) == 2.5)  // (4 + 1)/2
    }

    @Test func intraListDiversityIsMeanPairwiseCosineDistance() throws {
        // Genres: a = {Drama}, b = {Drama, War}, c = {Comedy}.
        let column = AttributeColumn.multiCategorical(indptr: [0, 1, 3, 4], codes: [0, 0, 1, 2],
                                                      levels: ["Drama", "War", "Comedy"])
        let f = try ItemFeatures(column: column)
        #expect(close(f.cosine(0, 1), 1 / 2.0.squareRoot()))
        let ild = IntraListDiversity(cutoff: 3, features: f)
        // Distances: d(a,b) = 1 − 1/√2, d(a,c) = 1, d(b,c) = 1 → mean (3 − 1/√2)/3 ≈ 0.7643.
        #expect(close(ild.value(UserRanking(ranked: [0, 1, 2], relevant: none, itemCount: 3)), 0.7642977396044842))
        #expect(ild.value(UserRanking(ranked: [0], relevant: none, itemCount: 3)) == 0)
    }
}
