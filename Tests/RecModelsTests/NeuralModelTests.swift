import RecConfig
import RecCore
import RecData
import RecTestSupport
import Testing
@testable import RecModels

/// Small fixtures for the neural recommenders.
enum NeuralFixtures {
    /// Two user groups by gender: F users like items 0..<15, M users items 15..<30 (each user all but
    /// two of their block). Users 40 (F), 41 (M) and 42 (F) have no training interaction.
    static func genderBoard() -> TrainingData {
        var rng = SeededGenerator(seed: 3)
        let warmUsers = 40, nUsers = 43, nItems = 30
        var us: [Int32] = [], its: [Int32] = []
        for u in 0..<warmUsers {
            let g = u % 2
            let skip = Set(rng.permutation(15).prefix(2))
            for k in 0..<15 where !skip.contains(k) { us.append(Int32(u)); its.append(Int32(g * 15 + k)) }
        }
        let codes: [Int32] = (0..<nUsers).map { u in u < warmUsers ? Int32(u % 2) : (u == 41 ? 1 : 0) }
        var attributes = AttributeTable()
        attributes.append("gender", .categorical(codes: codes, levels: ["F", "M"]))
        let table = InteractionTable(users: us, items: its)
        let ds = Dataset(name: "gender", users: IndexMap((0..<nUsers).map { "u\($0)" }),
                         items: IndexMap((0..<nItems).map { "i\($0)" }), interactions: table, userAttributes: attributes)
        return TrainingData(dataset: ds, train: table, validation: InteractionTable.empty(like: table))
    }

    /// Explicit rank-one ratings `r = 3 + 1.5 s_u t_i` with s, t = ±1, every pair observed.
    static func rankOneRatings() -> (TrainingData, [Float]) {
        let nUsers = 16, nItems = 12
        var us: [Int32] = [], its: [Int32] = [], rs: [Float] = []
        for u in 0..<nUsers { for i in 0..<nItems {
            let s: Float = u % 2 == 0 ? 1 : -1, t: Float = i % 3 == 0 ? 1 : -1
            us.append(Int32(u)); its.append(Int32(i)); rs.append(3 + 1.5 * s * t)
        }}
        return (trainingData(users: nUsers, items: nItems, table: InteractionTable(users: us, items: its, ratings: rs)), rs)
    }
}

@Suite struct NeuralModelTests {
    static let board = Checkerboard(usersPerGroup: 20, itemsPerGroup: 15, heldOutPerUser: 2)

    static let models: [(String, @Sendable () -> any Recommender)] = [
        ("NeuralMLP", { NeuralMLP(NeuralConfig { $0.factors = 8; $0.hidden = "16,8"; $0.epochs = 25; $0.batchSize = 64; $0.learningRate = 0.01 }, seed: 21) }),
        ("NeuralMLP dropout", { NeuralMLP(NeuralConfig { $0.factors = 8; $0.hidden = "16"; $0.epochs = 25; $0.batchSize = 64; $0.learningRate = 0.01; $0.dropout = 0.2 }, seed: 22) }),
        ("NeuMF", { NeuMF(NeuralConfig { $0.factors = 8; $0.hidden = "16,8"; $0.epochs = 15; $0.batchSize = 64; $0.learningRate = 0.01 }, seed: 23) }),
    ]

