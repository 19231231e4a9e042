import RecCore
import RecData
import RecTestSupport
import Testing
@testable import RecModels

/// Fold-in (`FoldsInUsers`): a served model takes a user's new history without retraining. Each model's
/// folded-in user is checked against the problem it claims to solve, built densely by hand.
@Suite struct FoldInTests {
    static let board = Checkerboard(usersPerGroup: 10, itemsPerGroup: 8, heldOutPerUser: 2, lowRatingsPerUser: 2)
    static var data: TrainingData { TrainingData(dataset: board.dataset, train: board.train, validation: .empty(like: board.train)) }

    /// iALS: the folded-in factors solve `(YᵀC_uY + λI) x = YᵀC_u p_u` over every item, for a known user
    /// given a new history and for a user added at the end.
    @Test func implicitALSReSolvesTheUserExactly() throws {
        let model = ImplicitALS(ImplicitALSConfig { $0.factors = 4; $0.epochs = 3; $0.regularization = 0.5; $0.alpha = 2 }, seed: 1)
        try model.fit(Self.data, observer: nil)
        let f = 4, items = Self.board.itemCount, y = model.itemFactors
        let history: [Int32] = [0, 3, 9, 12], values: [Float] = [5, 1, 5, 3]
        var a = [[Double]](repeating: [Double](repeating: 0, count: f), count: f), b = [Double](repeating: 0, count: f)
        for i in 0..<items {
            let k = history.firstIndex(of: Int32(i))
            let c = Double(k.map { 1 + 2 * values[$0] } ?? 1), p: Double = k == nil ? 0 : 1
            for r in 0..<f {
                for s in 0..<f { a[r][s] += c * Double(y[i * f + r]) * Double(y[i * f + s]) }
                b[r] += c * p * Double(y[i * f + r])
            }
        }
        for r in 0..<f { a[r][r] += 0.5 }
        let expected = denseSolve(a, b)
        for user in [Int32(3), Int32(Self.board.userCount)] {
            model.foldIn(user: user, items: history, values: values)
            let got = model.userFactors[Int(user) * f..<(Int(user) + 1) * f]
            for (g, e) in zip(got, expected) { #expect(abs(Double(g) - e) < 1e-3 * max(1, abs(e)), "user \(user): \(g) vs \(e)") }
        }
        #expect(model.foldInUserCount == Self.board.userCount + 1)
        // Scores of the added user are its factors against the items'.
        let row = model.score(users: [Int32(Self.board.userCount)], items: nil).storage
        for i in 0..<items {
            let dot = (0..<f).reduce(0.0) { $0 + expected[$1] * Double(y[i * f + $1]) }
            #expect(abs(Double(row[i]) - dot) < 1e-3)
        }
    }

    /// Biased MF: the folded-in `[p_u; b_u]` minimises `Σ (r − μ − bᵢ − b_u − p·qᵢ)² + n(λ‖p‖² + λ_b b_u²)`.
    @Test func biasedMFReSolvesFactorsAndBias() throws {
        let model = BiasedMF(BiasedMFConfig { $0.factors = 3; $0.epochs = 5; $0.regularization = 0.1; $0.biasRegularization = 0.3 }, seed: 2)
        try model.fit(Self.data, observer: nil)
        let f = 3, n = f + 1, q = model.itemFactors, bi = model.itemBias, mu = Double(model.globalMean)
        let history: [Int32] = [1, 2, 10], ratings: [Float] = [5, 4, 1]
        var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n), b = [Double](repeating: 0, count: n)
        for (k, i) in history.enumerated() {
            let row = (0..<f).map { Double(q[Int(i) * f + $0]) } + [1]
            let target = Double(ratings[k]) - mu - Double(bi[Int(i)])
            for r in 0..<n { for s in 0..<n { a[r][s] += row[r] * row[s] }; b[r] += row[r] * target }
        }
        for d in 0..<f { a[d][d] += 3 * 0.1 }
        a[f][f] += 3 * 0.3
        let expected = denseSolve(a, b)
        let user = Int32(Self.board.userCount)
        model.foldIn(user: user, items: history, values: ratings)
        for d in 0..<f { #expect(abs(Double(model.userFactors[Int(user) * f + d]) - expected[d]) < 1e-4) }
        #expect(abs(Double(model.userBias[Int(user)]) - expected[f]) < 1e-4)
        // An empty history is a user with no preference: the prediction is μ + bᵢ.
        model.foldIn(user: user, items: [], values: [])
        let p = model.predict(users: [user], items: [4])[0]
        #expect(abs(Double(p) - (mu + Double(bi[4]))) < 1e-4)
    }

    /// Item-kNN: a folded-in history is scored at once by the definition, `Σ` of the similarities of the
    /// item to the user's items (similarity_sum, every neighbour kept).
    @Test func itemKNNScoresTheNewHistory() throws {
        let model = ItemKNN(KNNConfig { $0.neighbours = 100; $0.savedNeighbours = 100 })
        try model.fit(Self.data, observer: nil)
        let history: [Int32] = [12, 2, 7]
        let user = Int32(Self.board.userCount)
        model.foldIn(user: user, items: history, values: [1, 1, 1])
        #expect(model.foldInUserCount == Self.board.userCount + 1)
        let row = model.score(users: [user], items: nil).storage
        let s = model.similarities
        for j in 0..<Self.board.itemCount {
            var expected: Float = 0
            for i in history where Int(i) != j { expected += s.value(row: j, col: Int(i)) ?? 0 }
            #expect(abs(row[j] - expected) < 1e-5, "item \(j)")
        }
    }

    /// The history-reading models (EASE, SLIM, RP3beta, item-kNN): a new user folded in with a training
    /// user's history gets exactly that user's scores.
    @Test(arguments: ["ease", "slim", "rp3beta", "item_knn"])
    func aNewUserWithATrainingUsersHistoryScoresAsThatUser(type: String) throws {
        let model = try #require(ModelTypes.named(type)).make(values: [:], context: ModelContext(seed: 1))
        try model.fit(Self.data, observer: nil)
        let fold = try #require(model as? any FoldsInUsers)
        let u = 4, row = Self.data.userItem.row(u)
        let user = Int32(fold.foldInUserCount)
        fold.foldIn(user: user, items: Array(row.indices), values: Array(row.values))
        let scores = model.score(users: [Int32(u), user], items: nil)
        for j in 0..<Self.board.itemCount { #expect(scores[0, j] == scores[1, j], "\(type) item \(j)") }
    }
}
