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
        guard self != .none else { return }
        apply(affine(of: UnsafeBufferPointer(s)), to: s)
    }

    /// The map `s ↦ (s − shift) · scale` this normalisation makes of one user's scores, from their
    /// finite values (`none`: shift 0, scale 1; no finite value or all equal: scale 0).
    public func affine(of s: UnsafeBufferPointer<Float>) -> (shift: Double, scale: Double) {
        var count = 0, sum = 0.0, lo = Float.infinity, hi = -Float.infinity
        for x in s where x.isFinite { count += 1; sum += Double(x); lo = min(lo, x); hi = max(hi, x) }
        switch self {
        case .none:
            return (0, 1)
        case .zScore:
            guard count > 0 else { return (0, 0) }
            let mean = sum / Double(count)
            var ss = 0.0
            for x in s where x.isFinite { ss += (Double(x) - mean) * (Double(x) - mean) }
            let std = (ss / Double(count)).squareRoot()
            return (mean, std > 0 ? 1 / std : 0)
        case .minMax:
            guard count > 0 else { return (0, 0) }
            return (Double(lo), hi > lo ? 1 / Double(hi - lo) : 0)
        }
    }

    /// Applies `(s − shift) · scale` to the finite scores in place; non-finite ones become the lowest
    /// result minus 1 (0 when no score is finite), so they stay last. `none` leaves `s` unchanged.
    public func apply(_ map: (shift: Double, scale: Double), to s: UnsafeMutableBufferPointer<Float>) {
        guard self != .none else { return }
        var lowest = Float.infinity, finite = 0
        for k in s.indices where s[k].isFinite {
            s[k] = Float((Double(s[k]) - map.shift) * map.scale); lowest = min(lowest, s[k]); finite += 1
        }
        if finite < s.count {
            let floor = finite > 0 ? lowest - 1 : 0
            for k in s.indices where !s[k].isFinite { s[k] = floor }
        }
    }
}
