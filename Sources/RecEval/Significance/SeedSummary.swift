/// Summary of one metric over repeated runs (seeds): mean, sample standard deviation (n − 1) and a
/// confidence interval for the mean from the t distribution with n − 1 degrees of freedom:
///
///     x̄ ± t_{1−(1−level)/2, n−1} · s / √n
///
/// With n < 2 the standard deviation and interval are NaN (one run says nothing about spread).
///
/// ```swift
/// let s = SeedSummary([0.31, 0.33, 0.32])   // s.mean, s.standardDeviation, s.lower, s.upper
/// ```
public struct SeedSummary: Sendable, Equatable {
    /// Number of runs.
    public let n: Int
    /// Mean x̄.
    public let mean: Double
    /// Sample standard deviation s.
    public let standardDeviation: Double
    /// Confidence level (0.95 by default).
    public let level: Double
    /// Half-width of the interval, t · s / √n.
    public let halfWidth: Double
    /// Lower end of the interval.
    public var lower: Double { mean - halfWidth }
    /// Upper end of the interval.
    public var upper: Double { mean + halfWidth }

    /// Summarises `values` with a `level` confidence interval.
    public init(_ values: [Double], level: Double = 0.95) {
        precondition(level > 0 && level < 1)
        n = values.count; self.level = level
        mean = n == 0 ? .nan : values.reduce(0, +) / Double(n)
        guard n >= 2 else { standardDeviation = .nan; halfWidth = .nan; return }
        let m = mean
        standardDeviation = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)).squareRoot()
        let q = SpecialFunctions.studentTQuantile(1 - (1 - level) / 2, df: Double(n - 1))
        halfWidth = q * standardDeviation / Double(n).squareRoot()
    }
}
