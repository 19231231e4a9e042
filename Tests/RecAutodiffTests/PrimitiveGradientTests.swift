import Foundation
import RecAutodiff
import RecCore
import RecTestSupport
import Testing

/// Every primitive's derivative against central differences, for each differentiable input.
@Suite struct PrimitiveGradientTests {
    let a = Check.random(3, 4, seed: 1)
    let b = Check.random(3, 4, seed: 2)

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matmulGradientsMatchFiniteDifferences(transposeA: Bool, transposeB: Bool) {
        let left = transposeA ? Check.random(4, 3, seed: 3) : Check.random(3, 4, seed: 3)
        let right = transposeB ? Check.random(5, 4, seed: 4) : Check.random(4, 5, seed: 4)
        Check.gradient(at: left) { Check.weighted(matmul($0, right, transposeA: transposeA, transposeB: transposeB)) }
        Check.gradient(at: right) { Check.weighted(matmul(left, $0, transposeA: transposeA, transposeB: transposeB)) }
    }

    @Test func affineGradientsMatchFiniteDifferences() {
        let x = Check.random(3, 4, seed: 5), w = Check.random(4, 2, seed: 6), bias = Check.random(1, 2, seed: 7)
        Check.gradient(at: x) { Check.weighted(affine($0, w, bias)) }
        Check.gradient(at: w) { Check.weighted(affine(x, $0, bias)) }
        Check.gradient(at: bias) { Check.weighted(affine(x, w, $0)) }
    }

    @Test func biasAddGradientsMatchFiniteDifferences() {
        let bias = Check.random(1, 4, seed: 8)
        Check.gradient(at: a) { Check.weighted(addingBias($0, bias)) }
        Check.gradient(at: bias) { Check.weighted(addingBias(a, $0)) }
    }

    @Test func elementwiseGradientsMatchFiniteDifferences() {
        let b = self.b, a = self.a
        Check.gradient(at: a) { Check.weighted($0 + b) }
        Check.gradient(at: b) { Check.weighted(a + $0) }
        Check.gradient(at: a) { Check.weighted($0 - b) }
        Check.gradient(at: b) { Check.weighted(a - $0) }
        Check.gradient(at: a) { Check.weighted($0 * b) }
        Check.gradient(at: b) { Check.weighted(a * $0) }
        Check.gradient(at: a) { Check.weighted(-$0) }
        Check.gradient(at: a) { Check.weighted($0 + 0.7) }
        // a value used twice: its gradients add up
        Check.gradient(at: a) { Check.weighted($0 * $0 + $0) }
    }

    @Test func scalingGradientsMatchFiniteDifferences() {
        let a = self.a
        Check.gradient(at: a) { Check.weighted(1.7 * $0) }
        Check.gradient(at: a) { Check.weighted($0 * -0.3) }
        // with respect to the scalar
        let s: Float = 0.6
        let analytic = gradient(at: s) { s in Check.weighted(s * a) }
        let numeric = GradientCheck.numericalGradient(at: [s]) { v in Double(Check.weighted(v[0] * a)) }
        #expect(GradientCheck.maxError(analytic: [analytic], numeric: numeric) < 2e-3)
        let shift = gradient(at: Float(0.2)) { c in Check.weighted(a + c) }
        let numericShift = GradientCheck.numericalGradient(at: [0.2]) { v in Double(Check.weighted(a + v[0])) }
        #expect(GradientCheck.maxError(analytic: [shift], numeric: numericShift) < 2e-3)
    }

    @Test func activationGradientsMatchFiniteDifferences() {
        let x = Check.random(3, 4, seed: 9, scale: 3, margin: 0.1)
        Check.gradient(at: x) { Check.weighted(relu($0)) }
        Check.gradient(at: x) { Check.weighted(sigmoid($0)) }
        Check.gradient(at: x) { Check.weighted(tanh($0)) }
        Check.gradient(at: x) { Check.weighted(abs($0)) }
        let positive = Check.random(3, 4, seed: 19, scale: 2, margin: 0.5) * Check.random(3, 4, seed: 19, scale: 2, margin: 0.5)
        Check.gradient(at: positive) { Check.weighted(sqrt($0)) }
    }

    @Test func reductionGradientsMatchFiniteDifferences() {
        Check.gradient(at: a) { sum($0) }
        Check.gradient(at: a) { 3 * mean($0) }
        Check.gradient(at: a) { Check.weighted(rowSums($0)) }
        Check.gradient(at: a) { sum($0 * $0) }
    }

