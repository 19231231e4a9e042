#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The special functions behind RecLab's tests: the regularised incomplete beta function and the
/// Student t and standard normal distributions built on it.
public enum SpecialFunctions {
    /// Regularised incomplete beta function
    /// `I_x(a, b) = (1/B(a,b)) ∫_0^x t^{a−1} (1−t)^{b−1} dt`, for a, b > 0 and x ∈ [0, 1].
    ///
    /// Evaluated with its continued fraction (Abramowitz & Stegun 26.5.8) by the modified Lentz method,
    /// on the side of the symmetry `I_x(a,b) = 1 − I_{1−x}(b,a)` where it converges fast
    /// (x < (a+1)/(a+b+2)). Accurate to about 1e−14 relative.
    public static func regularizedIncompleteBeta(a: Double, b: Double, x: Double) -> Double {
        precondition(a > 0 && b > 0, "a and b must be positive")
        if x.isNaN { return .nan }
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        if x > (a + 1) / (a + b + 2) { return 1 - regularizedIncompleteBeta(a: b, b: a, x: 1 - x) }
        let logFront = a * log(x) + b * log1p(-x) - (lgamma(a) + lgamma(b) - lgamma(a + b))
        return exp(logFront) / a * betaContinuedFraction(a: a, b: b, x: x)
    }

    /// `1 / (1 + d1/(1 + d2/(1 + …)))` with d_{2m+1} = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)) and
    /// d_{2m} = m(b−m)x / ((a+2m−1)(a+2m)), by modified Lentz.
    static func betaContinuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300, eps = 1e-16
        // First partial fraction 1 / (1 + d1 …): numerator 1, then numerators d_j, all denominators 1.
        var f = tiny, c = tiny, d = 0.0
        func step(_ numerator: Double) -> Double {
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            d = 1 / d
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            let delta = c * d
            f *= delta
            return delta
        }
        _ = step(1)
        for m in 0..<10_000 {
            let md = Double(m)
            // d_{2m+1}
            let odd = -(a + md) * (a + b + md) * x / ((a + 2 * md) * (a + 2 * md + 1))
            let d1 = step(odd)
            // d_{2m+2}
            let m1 = md + 1
            let even = m1 * (b - m1) * x / ((a + 2 * m1 - 1) * (a + 2 * m1))
            let d2 = step(even)
            if abs(d1 - 1) < eps && abs(d2 - 1) < eps { break }
        }
        return f
    }

    /// Student t cumulative distribution function with `df` degrees of freedom:
    /// `F(t) = 1 − ½ I_{ν/(ν+t²)}(ν/2, ½)` for t ≥ 0, and `½ I_{ν/(ν+t²)}(ν/2, ½)` for t < 0.
    public static func studentTCDF(_ t: Double, df: Double) -> Double {
        if t.isNaN { return .nan }
        if t == .infinity { return 1 }
        if t == -.infinity { return 0 }
        let tail = 0.5 * regularizedIncompleteBeta(a: df / 2, b: 0.5, x: df / (df + t * t))
        return t >= 0 ? 1 - tail : tail
    }

    /// Two-sided tail probability `P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, ½)` (computed directly, without
    /// cancellation for large |t|).
    public static func studentTTwoSided(_ t: Double, df: Double) -> Double {
        if t.isNaN { return .nan }
        if t.isInfinite { return 0 }
        return regularizedIncompleteBeta(a: df / 2, b: 0.5, x: df / (df + t * t))
    }

    /// Student t density.
    public static func studentTPDF(_ t: Double, df: Double) -> Double {
        exp(lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df * Double.pi) - (df + 1) / 2 * log1p(t * t / df))
    }

    /// Student t quantile: the t with `F(t) = p`, by Newton steps on the CDF kept inside a bisection
    /// bracket (so it cannot diverge). Accurate to about 1e−12.
    public static func studentTQuantile(_ p: Double, df: Double) -> Double {
        precondition(df > 0, "degrees of freedom must be positive")
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        var lo = -1.0, hi = 1.0
        while studentTCDF(lo, df: df) > p { lo *= 2 }
        while studentTCDF(hi, df: df) < p { hi *= 2 }
        var t = 0.5 * (lo + hi)
        for _ in 0..<200 {
            let f = studentTCDF(t, df: df) - p
            if f == 0 { return t }
            if f < 0 { lo = t } else { hi = t }
            let newton = t - f / studentTPDF(t, df: df)
            t = (newton > lo && newton < hi) ? newton : 0.5 * (lo + hi)
            if hi - lo < 1e-13 * max(1, abs(t)) { break }
            if abs(f) < 1e-15 { break }
        }
        return t
    }

    /// Standard normal CDF, `Φ(z) = ½ erfc(−z/√2)`.
    public static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// Standard normal upper tail, `1 − Φ(z) = ½ erfc(z/√2)` (accurate far into the tail).
    public static func normalSurvival(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }
}
