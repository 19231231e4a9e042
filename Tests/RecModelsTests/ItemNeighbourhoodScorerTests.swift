import RecCore
import RecData
import Testing
@testable import RecModels

/// A seeded 40 users × 30 items rating matrix, about a third filled, ratings 1…5; users 0 and 1 have
/// half the catalogue, user 2 nothing.
private func fixture() -> TrainingData {
    var rng = SeededGenerator(seed: 11)
    var users: [Int32] = [], items: [Int32] = [], ratings: [Float] = []
    for u in 0..<40 where u != 2 {
        for i in 0..<30 where rng.nextDouble() < (u < 2 ? 0.5 : 0.3) {
            users.append(Int32(u)); items.append(Int32(i)); ratings.append(Float(1 + rng.nextInt(below: 5)))
        }
    }
    return trainingData(users: 40, items: 30, table: InteractionTable(users: users, items: items, ratings: ratings))
}

/// Item-kNN's score of (u, j) by the definition, independently of the model's code: j's neighbours
/// sorted by similarity (ties: smaller item first), the first `k` that u rated, summed in that order.
private func reference(_ knn: ItemKNN, _ data: TrainingData, _ u: Int, _ j: Int, k: Int, scoring: KNNScoring) -> Float {
    let s = knn.similarities, x = data.userItem
    let offsets = RatingOffsets(x, scoring: scoring, itemMeans: true, damping: knn.config.biasDamping)
    let entries: [(item: Int, weight: Float)] = (s.indptr[j]..<s.indptr[j + 1]).map { (Int(s.indices[$0]), s.values[$0]) }
    let list = entries.sorted { a, b in a.weight > b.weight || (a.weight == b.weight && a.item < b.item) }
    var num: Float = 0, den: Float = 0, used = 0
    for (i, w) in list where used < k {
        guard let r: Float = x.value(row: u, col: i) else { continue }
        used += 1
        switch scoring {
        case .similaritySum: num += w
        case .ratingWeightedSum: num += w * r
        case .meanCentered, .baseline: num += w * (r - offsets.offset(u, i)); den += w
        }
    }
    return scoring.predictsRatings ? offsets.offset(u, j) + (den > 0 ? num / den : 0) : num
}

@Suite struct ItemNeighbourhoodScorerTests {
    @Test(arguments: KNNScoring.allCases)
    func itemKNNRowsEqualTheNeighbourWalkBitForBit(_ scoring: KNNScoring) throws {
        let data = fixture()
        let users = (0..<Int32(40)).map { $0 }
        for (k, saved) in [(3, 10), (10, 10), (25, 200)] {
            let knn = ItemKNN(KNNConfig { $0.neighbours = k; $0.savedNeighbours = saved; $0.scoring = scoring; $0.shrinkage = 2 })
            try knn.fit(data, observer: nil)
            let scores = knn.score(users: users, items: nil)
            for u in 0..<40 {
                for j in 0..<30 {
                    let expected = reference(knn, data, u, j, k: k, scoring: scoring)
                    #expect(scores[u, j] == expected, "k=\(k) saved=\(saved) \(scoring): (\(u), \(j)) \(scores[u, j]) ≠ \(expected)")
                    #expect(knn.pairScore(u, j) == expected)
                }
            }
            let subset: [Int32] = [29, 3, 3, 0]
            let part = knn.score(users: [1, 0], items: subset)
            for (r, u) in [1, 0].enumerated() { for (c, j) in subset.enumerated() { #expect(part[r, c] == scores[u, Int(j)]) } }
        }
    }

    @Test func sourceMajorScoresAreTheHistoryTimesTheWeights() {
        let data = fixture()
        // W: a seeded sparse 30 × 30 matrix with negative and positive weights.
        var rng = SeededGenerator(seed: 3)
        var rows: [Int32] = [], cols: [Int32] = [], vals: [Float] = []
        for i in 0..<30 { for j in 0..<30 where rng.nextDouble() < 0.2 { rows.append(Int32(i)); cols.append(Int32(j)); vals.append(rng.nextFloat() - 0.3) } }
        let w = CSRMatrix(rows: 30, cols: 30, rowIndices: rows, colIndices: cols, values: vals)
        let x = data.userItem
        let scores = ItemNeighbourhoodScorer(sourceMajor: w)
            .score(users: [0, 2, 7], items: nil, history: x, estimate: .sum) { _, _, r in r }
        for (r, u) in [0, 2, 7].enumerated() {
            for j in 0..<30 {
                var expected: Double = 0
                for i in 0..<30 { expected += Double(x.value(row: u, col: i) ?? 0) * Double(w.value(row: i, col: j) ?? 0) }
                #expect(abs(Double(scores[r, j]) - expected) < 1e-5, "(\(u), \(j))")
            }
        }
    }
}
