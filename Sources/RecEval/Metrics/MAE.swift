/// Mean absolute error over (prediction, truth) pairs, `MAE = (1/n) Σ |ŷ_i − y_i|`.
/// Example: ŷ = [3, 5], y = [4, 4]: MAE = 1. Empty input gives NaN.
public struct MAE: RatingMetric {
    public var name: String { "mae" }
    public init() {}
    public func value(predictions: ArraySlice<Float>, truth: ArraySlice<Float>) -> Double {
        precondition(predictions.count == truth.count)
        guard !truth.isEmpty else { return .nan }
        var s = 0.0
        for (p, t) in zip(predictions, truth) { s += abs(Double(p) - Double(t)) }
        return s / Double(truth.count)
    }
}
