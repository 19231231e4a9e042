/// Root mean squared error over (prediction, truth) pairs, `RMSE = √( (1/n) Σ (ŷ_i − y_i)² )`.
/// Example: ŷ = [3, 4], y = [4, 4]: RMSE = √(1/2) ≈ 0.7071. Empty input gives NaN.
public struct RMSE: RatingMetric {
    public var name: String { "rmse" }
    public init() {}
    public func value(predictions: ArraySlice<Float>, truth: ArraySlice<Float>) -> Double {
        precondition(predictions.count == truth.count)
        guard !truth.isEmpty else { return .nan }
        var s = 0.0
        for (p, t) in zip(predictions, truth) { let d = Double(p) - Double(t); s += d * d }
        return (s / Double(truth.count)).squareRoot()
    }
}
