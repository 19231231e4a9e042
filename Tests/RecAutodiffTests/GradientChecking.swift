import RecAutodiff
import RecTestSupport
import Testing

/// Test helpers: compare automatic-differentiation gradients with central differences.
enum Check {
    /// A `rows × cols` tensor of deterministic values in ±[margin, scale].
    static func random(_ rows: Int, _ cols: Int, seed: UInt64, scale: Float = 1, margin: Float = 0.05) -> Tensor {
        Tensor(rows: rows, cols: cols,
               scalars: GradientCheck.randomValues(count: rows * cols, seed: seed, scale: scale, margin: margin))
    }

    /// Asserts that `gradient(at: x, of: f)` matches central differences of `f` at `x`.
    static func gradient(at x: Tensor, tolerance: Double = 2e-3, _ f: @differentiable(reverse) (Tensor) -> Float,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        let analytic = RecAutodiff.gradient(at: x, of: f)
        let numeric = GradientCheck.numericalGradient(at: x.scalars) { s in
            Double(f(Tensor(rows: x.rows, cols: x.cols, scalars: s)))
        }
        let dense = analytic.isEmpty ? [Float](repeating: 0, count: x.count) : analytic.scalars
        #expect(analytic.isEmpty || analytic.hasShape(of: x), "gradient shape \(analytic) for \(x)", sourceLocation: sourceLocation)
        let error = GradientCheck.maxError(analytic: dense, numeric: numeric)
        #expect(error < tolerance, "max gradient error \(error)", sourceLocation: sourceLocation)
    }

    /// A scalar loss that weighs every output value differently, so a wrong gradient entry cannot
    /// hide behind symmetry: `Σ y ⊙ R` for a fixed random R.
    @differentiable(reverse)
    static func weighted(_ y: Tensor, seed: UInt64 = 99) -> Float {
        sum(y * withoutDerivative(at: random(y.rows, y.cols, seed: seed)))
    }
}
