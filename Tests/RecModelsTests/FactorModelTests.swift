import RecConfig
import RecCore
import RecData
import RecTestSupport
import Testing
@testable import RecModels

@Suite struct FactorModelTests {
    /// 60 users × 40 items, ratings `3 + u·v` from known rank-3 factors, 60 % of cells observed.
    static func lowRankRatings() -> TrainingData {
        var rng = SeededGenerator(seed: 21)
        let users = 60, items = 40, rank = 3
        let u = FactorSupport.gaussian(count: users * rank, std: 0.7, rng: &rng)
        let v = FactorSupport.gaussian(count: items * rank, std: 0.7, rng: &rng)
        var us: [Int32] = [], its: [Int32] = [], rs: [Float] = []
        for a in 0..<users {
            for b in 0..<items where rng.nextDouble() < 0.6 {
                var r: Float = 3
                for k in 0..<rank { r += u[a * rank + k] * v[b * rank + k] }
                us.append(Int32(a)); its.append(Int32(b)); rs.append(r)
            }
        }
        return trainingData(users: users, items: items, table: InteractionTable(users: us, items: its, ratings: rs))
    }

    @Test func biasedMFFitsLowRankRatings() throws {
        let data = Self.lowRankRatings()
        let mean = data.globalMean
        let spread = (data.userItem.values.reduce(0.0) { $0 + pow(Double($1) - mean, 2) } / Double(data.userItem.nnz)).squareRoot()
        let mf = BiasedMF(BiasedMFConfig {
            $0.factors = 6; $0.epochs = 150; $0.learningRate = 0.02; $0.regularization = 0.002; $0.biasRegularization = 0
        }, seed: 3)
        let recorder = LossRecorder()
        try mf.fit(data, observer: recorder)
        let m = data.userItem
        var users: [Int32] = []
        for r in 0..<m.rows { users += [Int32](repeating: Int32(r), count: m.rowCount(r)) }
        let predicted = mf.predict(users: users, items: m.indices)
        let rmse = (zip(predicted, m.values).reduce(0.0) { $0 + pow(Double($1.0 - $1.1), 2) } / Double(m.nnz)).squareRoot()
        #expect(rmse < 0.1 * spread, "training RMSE \(rmse), rating spread \(spread)")
        // the reported per-epoch RMSE falls and ends near the measured one
        let reported = recorder.losses.map { $0["rmse"]! }
        #expect(reported.last! < reported.first!)
        #expect(abs(reported.last! - rmse) < 0.05)
        // score() and predict() agree (scores include μ and both biases)
        #expect(abs(mf.score(users: [4], items: [7]).storage[0] - mf.predict(users: [4], items: [7])[0]) < 1e-4)
    }

    @Test func biasedMFClipsRatingPredictionsToTheTrainingRange() throws {
        let data = Self.lowRankRatings()
        let lo = data.userItem.values.min()!, hi = data.userItem.values.max()!
        // Large steps with no regularisation overshoot, so some raw scores leave the rating range.
        let mf = BiasedMF(BiasedMFConfig {
            $0.factors = 6; $0.epochs = 30; $0.learningRate = 0.05; $0.regularization = 0; $0.biasRegularization = 0
            $0.learningRateDecay = 0.9
        }, seed: 3)
        try mf.fit(data, observer: nil)
        let users = (0..<60).flatMap { [Int32](repeating: Int32($0), count: 40) }
        let items = (0..<60).flatMap { _ in (0..<40).map(Int32.init) }
        let predicted = mf.predict(users: users, items: items)
        let raw = mf.score(users: (0..<60).map(Int32.init), items: nil).storage
        #expect(predicted.allSatisfy { $0 >= lo && $0 <= hi })
        #expect(zip(predicted, raw).allSatisfy { p, r in p == min(max(r, lo), hi) || abs(p - min(max(r, lo), hi)) < 1e-4 })
        #expect(raw.contains { $0 < lo || $0 > hi })
    }

    @Test func bprRanksHeldOutBlockItemsHigh() throws {
        let board = Checkerboard(usersPerGroup: 20, itemsPerGroup: 15, heldOutPerUser: 2)
        let bpr = BPR(BPRConfig { $0.factors = 8; $0.epochs = 40; $0.learningRate = 0.05; $0.regularization = 0.001 }, seed: 8)
        let recorder = LossRecorder()
        try bpr.fit(trainingData(board), observer: recorder)
        let auc = board.auc(bpr.score(users: (0..<Int32(board.userCount)).map { $0 }, items: nil))
        #expect(auc > 0.9, "AUC \(auc)")
        let loss = recorder.losses.map { $0["loss"]! }
        #expect(loss.first! > 0.6 && loss.last! < loss.first!)
    }

    @Test func hogwildBPRStillLearns() throws {
        let board = Checkerboard(usersPerGroup: 20, itemsPerGroup: 15, heldOutPerUser: 2)
        let bpr = BPR(BPRConfig { $0.factors = 8; $0.epochs = 40; $0.learningRate = 0.05; $0.regularization = 0.001; $0.threads = 2 }, seed: 8)
        try bpr.fit(trainingData(board), observer: nil)
        #expect(board.auc(bpr.score(users: (0..<Int32(board.userCount)).map { $0 }, items: nil)) > 0.9)
    }

    @Test func factorScoresForItemSubsetsMatchFullScores() throws {
        let board = Checkerboard()
        let model = PointwiseMF(PointwiseMFConfig { $0.factors = 4; $0.epochs = 3 }, seed: 2)
        try model.fit(trainingData(board), observer: nil)
        let full = model.score(users: [3, 0], items: nil)
        let part = model.score(users: [3, 0], items: [5, 1])
        #expect(part.storage == [full[0, 5], full[0, 1], full[1, 5], full[1, 1]])
    }

    @Test func invalidParametersAreRejected() {
        // Values are checked when a configuration is decoded (spec time); a built model never re-checks them.
        #expect(throws: ConfigurationError.self) { try BiasedMFConfig.decode(["factors": .int(0)]) }
        #expect(throws: ConfigurationError.self) { try ImplicitALSConfig.decode(["regularization": .double(0)]) }
        #expect(throws: ConfigurationError.self) { try BPRConfig.decode(["learning_rate": .double(0)]) }
    }
}

import Foundation
