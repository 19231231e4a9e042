import Foundation
import RecConfig
import RecCore
import RecHDF5
import RecTestSupport
import Testing
@testable import RecModels

/// The catalogue-softmax MLP on the gender board (F users consume items 0..<15, M users 15..<30;
/// users 40 F, 41 M, 42 F are cold).
@Suite struct SoftmaxMLPTests {
    static func fitted(_ config: SoftmaxMLPConfig, seed: UInt64, recorder: LossRecorder? = nil) throws -> SoftmaxMLP {
        let model = SoftmaxMLP(config, seed: seed)
        try model.fit(NeuralFixtures.genderBoard(), observer: recorder)
        return model
    }

    @Test func coldUsersAreRankedByTheirGroupAndLossFalls() throws {
        let recorder = LossRecorder()
        let model = try Self.fitted(SoftmaxMLPConfig { $0.hidden = "8"; $0.epochs = 40; $0.batchSize = 8; $0.learningRate = 0.02; $0.l2 = 0.01 }, seed: 4,
                                    recorder: recorder)
        let losses = recorder.losses.map { $0["loss"]! }
        #expect(losses.count == 40 && losses.last! < 0.9 * losses.first!, "\(losses)")
        let s = model.score(users: [40, 41, 42], items: nil)
        #expect((0..<15).map { s[0, $0] }.min()! > (15..<30).map { s[0, $0] }.max()!)
        #expect((15..<30).map { s[1, $0] }.min()! > (0..<15).map { s[1, $0] }.max()!)
        #expect((0..<30).allSatisfy { s[0, $0] == s[2, $0] })      // same profile, same scores
        // An item subset reads the same logits.
        let sub = model.score(users: [41, 40], items: [29, 3])
        #expect(sub[0, 0] == s[1, 29] && sub[0, 1] == s[1, 3] && sub[1, 0] == s[0, 29] && sub[1, 1] == s[0, 3])
        #expect(model.score(users: [], items: nil).rows == 0)
    }

    /// Without hidden layers or penalty, the multinomial likelihood's maximum for a one-hot group is
    /// the group's empirical item distribution — demographic popularity without damping: each F item
    /// k was consumed by (20 users − those who skipped it) / (20 · 13) of the F mass.
    @Test func linearModelConvergesToTheGroupsItemDistribution() throws {
        let model = try Self.fitted(SoftmaxMLPConfig { $0.hidden = ""; $0.epochs = 300; $0.batchSize = 40; $0.learningRate = 0.05; $0.l2 = 0 }, seed: 1)
        let data = NeuralFixtures.genderBoard()
        var counts = [[Double]](repeating: [Double](repeating: 0, count: 30), count: 2)
        for u in 0..<40 { for i in data.userItem.row(u).indices { counts[u % 2][Int(i)] += 1 } }
        let s = model.score(users: [40, 41], items: nil)
        for g in 0..<2 {
            let z = (0..<30).map { Double(s[g, $0]) }, peak = z.max()!
            let e = z.map { exp($0 - peak) }, total = e.reduce(0, +)
            let groupTotal = counts[g].reduce(0, +)
            for i in 0..<30 { #expect(abs(e[i] / total - counts[g][i] / groupTotal) < 0.01, "group \(g) item \(i)") }
        }
    }

    @Test func sameSeedSameScoresAndSaveLoadRoundTrips() throws {
        let h = SoftmaxMLPConfig { $0.hidden = "8,4"; $0.activation = .relu; $0.epochs = 5; $0.batchSize = 16; $0.coldDropout = 0.5 }
        let a = try Self.fitted(h, seed: 9), b = try Self.fitted(h, seed: 9)
        let users: [Int32] = [0, 1, 40, 41]
        #expect(a.score(users: users, items: nil).storage == b.score(users: users, items: nil).storage)
        let other = try Self.fitted(SoftmaxMLPConfig { $0.hidden = "8,4"; $0.activation = .relu; $0.epochs = 5; $0.batchSize = 16; $0.coldDropout = 0.5 }, seed: 10)
        #expect(a.score(users: users, items: nil).storage != other.score(users: users, items: nil).storage)

        let restored = SoftmaxMLP(h, seed: 9)
        try saveAndLoad(a, into: restored)
        #expect(restored.score(users: users, items: nil).storage == a.score(users: users, items: nil).storage)
        // A loaded model saves again (it keeps no training data, so the item count comes from its weights).
        let again = SoftmaxMLP(h, seed: 9)
        try saveAndLoad(restored, into: again)
        #expect(again.score(users: users, items: [3, 29]).storage == a.score(users: users, items: [3, 29]).storage)
        // A different architecture refuses the file.
        #expect(throws: ModelError.self) { try saveAndLoad(a, into: SoftmaxMLP(SoftmaxMLPConfig { $0.hidden = "8" })) }
    }

    /// One Adam step of the linear model (logits affine in the weights) from w₀ to w₁: scoring with
    /// the average β w₀ + (1 − β) w₁ makes the scores affine in β, so s(0.75) = 1.5 s(0.5) − 0.5 s(0).
    @Test func averagedWeightsScoreTheMovingAverage() throws {
        func scores(_ beta: Float) throws -> [Float] {
            try Self.fitted(SoftmaxMLPConfig { $0.hidden = ""; $0.epochs = 1; $0.batchSize = 64; $0.learningRate = 0.1; $0.l2 = 0; $0.averaging = beta }, seed: 2)
                .score(users: [0, 1, 40, 41], items: nil).storage
        }
        let last = try scores(0), half = try scores(0.5), threeQuarters = try scores(0.75)
        #expect(zip(last, half).contains { abs($0 - $1) > 0.01 })   // the average is not the last step
        for k in last.indices { #expect(abs(threeQuarters[k] - (1.5 * half[k] - 0.5 * last[k])) < 1e-4) }
    }

    @Test(arguments: [
        ["hidden": .string("8,x")], ["hidden": .string("0")], ["activation": .string("softsign")], ["epochs": .int(0)],
        ["batch_size": .int(0)], ["learning_rate": .double(0)], ["l2": .double(-1)], ["cold_dropout": .double(1.5)],
        ["averaging": .double(1)],
    ] as [[String: ParamValue]])
    func invalidParametersAreRejected(_ values: [String: ParamValue]) {
        #expect(throws: ConfigurationError.self) { try SoftmaxMLPConfig.decode(values) }
    }
}