    @Test(arguments: models.indices)
    func learnsTheCheckerboardDeterministicallyAndRoundTrips(_ k: Int) throws {
        let (name, make) = Self.models[k]
        let failures = try ModelConformance.check(name, board: Self.board, fit: conformanceFit(Self.board, make))
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func lossFallsAndScoresMatchTheForwardPass() throws {
        for model in [NeuralMLP(NeuralConfig { $0.factors = 8; $0.hidden = "16,8"; $0.epochs = 6; $0.batchSize = 64; $0.learningRate = 0.01 }, seed: 5) as any EpochTrainable,
                      NeuMF(NeuralConfig { $0.factors = 8; $0.hidden = "16,8"; $0.epochs = 6; $0.batchSize = 64; $0.learningRate = 0.01 }, seed: 5),
                      NeuralMLP(NeuralConfig { $0.factors = 8; $0.hidden = "16,8"; $0.epochs = 6; $0.batchSize = 64; $0.learningRate = 0.01; $0.profileFactors = 4 }, seed: 5),
                      NeuMF(NeuralConfig { $0.factors = 8; $0.hidden = "16,8"; $0.epochs = 6; $0.batchSize = 64; $0.learningRate = 0.01; $0.userBalance = 1; $0.profileFactors = 3 }, seed: 5)] {
            let recorder = LossRecorder()
            try model.fit(NeuralFixtures.genderBoard(), observer: recorder)
            let losses = recorder.losses.map { $0["loss"]! }
            #expect(losses.count == 6 && losses.last! < losses.first!, "\(model.typeName): \(losses)")
            // The fast scorer (split first layer, batched sgemm) equals the autodiff forward pass,
            // for warm and cold users and for an item subset.
            let users: [Int32] = [0, 1, 40, 41], items: [Int32] = [29, 3, 17, 0]
            let fast = model.score(users: users, items: items)
            for (r, u) in users.enumerated() {
                let forward = model.predict(users: [Int32](repeating: u, count: items.count), items: items)
                for c in 0..<items.count { #expect(abs(fast[r, c] - forward[c]) < 1e-4) }
            }
            #expect(model.score(users: [], items: nil).rows == 0)
        }
    }

    @Test(arguments: [0, 1, 2])
    func coldUserIsScoredFromTheirProfile(_ which: Int) throws {
        let model: any Recommender = switch which {
        case 0: NeuralMLP(NeuralConfig { $0.factors = 8; $0.hidden = "16,8"; $0.epochs = 30; $0.batchSize = 64; $0.learningRate = 0.01; $0.coldDropout = 0.3; $0.useItemProfile = false }, seed: 8)
        case 1: NeuMF(NeuralConfig { $0.factors = 8; $0.hidden = "16,8"; $0.epochs = 30; $0.batchSize = 64; $0.learningRate = 0.01; $0.coldDropout = 0.3; $0.useItemProfile = false }, seed: 8)
        default: NeuralMLP(NeuralConfig { $0.factors = 8; $0.hidden = "16,8"; $0.epochs = 30; $0.batchSize = 64; $0.learningRate = 0.01; $0.coldDropout = 0.3; $0.itemColdDropout = 0; $0.profileFactors = 4; $0.useItemProfile = false }, seed: 8)
        }
        try model.fit(NeuralFixtures.genderBoard(), observer: nil)
        let s = model.score(users: [40, 41, 42], items: nil)
        func mean(_ r: Int, _ block: Range<Int>) -> Float { block.map { s[r, $0] }.reduce(0, +) / Float(block.count) }
        // Cold F users rank the F block higher, the cold M user the M block, item by item.
        #expect(mean(0, 0..<15) > mean(0, 15..<30) + 0.5)
        #expect(mean(1, 15..<30) > mean(1, 0..<15) + 0.5)
        #expect((0..<15).map { s[0, $0] }.min()! > (15..<30).map { s[0, $0] }.max()!)
        #expect((15..<30).map { s[1, $0] }.min()! > (0..<15).map { s[1, $0] }.max()!)
        // Two cold users with the same profile get the same scores (the shared unknown embedding).
        #expect((0..<30).allSatisfy { s[0, $0] == s[2, $0] })
    }

    @Test func ratingModeFitsALowRankMatrix() throws {
        let (data, ratings) = NeuralFixtures.rankOneRatings()
        for model in [NeuralMLP(NeuralConfig { $0.factors = 4; $0.hidden = "16"; $0.epochs = 150; $0.batchSize = 32; $0.learningRate = 0.01; $0.objective = .mse }, seed: 2) as any Recommender,
                      NeuMF(NeuralConfig { $0.factors = 4; $0.hidden = "16"; $0.epochs = 150; $0.batchSize = 32; $0.learningRate = 0.01; $0.objective = .mse }, seed: 2)] {
            try model.fit(data, observer: nil)
            #expect(model.predictsRatings)
            let predicted = model.predict(users: data.train.users, items: data.train.items)
            let mse = zip(predicted, ratings).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Float(ratings.count)
            #expect(mse < 0.05, "\(model.typeName): training MSE \(mse)")
        }
        #expect(!NeuralMLP().predictsRatings)
    }

    @Test func invalidParametersAreRejected() throws {
        // Values are checked when the configuration is decoded (spec time), at the spec key.
        let bad: [(String, ParamValue)] = [
            ("factors", .int(0)), ("hidden", .string("64,x")), ("hidden", .string("")), ("hidden", .string("64,0")),
            ("negatives", .int(-1)), ("epochs", .int(0)), ("batch_size", .int(0)), ("learning_rate", .double(0)),
            ("weight_decay", .double(-1)), ("dropout", .double(1)), ("cold_dropout", .double(-0.1)),
            ("item_cold_dropout", .double(1)), ("user_balance", .double(1.5)), ("objective", .string("hinge")),
        ]
        for (name, value) in bad {
            #expect(throws: ConfigurationError.self, "\(name) = \(value)") { try NeuralConfig.decode([name: value]) }
        }
        #expect(throws: ConfigurationError.self) {
            try NeuralConfig.decode(["profile_factors": .int(4), "use_user_profile": .bool(false), "use_item_profile": .bool(false)])
        }
        // What depends on the data is still checked by fit: implicit data has no ratings.
        do {
            try NeuMF(NeuralConfig { $0.objective = .mse }).fit(trainingData(Self.board), observer: nil)
            Issue.record("neumf accepted mse on implicit data")
        } catch let ModelError.invalidParameter(_, parameter, _) {
            #expect(parameter == "objective")
        }
        #expect(NeuralConfig { $0.hidden = " 64, 32 " }.hiddenWidths == [64, 32])
    }

    /// User-balanced positives: with β = 1 every user is drawn equally often whatever their history
    /// length; with β = 0.5 in proportion to √n_u. 3 users with 1, 4 and 16 interactions.
    @Test func balancedPositivesFollowTheUserWeights() {
        var r: [Int32] = [], c: [Int32] = []
        for (u, n) in [(0, 1), (1, 4), (2, 16)] { for i in 0..<n { r.append(Int32(u)); c.append(Int32(i)) } }
        let train = CSRMatrix(rows: 3, cols: 20, rowIndices: r, colIndices: c, values: [Float](repeating: 1, count: r.count))
        func shares(_ beta: Float) -> [Double] {
            var counts = [0, 0, 0], rng = SeededGenerator(seed: 4)
            for _ in 0..<2000 {
                for p in NeuralEpochSamples.balancedPositives(train, beta: beta, rng: &rng) {
                    counts[Int(r[Int(p)])] += 1
                }
            }
            let total = Double(counts.reduce(0, +))
            return counts.map { Double($0) / total }
        }
        for (got, want) in zip(shares(1), [1.0 / 3, 1.0 / 3, 1.0 / 3]) { #expect(abs(got - want) < 0.01) }
        for (got, want) in zip(shares(0.5), [1.0 / 7, 2.0 / 7, 4.0 / 7]) { #expect(abs(got - want) < 0.01) }
    }

    /// Cold dropout on users and items is drawn with separate rates: item rate 0 keeps every item warm.
    @Test func itemColdDropoutIsSeparateFromUserColdDropout() {
        let train = CSRMatrix(rows: 2, cols: 4, rowIndices: [0, 0, 1], colIndices: [0, 1, 2], values: [1, 1, 1])
        var rng = SeededGenerator(seed: 9)
        var coldUsers = 0, total = 0
        for _ in 0..<500 {
            let samples = NeuralEpochSamples(train: train, ratingOffset: nil, negatives: 1, coldDropout: 0.5,
                                             itemColdDropout: 0, rng: &rng)
            #expect(!samples.coldItem.contains(true))
            coldUsers += samples.coldUser.filter { $0 }.count; total += samples.count
        }
        #expect(abs(Double(coldUsers) / Double(total) - 0.5) < 0.03)
    }
}
