import Foundation
import RecCore
import RecData
import Testing
@testable import RecModels

@Suite struct BayesianMFTests {
    @Test func gaussianDrawsHaveTheClosedFormMeanAndCovariance() {
        // A = [[2, 0.5], [0.5, 1]], b = (1, −1): mean A⁻¹b = (1.5, −2.5)/1.75, covariance A⁻¹ = [[1, −0.5], [−0.5, 2]]/1.75.
        var rng = SeededGenerator(seed: 5)
        let n = 20_000
        var s1 = 0.0, s2 = 0.0, s11 = 0.0, s22 = 0.0, s12 = 0.0
        for _ in 0..<n {
            var a: [Float] = [2, 0.5, 0, 1]  // upper triangle only
            var b: [Float] = [1, -1]
            #expect(GibbsSampling.drawGaussian(n: 2, precision: &a, b: &b, rng: &rng))
            let x = Double(b[0]), y = Double(b[1])
            s1 += x; s2 += y; s11 += x * x; s22 += y * y; s12 += x * y
        }
        let m1 = s1 / Double(n), m2 = s2 / Double(n)
        #expect(abs(m1 - 1.5 / 1.75) < 0.03 && abs(m2 + 2.5 / 1.75) < 0.03, "mean (\(m1), \(m2))")
        #expect(abs(s11 / Double(n) - m1 * m1 - 1 / 1.75) < 0.03)
        #expect(abs(s22 / Double(n) - m2 * m2 - 2 / 1.75) < 0.05)
        #expect(abs(s12 / Double(n) - m1 * m2 + 0.5 / 1.75) < 0.03)
    }

    @Test func normalWishartDrawsHaveTheClosedFormMeans() {
        // Rows (1, 0), (0, 1), (−1, 1), β₀ = 2: ū = (0, 2/3), Σ(x−ū)(x−ū)ᵀ = [[2, −1], [−1, 2/3]],
        // W*⁻¹ = I + that + (2·3/5) ū ūᵀ = [[3, −1], [−1, 2.2]], ν = 2 + 3, so E[Λ] = ν W* = 5 [[2.2, 1], [1, 3]] / 5.6
        // and E[μ] = 3 ū / 5 = (0, 0.4).
        let rows: [Float] = [1, 0, 0, 1, -1, 1]
        var rng = SeededGenerator(seed: 9)
        let n = 20_000
        var precision = [Double](repeating: 0, count: 4), mean = [Double](repeating: 0, count: 2)
        for _ in 0..<n {
            let p = GibbsSampling.populationPosterior(rows: rows, count: 3, dim: 2, beta0: 2, rng: &rng)
            for k in 0..<4 { precision[k] += p.precision[k] / Double(n) }
            for k in 0..<2 { mean[k] += p.mean[k] / Double(n) }
        }
        let expected = [2.2, 1, 1, 3].map { 5 * $0 / 5.6 }
        for k in 0..<4 { #expect(abs(precision[k] - expected[k]) < 0.05, "E[Λ][\(k)] \(precision[k]) vs \(expected[k])") }
        #expect(abs(mean[0]) < 0.02 && abs(mean[1] - 0.4) < 0.02, "E[μ] \(mean)")
    }

    @Test func gammaDrawsHaveMeanAndVarianceShape() {
        var rng = SeededGenerator(seed: 3)
        for shape in [0.5, 3.7] {
            let draws = (0..<40_000).map { _ in GibbsSampling.gamma(shape: shape, rng: &rng) }
            let m = draws.reduce(0, +) / Double(draws.count)
            let v = draws.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(draws.count)
            #expect(abs(m - shape) < 0.03 * max(1, shape) && abs(v - shape) < 0.08 * max(1, shape), "shape \(shape): mean \(m), var \(v)")
        }
    }

    @Test func fitsLowRankRatingsAndAveragesTheKeptDraws() throws {
        let data = FactorModelTests.lowRankRatings()
        let model = BayesianMF(BayesianMFConfig { $0.factors = 4; $0.burnIn = 10; $0.samples = 30; $0.noisePrecision = 0 }, seed: 2)
        let recorder = LossRecorder()
        try model.fit(data, observer: recorder)
        #expect(model.state.kept == 30 && model.state.width == 120)
        let m = data.userItem
        var users: [Int32] = []
        for r in 0..<m.rows { users += [Int32](repeating: Int32(r), count: m.rowCount(r)) }
        let predicted = model.predict(users: users, items: m.indices)
        let rmse = (zip(predicted, m.values).reduce(0.0) { $0 + pow(Double($1.0 - $1.1), 2) } / Double(m.nnz)).squareRoot()
        #expect(rmse < 0.15, "training RMSE of the averaged predictor \(rmse)")
        // The learned noise variance 1/α tracks the draws' residual variance (the Gamma(1, 1) prior adds about 2/n).
        let last = recorder.losses.last!
        let residual = pow(last["rmse"]!, 2), noise = 1 / last["noise_precision"]!
        #expect(abs(noise - residual) < 0.5 * residual + 4 / Double(m.nnz), "1/α \(noise), residual variance \(residual)")
        #expect(abs(model.score(users: [4], items: [7]).storage[0] - model.predict(users: [4], items: [7])[0]) < 1e-4)
    }
}
