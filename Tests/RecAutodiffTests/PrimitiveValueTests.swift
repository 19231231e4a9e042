import Foundation
import RecAutodiff
import RecCore
import Testing

/// Forward values of the primitives on cases small enough to compute by hand.
@Suite struct PrimitiveValueTests {
    let a = Tensor(rows: 2, cols: 2, scalars: [1, 2, 3, 4])
    let b = Tensor(rows: 2, cols: 2, scalars: [5, 6, 7, 8])

    @Test func matmulWithAndWithoutTransposes() {
        #expect(matmul(a, b).scalars == [19, 22, 43, 50])                       // A·B
        #expect(matmul(a, b, transposeA: true).scalars == [26, 30, 38, 44])     // Aᵀ·B
        #expect(matmul(a, b, transposeB: true).scalars == [17, 23, 39, 53])     // A·Bᵀ
        #expect(matmul(a, b, transposeA: true, transposeB: true).scalars == [23, 31, 34, 46])
        let row = Tensor(rows: 1, cols: 3, scalars: [1, 0, -1])
        let m = Tensor(rows: 3, cols: 2, scalars: [1, 2, 3, 4, 5, 6])
        #expect(matmul(row, m).scalars == [-4, -4])
        #expect(matmul(row, m).rows == 1 && matmul(row, m).cols == 2)
    }

    @Test func affineAndBiasBroadcastEachRow() {
        let bias = Tensor(row: [10, -10])
        #expect(affine(a, b, bias).scalars == [29, 12, 53, 40])
        #expect(addingBias(a, bias).scalars == [11, -8, 13, -6])
    }

    @Test func elementwiseArithmeticAndScaling() {
        #expect((a + b).scalars == [6, 8, 10, 12])
        #expect((b - a).scalars == [4, 4, 4, 4])
        #expect((a * b).scalars == [5, 12, 21, 32])
        #expect((2 * a).scalars == [2, 4, 6, 8])
        #expect((a * 0.5).scalars == [0.5, 1, 1.5, 2])
        #expect((a + 1).scalars == [2, 3, 4, 5])
        #expect((-a).scalars == [-1, -2, -3, -4])
    }

