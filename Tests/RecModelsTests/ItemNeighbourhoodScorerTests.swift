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

/// A seeded 30 users × 200 items rating matrix in which users 0…11 have about 85% of the catalogue and
/// the rest about a quarter: with lists of up to 180 neighbours, most of a heavy user's targets are
/// reached by more than k of their items.
private func heavyFixture() -> TrainingData {
    var rng = SeededGenerator(seed: 29)
    var users: [Int32] = [], items: [Int32] = [], ratings: [Float] = []
    for u in 0..<30 {
        for i in 0..<200 where rng.nextDouble() < (u < 12 ? 0.85 : 0.25) {
            users.append(Int32(u)); items.append(Int32(i)); ratings.append(Float(1 + rng.nextInt(below: 5)))
        }
    }
    return trainingData(users: 30, items: 200, table: InteractionTable(users: users, items: items, ratings: ratings))
}

/// The (user, item) pairs whose item more than `k` of the user's items are neighbours of.
private func overCapPairs(_ s: CSRMatrix, _ x: CSRMatrix, k: Int) -> Int {
    (0..<x.rows).reduce(0) { total, u in
        total + (0..<s.rows).filter { j in (s.indptr[j]..<s.indptr[j + 1]).filter { x.value(row: u, col: Int(s.indices[$0])) != nil }.count > k }.count
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

    /// The capped path at scale: heavy users and lists far longer than k, so most targets of a heavy
    /// user have more than k contributors (at k = 120 the light users, with fewer than k items, take
    /// the uncapped path next to them). Jaccard similarities tie often, which the ranks must break as
    /// the definition does (smaller item first). Whole rows and a subset.
    @Test(arguments: [KNNSimilarity.cosine, .jaccard])
    func cappedRowsOfHeavyUsersEqualTheDefinitionBitForBit(_ similarity: KNNSimilarity) throws {
        let data = heavyFixture(), x = data.userItem
        let users = (0..<Int32(x.rows)).map { $0 }
        for scoring in KNNScoring.allCases {
            for k in [3, 40, 120] {
                let knn = ItemKNN(KNNConfig {
                    $0.neighbours = k; $0.savedNeighbours = 180; $0.scoring = scoring; $0.similarity = similarity; $0.shrinkage = 1
                })
                try knn.fit(data, observer: nil)
                let capped = overCapPairs(knn.similarities, x, k: k)
                #expect(capped > x.rows * x.cols / 5, "k=\(k): only \(capped) pairs over the cap")
                let scores = knn.score(users: users, items: nil)
                let expected = reference(knn, data, k: k, scoring: scoring)
                var mismatches: [String] = []
                for u in 0..<x.rows {
                    for j in 0..<x.cols where scores[u, j] != expected[u][j] {
                        mismatches.append("(\(u), \(j)): row \(scores[u, j]), definition \(expected[u][j])")
                    }
                }
                #expect(mismatches.isEmpty, "\(similarity) k=\(k) \(scoring): \(mismatches.count) differ, first \(mismatches.prefix(3))")
                let subset: [Int32] = [199, 5, 5, 0, 120]
                let part = knn.score(users: [3, 0, 20], items: subset)
                for (r, u) in [3, 0, 20].enumerated() {
                    for (c, j) in subset.enumerated() { #expect(part[r, c] == expected[u][Int(j)]) }
                }
            }
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
