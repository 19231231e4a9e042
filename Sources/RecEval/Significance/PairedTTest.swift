/// Paired (dependent-samples) t-test on per-user values of two systems (Student, 1908), as in
/// `scipy.stats.ttest_rel(a, b)`:
///
///     d_i = a_i − b_i,   d̄ = mean(d),   s_d = sample std of d (n − 1),
///     t = d̄ / (s_d / √n),   df = n − 1,   p = P(|T_df| ≥ |t|) (two-sided)
///
/// Effect size: Cohen's d_z = d̄ / s_d. Degenerate cases: n < 2 gives NaN t and p; s_d = 0 gives
/// t = 0, p = 1 when d̄ = 0 and t = ±∞, p = 0 otherwise.
///
/// ```swift
/// let r = PairedTTest(a, b)    // r.t, r.pValue, r.cohensDz
/// ```
public struct PairedTTest: Sendable, Equatable {
    /// Number of pairs.
    public let n: Int
    /// Mean difference d̄ (a − b).
    public let meanDifference: Double
    /// Sample standard deviation of the differences.
    public let standardDeviation: Double
    /// The t statistic.
    public let t: Double
    /// Degrees of freedom, n − 1.
    public let degreesOfFreedom: Int
    /// Two-sided p-value.
    public let pValue: Double
    /// Cohen's d_z = d̄ / s_d.
    public let cohensDz: Double

    /// Runs the test on paired samples of equal length.
    public init(_ a: [Double], _ b: [Double]) {
        precondition(a.count == b.count, "paired samples must have equal length")
        let d = zip(a, b).map { $0 - $1 }
        n = d.count
        degreesOfFreedom = max(0, n - 1)
        meanDifference = n == 0 ? .nan : d.reduce(0, +) / Double(n)
        guard n >= 2 else {
            standardDeviation = .nan; t = .nan; pValue = .nan; cohensDz = .nan; return
        }
        let m = meanDifference
        standardDeviation = (d.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)).squareRoot()
        if standardDeviation == 0 {
            t = m == 0 ? 0 : (m > 0 ? .infinity : -.infinity)
            pValue = m == 0 ? 1 : 0
            cohensDz = t
            return
        }
        t = m / (standardDeviation / Double(n).squareRoot())
        pValue = SpecialFunctions.studentTTwoSided(t, df: Double(n - 1))
        cohensDz = m / standardDeviation
    }
}