    @Test func logSoftmaxIsTheLogOfEachRowsSoftmax() {
        // row 0: (0, ln 2, ln 5) → softmax (1/8, 2/8, 5/8); row 1: large equal logits stay finite
        let z = Tensor(rows: 2, cols: 3, scalars: [0, logf(2), logf(5), 1000, 1000, 1000])
        let y = logSoftmax(z)
        let expected: [Float] = [logf(1.0 / 8), logf(2.0 / 8), logf(5.0 / 8), -logf(3), -logf(3), -logf(3)]
        // (1000 − (1000 + ln 3) loses the digits below float spacing at 1000, 6·10⁻⁵)
        for (v, e) in zip(y.scalars, expected) { #expect(Swift.abs(v - e) < 1e-4) }
    }

    @Test func gaussianSampleIsMeanPlusSigmaTimesSeededNoise() {
        let mu = Tensor(rows: 1, cols: 3, scalars: [1, -2, 0.5])
        let logVar = Tensor(rows: 1, cols: 3, scalars: [0, 2 * logf(3), -100])
        let z = gaussianSample(mean: mu, logVariance: logVar, seed: 11)
        // ε from the same seed: z = μ + σ ε with σ = 1, 3, ≈0
        var rng = SeededGenerator(seed: 11)
        let eps = (0..<3).map { _ in Float(rng.nextGaussian()) }
        #expect(Swift.abs(z.scalars[0] - (1 + eps[0])) < 1e-5)
        #expect(Swift.abs(z.scalars[1] - (-2 + 3 * eps[1])) < 1e-5)
        #expect(Swift.abs(z.scalars[2] - 0.5) < 1e-5)
        #expect(gaussianSample(mean: mu, logVariance: logVar, seed: 11) == z)
        #expect(gaussianSample(mean: mu, logVariance: logVar, seed: 12) != z)
        // KL(N(μ, σ²) ‖ N(0, 1)) per row = ½ Σ (μ² + σ² − ln σ² − 1): for μ = (1, 0), σ² = (1, e): ½(1 + (e − 1 − 1)).
        let kl = gaussianKLDivergence(mean: Tensor(rows: 1, cols: 2, scalars: [1, 0]), logVariance: Tensor(rows: 1, cols: 2, scalars: [0, 1]))
        #expect(Swift.abs(kl - 0.5 * (1 + expf(1) - 2)) < 1e-5)
    }

    @Test func sparseMatmulSumsTheStoredEntriesOfEachRow() {
        // [[2, 0, 1], [0, 0, 0]] · [[1, 2], [3, 4], [5, 6]] = [[7, 10], [0, 0]]
        let a = SparseOperand(CSRMatrix(rows: 2, cols: 3, indptr: [0, 2, 2], indices: [0, 2], values: [2, 1]))
        let b = Tensor(rows: 3, cols: 2, scalars: [1, 2, 3, 4, 5, 6])
        #expect(sparseMatmul(a, b).scalars == [7, 10, 0, 0])
        #expect(sparseMatmul(SparseOperand(selecting: [2, 0], from: 3), b).scalars == [5, 6, 1, 2])
        // the derivative is Aᵀ·G: Aᵀ · [[1, 1], [1, 1]] = [[2, 2], [0, 0], [1, 1]]
        let g = gradient(at: b) { sum(sparseMatmul(a, $0)) }
        #expect(g.scalars == [2, 2, 0, 0, 1, 1])
    }

    @Test func shapelessZeroIsTheIdentityOfAddition() {
        #expect(a + .zero == a)
        #expect(Tensor.zero + a == a)
        #expect(a - .zero == a)
        #expect((Tensor.zero - a).scalars == [-1, -2, -3, -4])
        var t = Tensor.zero
        t += a
        #expect(t == a)
        t.move(by: a)
        #expect(t.scalars == [2, 4, 6, 8])
    }

    @Test func activations() {
        let x = Tensor(row: [-2, 0, 3])
        #expect(relu(x).scalars == [0, 0, 3])
        let s = sigmoid(x).scalars
        #expect(abs(s[0] - 0.11920292) < 1e-6 && s[1] == 0.5 && abs(s[2] - 0.95257413) < 1e-6)
        let t = tanh(x).scalars
        #expect(abs(t[0] + 0.96402758) < 1e-6 && t[1] == 0 && abs(t[2] - 0.99505475) < 1e-6)
        #expect(abs(x).scalars == [2, 0, 3])
        #expect(sqrt(Tensor(row: [4, 0, 2.25])).scalars == [2, 0, 1.5])
        // no overflow at extreme logits
        #expect(sigmoid(Tensor(row: [-1000, 1000])).scalars == [0, 1])
    }

    @Test func rowGatheringAndSlicing() {
        let t = Tensor(rows: 3, cols: 2, scalars: [0, 1, 10, 11, 20, 21])
        #expect(t.gatheringRows([2, 2, 0]).scalars == [20, 21, 20, 21, 0, 1])
        #expect(t.slicingRows(1..<3).scalars == [10, 11, 20, 21])
        #expect(t.slicingRows(1..<1).rows == 0)
    }

    @Test func denseMatrixConversionKeepsLayout() {
        let m = DenseMatrix(rows: 2, cols: 2, storage: [1, 2, 3, 4])
        #expect(Tensor(m) == a)
        #expect(DenseMatrix(a) == m)
    }

    @Test func reductions() {
        #expect(sum(a) == 10)
        #expect(mean(a) == 2.5)
        #expect(rowSums(a).scalars == [3, 7])
        #expect(rowSums(a).cols == 1)
    }

    @Test func concatAlongFeatures() {
        let c = Tensor(column: [9, 10])
        let joined = concatFeatures(a, c, b)
        #expect(joined.rows == 2 && joined.cols == 5)
        #expect(joined.scalars == [1, 2, 9, 5, 6, 3, 4, 10, 7, 8])
    }

    @Test func dropoutKeepsOrZeroesAndRescalesDeterministically() {
        let x = Tensor(rows: 100, cols: 100, repeating: 1)
        let y = dropout(x, rate: 0.25, seed: 5)
        #expect(y.scalars.allSatisfy { $0 == 0 || abs($0 - 4.0 / 3.0) < 1e-6 })
        let dropped = y.scalars.filter { $0 == 0 }.count
        #expect(abs(dropped - 2500) < 200)                      // about a quarter
        #expect(dropout(x, rate: 0.25, seed: 5) == y)           // same seed, same mask
        #expect(dropout(x, rate: 0.25, seed: 6) != y)
        #expect(dropout(x, rate: 0, seed: 5) == x)
        // the backward pass reuses the forward mask
        let g = gradient(at: x) { x in sum(dropout(x, rate: 0.25, seed: 5)) }
        #expect(g == y)
        // training/inference switch inside a differentiable function (seed nil: no dropout)
        @differentiable(reverse) func maybeDropout(_ x: Tensor, _ seed: UInt64?) -> Tensor {
            var h = x
            if let seed { h = dropout(h, rate: 0.25, seed: seed) }
            return h
        }
        #expect(gradient(at: x) { sum(maybeDropout($0, nil)) } == Tensor(rows: 100, cols: 100, repeating: 1))
        #expect(gradient(at: x) { sum(maybeDropout($0, 5)) } == y)
    }

    @Test func embeddingLookupGathersRows() {
        let table = Embedding(table: Tensor(rows: 3, cols: 2, scalars: [0, 1, 10, 11, 20, 21]))
        #expect(table([2, 0, 2]).scalars == [20, 21, 0, 1, 20, 21])
        #expect(table([]).rows == 0)
    }

    @Test func losses() {
        let p = Tensor(column: [1, 2, 3]), y = Tensor(column: [1, 0, 5])
        #expect(meanSquaredError(predicted: p, expected: y) == Float(0 + 4 + 4) / 3)
        // BCE: −log σ(0) = log 2 for either label; −log σ(2) for label 1; −log(1 − σ(2)) for label 0
        let bce = sigmoidCrossEntropy(logits: Tensor(column: [0, 2, 2]), labels: Tensor(column: [1, 1, 0]))
        let expected = Float((log(2.0) + log(1 + exp(-2.0)) + log(1 + exp(2.0))) / 3)
        #expect(abs(bce - expected) < 1e-6)
        // stable for huge logits: a confident right answer costs ~0, a confident wrong one ~|z|
        let extreme = sigmoidCrossEntropy(logits: Tensor(column: [100, -100]), labels: Tensor(column: [1, 1]))
        #expect(extreme.isFinite && abs(extreme - 50) < 1e-4)
        // BPR: −log σ(pos − neg); σ(0) = 1/2
        let bpr = bprLoss(positive: Tensor(column: [1, 3]), negative: Tensor(column: [1, 0]))
        #expect(abs(bpr - Float((log(2.0) + log(1 + exp(-3.0))) / 2)) < 1e-6)
        #expect(bprLoss(positive: Tensor(column: [-80]), negative: Tensor(column: [80])) == 160)
    }
}

