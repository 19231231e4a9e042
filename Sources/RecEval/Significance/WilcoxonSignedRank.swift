/// Wilcoxon signed-rank test on per-user values of two systems (Wilcoxon, 1945), two-sided.
///
/// Differences d_i = a_i − b_i; zero differences are dropped (Wilcoxon's method, scipy
/// `zero_method='wilcox'`); the n remaining |d_i| are ranked with average ranks for ties;
/// W⁺ = Σ ranks of positive d_i, W⁻ = Σ ranks of negative d_i; the reported statistic is
/// min(W⁺, W⁻) (scipy's two-sided statistic).
///
/// - Normal approximation (`scipy.stats.wilcoxon(..., zero_method='wilcox', correction=True,
///   method='approx')`): μ = n(n+1)/4, σ² = n(n+1)(2n+1)/24 − Σ_t (t³ − t)/48 over tie groups of size t,
///   z = (W⁺ − μ − ½·sign(W⁺ − μ)) / σ, p = 2·(1 − Φ(|z|)).
/// - Exact (`method='exact'`, only without ties): the null distribution of W⁺ counts the subsets of
///   {1..n} with each sum (2ⁿ equally likely sign patterns); p = min(1, 2·min(P(W⁺ ≤ w), P(W⁺ ≥ w))).
/// - `.automatic` uses exact when n ≤ 25 and there are no tied |d|, the normal approximation otherwise.
///
/// Effect size: matched-pairs rank-biserial correlation r = (W⁺ − W⁻) / (W⁺ + W⁻) (Kerby, 2014).
/// With no non-zero difference, the statistic is 0, p = 1 and r = 0.
public struct WilcoxonSignedRank: Sendable, Equatable {
    /// How the p-value is computed.
    public enum Method: String, Sendable { case automatic, exact, normal }

    /// Number of non-zero differences.
    public let n: Int
    /// Sum of ranks of positive differences.
    public let wPlus: Double
    /// Sum of ranks of negative differences.
    public let wMinus: Double
    /// min(W⁺, W⁻).
    public var statistic: Double { min(wPlus, wMinus) }
    /// The continuity-corrected z (NaN when the exact distribution was used).
    public let z: Double
    /// Two-sided p-value.
    public let pValue: Double
    /// Whether the exact distribution was used.
    public let usedExact: Bool
    /// Rank-biserial correlation (W⁺ − W⁻) / (W⁺ + W⁻).
    public let rankBiserial: Double

    /// Runs the test on paired samples of equal length.
    public init(_ a: [Double], _ b: [Double], method: Method = .automatic) {
        precondition(a.count == b.count, "paired samples must have equal length")
        let d = zip(a, b).map { $0 - $1 }.filter { $0 != 0 }
        n = d.count
        guard n > 0 else { wPlus = 0; wMinus = 0; z = .nan; pValue = 1; usedExact = false; rankBiserial = 0; return }
        // Average ranks of |d| and tie group sizes.
        let order = d.indices.sorted { abs(d[$0]) < abs(d[$1]) }
        var ranks = [Double](repeating: 0, count: n)
        var tieTerm = 0.0, hasTies = false
        var i = 0
        while i < n {
            var j = i
            while j + 1 < n && abs(d[order[j + 1]]) == abs(d[order[i]]) { j += 1 }
            let avg = Double(i + j + 2) / 2   // ranks i+1 … j+1
            for k in i...j { ranks[order[k]] = avg }
            let t = Double(j - i + 1)
            if t > 1 { hasTies = true; tieTerm += t * t * t - t }
            i = j + 1
        }
        var plus = 0.0, minus = 0.0
        for k in 0..<n { if d[k] > 0 { plus += ranks[k] } else { minus += ranks[k] } }
        wPlus = plus; wMinus = minus
        rankBiserial = (plus - minus) / (plus + minus)
        let exact: Bool
        switch method {
        case .exact: exact = true
        case .normal: exact = false
        case .automatic: exact = n <= 25 && !hasTies
        }
        usedExact = exact
        let nn = Double(n)
        if exact {
            z = .nan
            pValue = Self.exactTwoSided(n: n, wPlus: plus)
        } else {
            let mu = nn * (nn + 1) / 4
            let sigma = ((nn * (nn + 1) * (2 * nn + 1) - tieTerm / 2) / 24).squareRoot()
            let raw = (plus - mu) / sigma
            let corrected = raw - (raw > 0 ? 0.5 : raw < 0 ? -0.5 : 0) / sigma
            z = corrected
            pValue = min(1, 2 * SpecialFunctions.normalSurvival(abs(corrected)))
        }
    }

    /// Exact two-sided p-value of W⁺ = `wPlus` among n untied ranks. Non-integer W⁺ (ties) is rounded
    /// conservatively: down for the upper tail, up for the lower tail (as scipy does).
    static func exactTwoSided(n: Int, wPlus: Double) -> Double {
        let maxSum = n * (n + 1) / 2
        // counts[s] = number of subsets of {1..n} summing to s (doubles: 2^n fits exactly for n ≤ 53).
        var counts = [Double](repeating: 0, count: maxSum + 1)
        counts[0] = 1
        for r in 1...n { for s in stride(from: maxSum, through: r, by: -1) { counts[s] += counts[s - r] } }
        let total = Double(sign: .plus, exponent: n, significand: 1)   // 2^n
        let lowerW = Int(wPlus.rounded(.up)), upperW = Int(wPlus.rounded(.down))
        var cdf = 0.0, sf = 0.0
        for s in 0...maxSum {
            if s <= lowerW { cdf += counts[s] }
            if s >= upperW { sf += counts[s] }
        }
        return min(1, 2 * min(cdf, sf) / total)
    }
}
