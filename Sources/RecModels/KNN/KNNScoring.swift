import RecCore

/// How a neighbourhood model turns the k neighbours of a (user, item) pair into a score. With `N`
/// the neighbours (for `ItemKNN`: the k items most similar to i among those u rated; for `UserKNN`:
/// the k users most similar to u among those who rated i) and `s` their similarities:
public enum KNNScoring: String, Sendable, CaseIterable {
    /// Top-N score `Σ_N s` (Deshpande & Karypis 2004, item-based top-N).
    case similaritySum
    /// Top-N score `Σ_N s · r`, the neighbours' ratings weighting their similarities.
    case ratingWeightedSum
    /// Rating prediction `μ_x + Σ_N s (r − μ_n) / Σ_N s` with μ the item means (`ItemKNN`) or user means
    /// (`UserKNN`) (Desrosiers & Karypis 2011, eq. 20–21; Surprise's KNNWithMeans).
    case meanCentered
    /// Rating prediction `b_ui + Σ_N s (r − b_n) / Σ_N s` with the damped baseline
    /// `b_ui = μ + b_u + b_i`, `b_i = Σ(r − μ)/(λ + n_i)`, `b_u = Σ(r − μ − b_i)/(λ + n_u)`
    /// (Koren 2010, §2.1; Surprise's KNNBaseline).
    case baseline

    /// Whether scores estimate ratings.
    public var predictsRatings: Bool { self == .meanCentered || self == .baseline }
}

/// The per-user and per-item offsets subtracted and added back by the rating-prediction scorings.
struct RatingOffsets: Sendable {
    var global: Float = 0
    var user: [Float] = []
    var item: [Float] = []

    /// Offsets for `scoring` from the users × items training matrix; `rowsAreUsers` selects the
    /// mean side for `.meanCentered` (user means for `UserKNN`, item means for `ItemKNN`).
    init(_ m: CSRMatrix, scoring: KNNScoring, itemMeans: Bool, damping: Float) {
        user = [Float](repeating: 0, count: m.rows)
        item = [Float](repeating: 0, count: m.cols)
        switch scoring {
        case .similaritySum, .ratingWeightedSum: break
        case .meanCentered:
            if itemMeans {
                var count = [Float](repeating: 0, count: m.cols)
                for p in 0..<m.nnz { item[Int(m.indices[p])] += m.values[p]; count[Int(m.indices[p])] += 1 }
                for i in 0..<m.cols where count[i] > 0 { item[i] /= count[i] }
            } else {
                for u in 0..<m.rows where m.rowCount(u) > 0 {
                    user[u] = m.values[m.indptr[u]..<m.indptr[u + 1]].reduce(0, +) / Float(m.rowCount(u))
                }
            }
        case .baseline:
            global = m.nnz == 0 ? 0 : m.values.reduce(0, +) / Float(m.nnz)
            var count = [Float](repeating: 0, count: m.cols)
            for p in 0..<m.nnz { item[Int(m.indices[p])] += m.values[p] - global; count[Int(m.indices[p])] += 1 }
            for i in 0..<m.cols { item[i] /= (damping + count[i]) == 0 ? 1 : damping + count[i] }
            for u in 0..<m.rows {
                var s: Float = 0
                for p in m.indptr[u]..<m.indptr[u + 1] { s += m.values[p] - global - item[Int(m.indices[p])] }
                let d = damping + Float(m.rowCount(u))
                user[u] = d == 0 ? 0 : s / d
            }
        }
    }

    init(global: Float, user: [Float], item: [Float]) { self.global = global; self.user = user; self.item = item }

    @inline(__always) func offset(_ u: Int, _ i: Int) -> Float { global + user[u] + item[i] }
}
