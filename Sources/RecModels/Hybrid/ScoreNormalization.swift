import RecCore

/// Per-user normalisation of a model's scores over the candidate items, so that scores of different
/// models (or a model and a knowledge-graph similarity) can be added with weights that mean the same
/// for every model. For one user's scores `s_1 … s_n` over the candidates:
///
/// - `zScore`: `(s − mean) / std` (population std); all-equal scores become 0.
/// - `minMax`: `(s − min) / (max − min)` in [0, 1]; all-equal scores become 0.
/// - `none`: scores unchanged.
///
/// Non-finite scores (a model's −∞ for "never") are left out of the statistics and become the
/// lowest normalised value minus 1, so they stay last.
///
/// ```swift
/// var s = model.score(users: users, items: nil)
/// ScoreNormalization.zScore.normalizeRows(&s)
/// ```
public enum ScoreNormalization: String, Sendable, CaseIterable {
    /// Standardise each user's scores: `(s − mean) / std`.
    case zScore
    /// Rescale each user's scores to [0, 1].
    case minMax
    /// Leave the scores as they are.
    case none

    /// Normalises every row of `scores` in place (rows are users, columns the candidate items).
    public func normalizeRows(_ scores: inout DenseMatrix) {
        guard self != .none, scores.cols > 0 else { return }
        let cols = scores.cols
        scores.storage.withUnsafeMutableBufferPointer { buffer in
            for r in 0..<scores.rows {
                normalize(UnsafeMutableBufferPointer(rebasing: buffer[(r * cols)..<((r + 1) * cols)]))
            }
        }
    }

    /// Normalises one user's scores in place.
    public func normalize(_ s: UnsafeMutableBufferPointer<Float>) {
        var count = 0, sum = 0.0, lo = Float.infinity, hi = -Float.infinity
        for x in s where x.isFinite { count += 1; sum += Double(x); lo = min(lo, x); hi = max(hi, x) }
        var shift: Double = 0, scale: Double = 0
        switch self {
        case .none: return
        case .zScore:
            guard count > 0 else { break }
            let mean = sum / Double(count)
            var ss = 0.0
            for x in s where x.isFinite { ss += (Double(x) - mean) * (Double(x) - mean) }
            let std = (ss / Double(count)).squareRoot()
            shift = mean; scale = std > 0 ? 1 / std : 0
        case .minMax:
            guard count > 0 else { break }
            shift = Double(lo); scale = hi > lo ? 1 / Double(hi - lo) : 0
        }
        var lowest = Float.infinity
        for k in s.indices where s[k].isFinite {
            s[k] = Float((Double(s[k]) - shift) * scale); lowest = min(lowest, s[k])
        }
        if count < s.count {
            let floor = count > 0 ? lowest - 1 : 0
            for k in s.indices where !s[k].isFinite { s[k] = floor }
        }
    }
}