    @Test func concatGradientsMatchFiniteDifferences() {
        let p = Check.random(3, 2, seed: 10), q = Check.random(3, 3, seed: 11), r = Check.random(3, 1, seed: 12)
        Check.gradient(at: p) { Check.weighted(concatFeatures($0, q, r)) }
        Check.gradient(at: q) { Check.weighted(concatFeatures(p, $0, r)) }
        Check.gradient(at: r) { Check.weighted(concatFeatures(p, q, $0)) }
        Check.gradient(at: q) { Check.weighted(concatFeatures($0, p)) }
        Check.gradient(at: p) { Check.weighted(concatFeatures([$0, $0])) }
    }

    @Test func dropoutGradientMatchesFiniteDifferences() {
        Check.gradient(at: a) { Check.weighted(dropout($0, rate: 0.4, seed: 17)) }
    }

    @Test func lossGradientsMatchFiniteDifferences() {
        let target = Check.random(5, 1, seed: 13)
        let logits = Check.random(5, 1, seed: 14, scale: 4)
        let labels = Tensor(column: [1, 0, 1, 0.3, 0])
        Check.gradient(at: logits) { meanSquaredError(predicted: $0, expected: target) }
        Check.gradient(at: target) { meanSquaredError(predicted: logits, expected: $0) }
        Check.gradient(at: logits) { sigmoidCrossEntropy(logits: $0, labels: labels) }
        Check.gradient(at: logits) { bprLoss(positive: $0, negative: target) }
        Check.gradient(at: target) { bprLoss(positive: logits, negative: $0) }
    }

