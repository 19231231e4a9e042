#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import RecCore

/// The draws of the BPMF Gibbs sampler (Salakhutdinov & Mnih 2008): Gamma variates, the
/// Normal–Wishart posterior of a population of factor rows, and one row's Gaussian conditional.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let hyper = GibbsSampling.populationPosterior(rows: p, count: n, dim: 10, beta0: 2, rng: &rng)
/// ```
enum GibbsSampling {
    /// A population's mean μ and precision Λ (d × d, row-major).
    struct Population {
        var mean: [Double]
        var precision: [Double]
    }

    /// Gamma(shape, rate 1) by Marsaglia & Tsang (2000); a shape below 1 as Gamma(shape + 1) · U^{1/shape}.
    static func gamma(shape: Double, rng: inout SeededGenerator) -> Double {
        if shape < 1 {
            let u = max(rng.nextDouble(), .leastNormalMagnitude)
            return gamma(shape: shape + 1, rng: &rng) * pow(u, 1 / shape)
        }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat { x = rng.nextGaussian(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = rng.nextDouble()
            if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// (μ, Λ) from the Normal–Wishart posterior given `count` rows of `dim` floats (BPMF eq. 14), with the
    /// prior μ₀ = 0, β₀ = `beta0`, W₀ = I, ν₀ = `dim`:
    /// `Λ ~ W(W*, ν₀ + N)` with `W*⁻¹ = I + N S̄ + β₀N/(β₀+N) ū ūᵀ`, then `μ ~ N(N ū/(β₀+N), ((β₀+N) Λ)⁻¹)`.
    ///
    /// Λ is drawn by Bartlett's decomposition: with `W*⁻¹ = C Cᵀ` (Cholesky) and A lower triangular,
    /// `A_kk² ~ χ²(ν − k)`, `A_kl ~ N(0, 1)` below the diagonal, `Λ = C⁻ᵀ A Aᵀ C⁻¹`; then
    /// `μ = μ* + C A⁻ᵀ z / √β*` has covariance `(β* Λ)⁻¹` without inverting anything.
    static func populationPosterior(rows: UnsafePointer<Float>, count n: Int, dim d: Int, beta0: Double,
                                    rng: inout SeededGenerator) -> Population {
        var mean = [Double](repeating: 0, count: d)
        for r in 0..<n { for k in 0..<d { mean[k] += Double(rows[r * d + k]) } }
        for k in 0..<d { mean[k] /= Double(max(1, n)) }
        // W*⁻¹ (row-major, symmetric).
        var winv = [Double](repeating: 0, count: d * d)
        var centred = [Double](repeating: 0, count: d)
        for r in 0..<n {
            for k in 0..<d { centred[k] = Double(rows[r * d + k]) - mean[k] }
            for k in 0..<d { for l in 0...k { winv[k * d + l] += centred[k] * centred[l] } }
        }
        let shrink = beta0 * Double(n) / (beta0 + Double(n))
        for k in 0..<d {
            for l in 0...k { winv[k * d + l] += shrink * mean[k] * mean[l]; winv[l * d + k] = winv[k * d + l] }
            winv[k * d + k] += 1
        }
        let c = choleskyLower(winv, d)
        // Bartlett factor A (lower).
        let nu = Double(d + n)
        var a = [Double](repeating: 0, count: d * d)
        for k in 0..<d {
            a[k * d + k] = (2 * gamma(shape: (nu - Double(k)) / 2, rng: &rng)).squareRoot()
            for l in 0..<k { a[k * d + l] = rng.nextGaussian() }
        }
        // M = C⁻ᵀ A: solve Cᵀ M = A column by column (Cᵀ is upper triangular), then Λ = M Mᵀ.
        var m = [Double](repeating: 0, count: d * d)
        for col in 0..<d {
            for row in stride(from: d - 1, through: 0, by: -1) {
                var s = a[row * d + col]
                for k in (row + 1)..<max(row + 1, d) { s -= c[k * d + row] * m[k * d + col] }
                m[row * d + col] = s / c[row * d + row]
            }
        }
        var precision = [Double](repeating: 0, count: d * d)
        for k in 0..<d { for l in 0..<d {
            var s = 0.0
            for t in 0..<d { s += m[k * d + t] * m[l * d + t] }
            precision[k * d + l] = s
        } }
        // μ = μ* + C w / √β*, with Aᵀ w = z (Aᵀ is upper triangular).
        let betaStar = beta0 + Double(n)
        var w = [Double](repeating: 0, count: d)
        let z = (0..<d).map { _ in rng.nextGaussian() }
        for row in stride(from: d - 1, through: 0, by: -1) {
            var s = z[row]
            for k in (row + 1)..<max(row + 1, d) { s -= a[k * d + row] * w[k] }
            w[row] = s / a[row * d + row]
        }
        var mu = [Double](repeating: 0, count: d)
        for k in 0..<d {
            var s = 0.0
            for l in 0...k { s += c[k * d + l] * w[l] }
            mu[k] = Double(n) * mean[k] / betaStar + s / betaStar.squareRoot()
        }
        return Population(mean: mu, precision: precision)
    }

    /// The lower Cholesky factor of a symmetric positive-definite d × d matrix (row-major, Double;
    /// d is a factor count, so this small cubic loop runs once per population per sweep).
    static func choleskyLower(_ s: [Double], _ d: Int) -> [Double] {
        var l = [Double](repeating: 0, count: d * d)
        for k in 0..<d {
            for j in 0...k {
                var v = s[k * d + j]
                for t in 0..<j { v -= l[k * d + t] * l[j * d + t] }
                l[k * d + j] = j == k ? max(v, 1e-12).squareRoot() : v / l[j * d + j]
            }
        }
        return l
    }

    /// Draws x ~ N(A⁻¹b, A⁻¹) in place of `b`, for the n × n precision `A` whose upper triangle (row-major)
    /// is filled (overwritten by its Cholesky factor): with `A = L Lᵀ`, `x = L⁻ᵀ(L⁻¹ b + z)`, z ~ N(0, I),
    /// two triangular solves through LAPACKE/BLAS. Returns false (b then unspecified) when `A` is not
    /// positive definite.
    static func drawGaussian(n: Int, precision a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>,
                             rng: inout SeededGenerator) -> Bool {
        guard BLAS.choleskyFactorUpperInPlace(n: n, a: a) == 0 else { return false }
        BLAS.solveUpperTriangular(n: n, a: a, x: b, transposed: true)
        for k in 0..<n { b[k] += Float(rng.nextGaussian()) }
        BLAS.solveUpperTriangular(n: n, a: a, x: b)
        return true
    }
}
