/// Finite-difference gradient checking for differentiable code, independent of any autodiff
/// library: a function is seen as `[Float] → Double`, and its gradient estimated by central
/// differences, `∂f/∂xᵢ ≈ (f(x + h eᵢ) − f(x − h eᵢ)) / 2h`, with error O(h²).
///
/// ```swift
/// let numeric = GradientCheck.numericalGradient(at: x) { x in Double(x[0] * x[0]) }
/// #expect(GradientCheck.maxError(analytic: [2 * x[0]], numeric: numeric) < 1e-3)
/// ```
public enum GradientCheck {
    /// Central-difference gradient of `f` at `x` with step `h`.
    public static func numericalGradient(at x: [Float], step h: Float = 1e-2, _ f: ([Float]) -> Double) -> [Double] {
        var probe = x
        var grad = [Double](repeating: 0, count: x.count)
        for i in 0..<x.count {
            probe[i] = x[i] + h
            let up = f(probe)
            probe[i] = x[i] - h
            let down = f(probe)
            probe[i] = x[i]
            // divide by the step actually taken after Float rounding
            grad[i] = (up - down) / (Double(x[i] + h) - Double(x[i] - h))
        }
        return grad
    }

    /// Largest error between an analytic and a numeric gradient, each entry measured relative to
    /// `max(1, |numeric|)` (absolute for small entries, relative for large ones).
    public static func maxError(analytic: [Float], numeric: [Double]) -> Double {
        precondition(analytic.count == numeric.count, "gradient sizes differ: \(analytic.count) vs \(numeric.count)")
        var worst = 0.0
        for (a, n) in zip(analytic, numeric) {
            worst = max(worst, abs(Double(a) - n) / max(1, abs(n)))
        }
        return worst
    }

    /// Values uniform in `[-scale, scale]` kept at least `margin` away from zero (so kinks such as
    /// ReLU's at 0 stay outside the finite-difference step), from a small deterministic generator.
    public static func randomValues(count: Int, seed: UInt64, scale: Float = 1, margin: Float = 0) -> [Float] {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u = Float(state >> 40) * 0x1.0p-24                       // [0, 1)
            let magnitude = margin + (scale - margin) * Float((state >> 8) & 0xFFFF) / 65536
            return u < 0.5 ? -magnitude : magnitude
        }
    }
}