    @Test func softmaxCrossEntropyMatchesHandValueAndFiniteDifferences() {
        // One row z = (0, ln 2, ln 5) → softmax (1/8, 2/8, 5/8); targets y = (1, 0, 2):
        // loss = −(log(1/8) + 2·log(5/8)) = 3 ln 8 − 2 ln 5.
        let z = Tensor(rows: 1, cols: 3, scalars: [0, logf(2), logf(5)])
        let y = Tensor(rows: 1, cols: 3, scalars: [1, 0, 2])
        #expect(Swift.abs(softmaxCrossEntropy(logits: z, labels: y) - (3 * logf(8) - 2 * logf(5))) < 1e-5)
        // ∂/∂z = 3 · softmax − y = (3/8 − 1, 6/8, 15/8 − 2).
        let g = gradient(at: z) { softmaxCrossEntropy(logits: $0, labels: y) }
        for (a, b) in zip(g.scalars, [Float(3) / 8 - 1, 0.75, Float(15) / 8 - 2]) { #expect(Swift.abs(a - b) < 1e-5) }
        // Large logits stay finite (shifted log-sum-exp), and the mean is over rows.
        let big = Tensor(rows: 2, cols: 2, scalars: [1000, 0, 0, 1000])
        let eye = Tensor(rows: 2, cols: 2, scalars: [1, 0, 0, 1])
        #expect(softmaxCrossEntropy(logits: big, labels: eye) < 1e-6)
        let logits = Check.random(4, 6, seed: 41, scale: 2)
        let multiHot = Tensor(rows: 4, cols: 6, scalars: [1, 0, 1, 0, 0, 0,  0, 0, 0, 0, 0, 1,
                                                          1, 1, 1, 0, 1, 0,  0, 0, 0, 0, 0, 0])
        Check.gradient(at: logits) { softmaxCrossEntropy(logits: $0, labels: multiHot) }
    }

    @Test func logSoftmaxGradientMatchesFiniteDifferences() {
        let z = Check.random(3, 5, seed: 42, scale: 3)
        Check.gradient(at: z) { Check.weighted(logSoftmax($0)) }
        // the multinomial log-likelihood of Mult-VAE composed from it
        let multiHot = Tensor(rows: 3, cols: 5, scalars: [1, 0, 1, 0, 0,  0, 0, 0, 0, 1,  1, 1, 0, 1, 0])
        Check.gradient(at: z) { -sum(logSoftmax($0) * multiHot) }
    }

    @Test func gaussianSampleGradientsMatchFiniteDifferences() {
        let mu = Check.random(3, 4, seed: 43), logVar = Check.random(3, 4, seed: 44, scale: 2)
        // the noise is fixed by the seed, so the draw is a smooth function of μ and log σ²
        Check.gradient(at: mu) { Check.weighted(gaussianSample(mean: $0, logVariance: logVar, seed: 7)) }
        Check.gradient(at: logVar) { Check.weighted(gaussianSample(mean: mu, logVariance: $0, seed: 7)) }
        Check.gradient(at: mu) { gaussianKLDivergence(mean: $0, logVariance: logVar) }
        Check.gradient(at: logVar) { gaussianKLDivergence(mean: mu, logVariance: $0) }
    }

    @Test func sparseMatmulGradientIsTheTransposeProduct() {
        // 3 × 4 with an empty row and a repeated column
        let a = SparseOperand(CSRMatrix(rows: 3, cols: 4, indptr: [0, 2, 2, 5], indices: [0, 3, 1, 3, 2],
                                        values: [0.5, -1.5, 2, 0.25, -0.75]))
        let b = Check.random(4, 3, seed: 45)
        Check.gradient(at: b) { Check.weighted(sparseMatmul(a, $0)) }
        let gather = SparseOperand(selecting: [2, 0, 2], from: 4)
        Check.gradient(at: b) { Check.weighted(sparseMatmul(gather, $0)) }
        // propagation twice over a symmetric matrix (LightGCN's layers)
        let sym = SparseOperand(symmetric: CSRMatrix(rows: 4, cols: 4, indptr: [0, 2, 3, 5, 6], indices: [1, 2, 0, 0, 3, 2],
                                                     values: [0.5, 0.3, 0.5, 0.3, 0.7, 0.7]))
        Check.gradient(at: b) { Check.weighted(sparseMatmul(sym, sparseMatmul(sym, $0)) + $0) }
    }

    @Test func embeddingGradientIsTheScatterAddOfRowGradients() {
        let table = Check.random(6, 3, seed: 15)
        let ids: [Int32] = [4, 1, 4, 0]                         // a repeated id must accumulate
        let layer = Embedding(table: table)
        let g = gradient(at: layer) { e in Check.weighted(e(ids)) }
        #expect(g.indices == ids)
        let analytic = g.densified(tableRows: 6, dimension: 3).scalars
        let numeric = GradientCheck.numericalGradient(at: table.scalars) { s in
            Double(Check.weighted(Embedding(table: Tensor(rows: 6, cols: 3, scalars: s))(ids)))
        }
        #expect(GradientCheck.maxError(analytic: analytic, numeric: numeric) < 2e-3)
        // looked up twice (BPR's positive and negative items): row lists concatenate
        let twice = gradient(at: layer) { e in Check.weighted(e([2, 5]) - e([3, 2])) }
        #expect(twice.indices == [2, 5, 3, 2])
        let weights = Check.random(2, 3, seed: 99).scalars
        // id 2 appears as +row 0 and −row 1 of the weights; its two rows add up in the table gradient
        let dense = twice.densified(tableRows: 6, dimension: 3).scalars
        #expect(Array(dense[6..<9]) == (0..<3).map { weights[$0] - weights[3 + $0] })
    }

    @Test func denseLayerGradientsMatchFiniteDifferences() {
        var rng = SeededGenerator(seed: 4)
        for activation in Activation.allCases {
            let layer = Dense(inputSize: 4, outputSize: 3, activation: activation, generator: &rng)
            let x = Check.random(2, 4, seed: 16)
            Check.gradient(at: x) { Check.weighted(layer($0)) }
            let g = gradient(at: layer) { l in Check.weighted(l(x)) }
            let numericW = GradientCheck.numericalGradient(at: layer.weight.scalars) { s in
                Double(Check.weighted(Dense(weight: Tensor(rows: 4, cols: 3, scalars: s), bias: layer.bias, activation: activation)(x)))
            }
            #expect(GradientCheck.maxError(analytic: g.weight.scalars, numeric: numericW) < 2e-3, "\(activation)")
            let numericB = GradientCheck.numericalGradient(at: layer.bias.scalars) { s in
                Double(Check.weighted(Dense(weight: layer.weight, bias: Tensor(row: s), activation: activation)(x)))
            }
            #expect(GradientCheck.maxError(analytic: g.bias.scalars, numeric: numericB) < 2e-3, "\(activation)")
        }
    }
}
