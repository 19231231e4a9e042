import RecCore
import RecData
import Testing
@testable import RecModels

/// A seeded 40 users × 150 items rating matrix, about a third filled, ratings 1…5; users 0 and 1 have
/// half the catalogue, user 2 nothing. Neighbour lists reach 149 items (three words of selection bits).
private func fixture() -> TrainingData {
    var rng = SeededGenerator(seed: 11)
    var users: [Int32] = [], items: [Int32] = [], ratings: [Float] = []
    for u in 0..<40 where u != 2 {
        for i in 0..<150 where rng.nextDouble() < (u < 2 ? 0.5 : 0.3) {
            users.append(Int32(u)); items.append(Int32(i)); ratings.append(Float(1 + rng.nextInt(below: 5)))
        }
    }
    return trainingData(users: 40, items: 150, table: InteractionTable(users: users, items: items, ratings: ratings))
}

/// Item-kNN's scores by the definition, independently of the model's code: for (u, j), j's neighbours
/// sorted by similarity (ties: smaller item first), the first `k` that u rated, then summed in item order.
private func reference(_ knn: ItemKNN, _ data: TrainingData, k: Int, scoring: KNNScoring) -> [[Float]] {
    let s = knn.similarities, x = data.userItem
    let offsets = RatingOffsets(x, scoring: scoring, itemMeans: true, damping: knn.config.biasDamping)
    let bySimilarity: [[(item: Int, weight: Float)]] = (0..<s.rows).map { j in
        (s.indptr[j]..<s.indptr[j + 1]).map { (item: Int(s.indices[$0]), weight: s.values[$0]) }
            .sorted { a, b in a.weight > b.weight || (a.weight == b.weight && a.item < b.item) }
    }
    return (0..<x.rows).map { u in
        var rating = [Float?](repeating: nil, count: x.cols)
        for p in x.indptr[u]..<x.indptr[u + 1] { rating[Int(x.indices[p])] = x.values[p] }
        return (0..<x.cols).map { j in
            let chosen = bySimilarity[j].filter { rating[$0.item] != nil }.prefix(k).sorted { $0.item < $1.item }
            var num: Float = 0, den: Float = 0
            for (i, w) in chosen {
                let r = rating[i]!
                switch scoring {
                case .similaritySum: num += w
                case .ratingWeightedSum: num += w * r
                case .meanCentered, .baseline: num += w * (r - offsets.offset(u, i)); den += w
                }
            }
            return scoring.predictsRatings ? offsets.offset(u, j) + (den > 0 ? num / den : 0) : num
        }
    }
}

@Suite struct ItemNeighbourhoodScorerTests {
    @Test(arguments: KNNScoring.allCases)
    func itemKNNRowsAndPairsEqualTheDefinitionBitForBit(_ scoring: KNNScoring) throws {
        let data = fixture()
        let users = (0..<Int32(40)).map { $0 }
        for (k, saved) in [(3, 10), (10, 10), (25, 200), (200, 200)] {
            let knn = ItemKNN(KNNConfig { $0.neighbours = k; $0.savedNeighbours = saved; $0.scoring = scoring; $0.shrinkage = 2 })
            try knn.fit(data, observer: nil)
            let scores = knn.score(users: users, items: nil)
            let pairs = knn.predict(users: users.flatMap { Array(repeating: $0, count: 150) },
                                    items: (0..<40).flatMap { _ in (0..<Int32(150)).map { $0 } })
            let expected = reference(knn, data, k: k, scoring: scoring)
            var mismatches: [String] = []
            for u in 0..<40 {
                for j in 0..<150 {
                    if scores[u, j] != expected[u][j] || pairs[u * 150 + j] != expected[u][j] {
                        mismatches.append("(\(u), \(j)): row \(scores[u, j]), pair \(pairs[u * 150 + j]), definition \(expected[u][j])")
                    }
                }
            }
            #expect(mismatches.isEmpty, "k=\(k) saved=\(saved) \(scoring): \(mismatches.count) differ, first \(mismatches.prefix(3))")
            let subset: [Int32] = [149, 3, 3, 0]
            let part = knn.score(users: [1, 0], items: subset)
            for (r, u) in [1, 0].enumerated() { for (c, j) in subset.enumerated() { #expect(part[r, c] == scores[u, Int(j)]) } }
        }
    }

    @Test func sourceMajorScoresAreTheHistoryTimesTheWeights() {
        let data = fixture()
        // W: a seeded sparse 150 × 150 matrix with negative and positive weights.
        var rng = SeededGenerator(seed: 3)
        var rows: [Int32] = [], cols: [Int32] = [], vals: [Float] = []
        for i in 0..<150 { for j in 0..<150 where rng.nextDouble() < 0.2 { rows.append(Int32(i)); cols.append(Int32(j)); vals.append(rng.nextFloat() - 0.3) } }
        let w = CSRMatrix(rows: 150, cols: 150, rowIndices: rows, colIndices: cols, values: vals)
        let x = data.userItem
        let scores = ItemNeighbourhoodScorer(sourceMajor: w)
            .score(users: [0, 2, 7], items: nil, history: x, estimate: .sum) { _, _, r in r }
        for (r, u) in [0, 2, 7].enumerated() {
            for j in 0..<150 {
                var expected: Double = 0
                for i in 0..<150 { expected += Double(x.value(row: u, col: i) ?? 0) * Double(w.value(row: i, col: j) ?? 0) }
                #expect(abs(Double(scores[r, j]) - expected) < 1e-5, "(\(u), \(j))")
            }
        }
    }
}
