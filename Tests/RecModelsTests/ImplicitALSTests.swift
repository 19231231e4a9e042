import RecCore
import RecData
import RecTestSupport
import Testing
@testable import RecModels

/// Solves the dense system `A x = b` in Double by Gaussian elimination with partial pivoting.
func denseSolve(_ a: [[Double]], _ b: [Double]) -> [Double] {
    var m = a, v = b
    let n = b.count
    for c in 0..<n {
        let p = (c..<n).max { abs(m[$0][c]) < abs(m[$1][c]) }!
        m.swapAt(c, p); v.swapAt(c, p)
        for r in (c + 1)..<n {
            let f = m[r][c] / m[c][c]
            for k in c..<n { m[r][k] -= f * m[c][k] }
            v[r] -= f * v[c]
        }
    }
    var x = [Double](repeating: 0, count: n)
    for r in stride(from: n - 1, through: 0, by: -1) {
        var s = v[r]
        for k in (r + 1)..<n { s -= m[r][k] * x[k] }
        x[r] = s / m[r][r]
    }
    return x
}

/// The user step `(YᵀC_uY + penalty·I) x = YᵀC_u p_u` built densely over all `items`: C_u = diag(c) with
/// c = 1 + α·value on the observed items and 1 elsewhere, p_u their indicator.
func denseUserSolve(y: [Float], items: Int, factors f: Int, observed: [Int32], values: [Float], alpha: Float,
                    penalty: Double) -> [Double] {
    var a = [[Double]](repeating: [Double](repeating: 0, count: f), count: f)
    var b = [Double](repeating: 0, count: f)
    for i in 0..<items {
        let k = observed.firstIndex(of: Int32(i))
        let c = Double(k.map { 1 + alpha * values[$0] } ?? 1), p: Double = k == nil ? 0 : 1
        for r in 0..<f {
            for s in 0..<f { a[r][s] += c * Double(y[i * f + r]) * Double(y[i * f + s]) }
            b[r] += c * p * Double(y[i * f + r])
        }
    }
    for r in 0..<f { a[r][r] += penalty }
    return denseSolve(a, b)
}

