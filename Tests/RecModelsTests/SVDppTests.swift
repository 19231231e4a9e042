import Foundation
import RecCore
import RecData
import Testing
@testable import RecModels

@Suite struct SVDppTests {
    /// Two users × three items: user 0 rated items 0 (5) and 1 (3), user 1 rated item 2 (4); μ = 4.
    static func tiny() -> TrainingData {
        trainingData(users: 2, items: 3, table: InteractionTable(users: [0, 0, 1], items: [0, 1, 2], ratings: [5, 3, 4]))
    }

    @Test func predictionAddsTheNormalisedImplicitSumToTheUserVector() throws {
        let model = SVDpp(SVDppConfig { $0.factors = 2 }, seed: 1)
        try model.prepare(Self.tiny())
        model.userBias = [-0.5, 0]; model.itemBias = [0.1, 0.2, -0.3]
        model.userFactors = [-1, 0, 0, 0]
        model.itemFactors = [0, 0, 0, 0, 0.5, 1]
        model.implicitFactors = [2, 0, 0, 2, 1, 1]
        model.updateImplicitUser()
        // z_0 = (y_0 + y_1)/√2 = (√2, √2); r̂ = 4 − 0.5 − 0.3 + (0.5, 1)·(−1 + √2, √2) = 3.2 − 0.5 + 1.5√2
        let expected = Float(3.2 - 0.5 + 1.5 * 2.0.squareRoot())
        #expect(abs(model.predict(users: [0], items: [2])[0] - expected) < 1e-5)
        #expect(abs(model.score(users: [0], items: [2]).storage[0] - expected) < 1e-5)
        // With y = 0 it is biased MF's prediction μ + b_u + b_i + p_uᵀq_i = 4 − 0.5 − 0.3 − 0.5 (unclipped score).
        model.implicitFactors = [Float](repeating: 0, count: 6)
        model.updateImplicitUser()
        #expect(abs(model.score(users: [0], items: [2]).storage[0] - 2.7) < 1e-6)
        #expect(model.predict(users: [0], items: [2])[0] == 3)  // clipped to the training range 3...5
    }

    @Test func oneEpochTakesTheHandComputedSteps() throws {
        // User 0 rated item 0 (5), user 1 item 1 (3): μ = 4, and the two users share nothing, so the
        // order of the epoch does not matter.
        let data = trainingData(users: 2, items: 2, table: InteractionTable(users: [0, 1], items: [0, 1], ratings: [5, 3]))
        let model = SVDpp(SVDppConfig {
            $0.factors = 1; $0.learningRate = 0.1; $0.regularization = 0.1; $0.implicitRegularization = 0.2; $0.biasRegularization = 0.05
        }, seed: 1)
        try model.prepare(data)
        model.userFactors = [0.5, 0]; model.itemFactors = [0.4, 0]; model.implicitFactors = [0.3, 0]
        _ = try model.trainEpoch(1)
        // r̂ = 4 + 0.4·(0.5 + 0.3) = 4.32, e = 0.68
        #expect(abs(model.userBias[0] - 0.068) < 1e-6 && abs(model.itemBias[0] - 0.068) < 1e-6)
        #expect(abs(model.userFactors[0] - 0.5222) < 1e-6)   // 0.5 + 0.1·(0.68·0.4 − 0.1·0.5)
        #expect(abs(model.itemFactors[0] - 0.4504) < 1e-6)   // 0.4 + 0.1·(0.68·0.8 − 0.1·0.4)
        #expect(abs(model.implicitFactors[0] - 0.3212) < 1e-6)  // 0.3 + 0.1·(0.68·0.4 − 0.2·0.3)
        #expect(abs(model.implicitUser[0] - 0.3212) < 1e-6)
    }

    @Test func fitsLowRankRatingsAndRestoresSnapshots() throws {
        let data = FactorModelTests.lowRankRatings()
        let model = SVDpp(SVDppConfig { $0.factors = 6; $0.epochs = 100; $0.learningRate = 0.02; $0.regularization = 0.002 }, seed: 3)
        let recorder = LossRecorder()
        try model.fit(data, observer: recorder)
        let rmse = recorder.losses.map { $0["rmse"]! }
        #expect(rmse.last! < 0.2 * rmse.first!, "training RMSE \(rmse.first!) → \(rmse.last!)")
        let before = model.score(users: [0, 1], items: nil).storage
        let saved = model.snapshot()
        _ = try model.trainEpoch(101)
        #expect(model.score(users: [0, 1], items: nil).storage != before)
        model.restore(saved)
        #expect(model.score(users: [0, 1], items: nil).storage == before)
    }
}
