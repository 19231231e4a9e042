/// Coefficient of determination over (prediction, truth) pairs,
/// `R² = 1 − Σ (y_i − ŷ_i)² / Σ (y_i − ȳ)²` (scikit-learn's `r2_score`). It is NaN when the truths are
/// constant (zero total variance) or there are no pairs.
/// Example: ŷ = [1, 2, 4], y = [1, 2, 3]: SS_res = 1, SS_tot = 2, R² = 0.5.
public struct RSquared: RatingMetric {
    public var name: String { "r2" }
    public init() {}
    public func value(predictions: ArraySlice<Float>, truth: ArraySlice<Float>) -> Double {
        precondition(predictions.count == truth.count)
        guard !truth.isEmpty else { return .nan }
        var mean = 0.0
        for t in truth { mean += Double(t) }
        mean /= Double(truth.count)
        var res = 0.0, tot = 0.0
        for (p, t) in zip(predictions, truth) {
            res += (Double(t) - Double(p)) * (Double(t) - Double(p))
            tot += (Double(t) - mean) * (Double(t) - mean)
        }
        return tot == 0 ? .nan : 1 - res / tot
    }
}