@Suite struct ImplicitALSTests {
    /// One user step `(YᵀC_uY + λI) x = YᵀC_u p_u` built densely over all 12 items by hand.
    @Test func userStepMatchesDirectLeastSquares() {
        let f = 4, items = 12, alpha: Float = 2, lambda: Float = 0.1
        var rng = SeededGenerator(seed: 5)
        let y = FactorSupport.gaussian(count: items * f, std: 0.5, rng: &rng)
        let observed: [Int32] = [1, 4, 7], values: [Float] = [1, 2, 3]
        let expected = denseUserSolve(y: y, items: items, factors: f, observed: observed, values: values, alpha: alpha,
                                      penalty: Double(lambda))

        let gram = ImplicitALS.gram(y, count: items, factors: f, shift: lambda)
        y.withUnsafeBufferPointer { yp in observed.withUnsafeBufferPointer { ip in values.withUnsafeBufferPointer { vp in
            let row = RowProblem(y: yp.baseAddress!, indices: ip.baseAddress!, values: vp.baseAddress!,
                                 count: 3, factors: f, alpha: alpha)
            var aScratch = [Float](repeating: 0, count: f * f), bScratch = [Float](repeating: 0, count: f)
            var gathered = [Float](repeating: 0, count: 3 * f), x = [Float](repeating: 0, count: f)
            gram.withUnsafeBufferPointer { g in
                row.solveCholesky(gram: g.baseAddress!, a: &aScratch, b: &bScratch, gathered: &gathered, x: &x)
            }
            for d in 0..<f { #expect(abs(Double(x[d]) - expected[d]) < 1e-4) }

            // CG from zero with f steps is exact up to rounding; 3 warm-started steps stay there.
            var xc = [Float](repeating: 0, count: f), work = [Float](repeating: 0, count: 3 * f)
            gram.withUnsafeBufferPointer { g in row.solveCG(gram: g.baseAddress!, steps: f, work: &work, x: &xc) }
            for d in 0..<f { #expect(abs(Double(xc[d]) - expected[d]) < 1e-3) }
            gram.withUnsafeBufferPointer { g in row.solveCG(gram: g.baseAddress!, steps: 3, work: &work, x: &xc) }
            for d in 0..<f { #expect(abs(Double(xc[d]) - expected[d]) < 1e-3) }
        }}}
    }

    /// With ν > 0 a row with n interactions is penalised by λ·n^ν: the solve is
    /// `(YᵀC_uY + λ·n^ν·I) x = YᵀC_u p_u`, here with n = 3, λ = 0.2, ν = 0.5, built densely by hand.
    @Test func frequencyScaledPenaltyMatchesDirectLeastSquares() {
        let f = 4, items = 12, alpha: Float = 2
        let penalty = RowPenalty(lambda: 0.2, exponent: 0.5)
        var rng = SeededGenerator(seed: 9)
        let y = FactorSupport.gaussian(count: items * f, std: 0.5, rng: &rng)
        let observed: [Int32] = [0, 5, 11], values: [Float] = [3, 1, 2]
        let expected = denseUserSolve(y: y, items: items, factors: f, observed: observed, values: values, alpha: alpha,
                                      penalty: 0.2 * Double(3).squareRoot())
        #expect(penalty.sharedShift == 0 && abs(penalty.rowShift(count: 3) - 0.2 * Float(3).squareRoot()) < 1e-7)

        let gram = ImplicitALS.gram(y, count: items, factors: f, shift: penalty.sharedShift)
        y.withUnsafeBufferPointer { yp in observed.withUnsafeBufferPointer { ip in values.withUnsafeBufferPointer { vp in
            let row = RowProblem(y: yp.baseAddress!, indices: ip.baseAddress!, values: vp.baseAddress!,
                                 count: 3, factors: f, alpha: alpha, shift: penalty.rowShift(count: 3))
            var aScratch = [Float](repeating: 0, count: f * f), bScratch = [Float](repeating: 0, count: f)
            var gathered = [Float](repeating: 0, count: 3 * f), x = [Float](repeating: 0, count: f)
            gram.withUnsafeBufferPointer { g in
                _ = row.solveCholesky(gram: g.baseAddress!, a: &aScratch, b: &bScratch, gathered: &gathered, x: &x)
            }
            for d in 0..<f { #expect(abs(Double(x[d]) - expected[d]) < 1e-4) }
            var xc = [Float](repeating: 0, count: f), work = [Float](repeating: 0, count: 3 * f)
            gram.withUnsafeBufferPointer { g in row.solveCG(gram: g.baseAddress!, steps: f, work: &work, x: &xc) }
            for d in 0..<f { #expect(abs(Double(xc[d]) - expected[d]) < 1e-3) }
        }}}
    }

    /// ν = 0 leaves λ in the shared Gram and adds nothing per row; ν = 1 moves all of it to the rows.
    /// Either way each half-step minimises the objective `objective()` reports, so it never rises.
    @Test func frequencyScaledObjectiveNeverRises() throws {
        let flat = RowPenalty(lambda: 0.3, exponent: 0)
        #expect(flat.sharedShift == 0.3 && flat.rowShift(count: 17) == 0)
        let board = Checkerboard(usersPerGroup: 15, itemsPerGroup: 10, heldOutPerUser: 2)
        for solver in [ALSSolver.cholesky, .cg] {
            let model = ImplicitALS(ImplicitALSConfig {
                $0.factors = 6; $0.epochs = 6; $0.regularization = 0.02; $0.regularizationExponent = 1; $0.alpha = 5
                $0.solver = solver; $0.cgSteps = 6
            }, seed: 3)
            let recorder = LossRecorder()
            try model.fit(trainingData(board), observer: recorder)
            let losses = recorder.losses.map { $0["loss"]! }
            for k in 1..<losses.count { #expect(losses[k] <= losses[k - 1] * (1 + 1e-4), "\(solver) epoch \(k + 1)") }
        }
    }

    @Test func lossDecreasesAndSolversAgree() throws {
        let board = Checkerboard(usersPerGroup: 15, itemsPerGroup: 10, heldOutPerUser: 2)
        let exact = ImplicitALS(ImplicitALSConfig { $0.factors = 6; $0.epochs = 6; $0.regularization = 0.1; $0.alpha = 5; $0.solver = .cholesky }, seed: 1)
        let cg = ImplicitALS(ImplicitALSConfig {
            $0.factors = 6; $0.epochs = 6; $0.regularization = 0.1; $0.alpha = 5; $0.solver = .cg; $0.cgSteps = 3
        }, seed: 1)
        let r1 = LossRecorder(), r2 = LossRecorder()
        try exact.fit(trainingData(board), observer: r1)
        try cg.fit(trainingData(board), observer: r2)
        let l1 = r1.losses.map { $0["loss"]! }, l2 = r2.losses.map { $0["loss"]! }
        // ALS never increases the objective (each half-step is an exact minimiser).
        for k in 1..<l1.count { #expect(l1[k] <= l1[k - 1] * (1 + 1e-4)) }
        #expect(abs(l2.last! - l1.last!) / l1.last! < 0.05)
    }
}
