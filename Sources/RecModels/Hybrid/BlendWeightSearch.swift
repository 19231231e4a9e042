import Foundation
import RecCore
import RecData
import RecEval

/// Learns the weights of a score blend on validation interactions: every weight vector on the simplex
/// grid `{w : w_k = c_k/m, c_k ∈ ℕ, Σ c_k = m}` (m = 1/step) is scored by the mean NDCG@cutoff of the
/// blend `Σ_k w_k s_k(u, ·)` over the validation users, ranking all items the user has not trained on
/// with the evaluation's batch ranker (`Ranker.forEachTopK`, ties by `Ranker.precedes`) and scoring
/// each list with the evaluation's `NDCG` (binary relevance: the user's validation items). So the
/// value maximised is exactly the validation ndcg@cutoff RecEval reports for the blend (an item whose
/// blended score is NaN or −∞ stays a candidate, ranked last, as in evaluation). The best
/// vector wins; ties keep the earlier vector in enumeration order (the first component's count
/// descending, then the second's, …), so the search is deterministic. Per-user values are summed in
/// user order, so results do not depend on the thread count.
struct BlendWeightSearch {
    /// Per-component normalised scores of the validation users: `[k]` is users × items.
    let scores: [DenseMatrix]
    /// Relevant (validation) items per validation user, binary gain.
    let relevant: [RelevantItems]
    /// Training items per validation user (excluded from the ranking), ascending.
    let excluded: [[Int32]]
    /// NDCG cutoff.
    let cutoff: Int

    /// A search over `scores` (one users × items matrix per component), with each user's relevant
    /// and excluded (training) items.
    init(scores: [DenseMatrix], relevant: [[Int32]], excluded: [[Int32]], cutoff: Int) {
        precondition(relevant.count == excluded.count && scores.allSatisfy { $0.rows == relevant.count },
                     "one relevant and one excluded list, and one score row per component, per user")
        self.scores = scores
        self.relevant = relevant.map { RelevantItems($0) }
        // The ranker walks exclusions in ascending order (CSR rows already are).
        self.excluded = excluded.map { e in zip(e, e.dropFirst()).allSatisfy { $0 <= $1 } ? e : e.sorted() }
        self.cutoff = cutoff
    }

    /// The simplex grid with `steps` units over `components` parts, in enumeration order.
    static func grid(components: Int, steps: Int) -> [[Int]] {
        var out: [[Int]] = []
        var current = [Int](repeating: 0, count: components)
        func fill(_ k: Int, _ left: Int) {
            if k == components - 1 { current[k] = left; out.append(current); return }
            for c in stride(from: left, through: 0, by: -1) { current[k] = c; fill(k + 1, left - c) }
        }
        if components > 0 { fill(0, steps) }
        return out
    }

    /// Number of grid points, `C(steps + components − 1, components − 1)`, saturating at `Int.max`.
    static func gridSize(components: Int, steps: Int) -> Int {
        var r = 1.0
        for k in 1..<max(components, 1) { r = r * Double(steps + k) / Double(k) }
        return r > 1e15 ? Int.max : Int(r.rounded())
    }

    /// The best weights on the grid and their validation NDCG.
    func best(steps: Int) -> (weights: [Float], ndcg: Double) {
        var bestWeights: [Float] = [], bestValue = -Double.infinity
        for counts in Self.grid(components: scores.count, steps: steps) {
            let w = counts.map { Float($0) / Float(steps) }
            let value = meanNDCG(weights: w)
            if value > bestValue + 1e-12 { bestValue = value; bestWeights = w }
        }
        return (bestWeights, bestValue)
    }

    /// Mean NDCG@cutoff of the blend with `weights` over the validation users (RecEval's `NDCG`
    /// of each user's top-`cutoff` list; per-user values summed in user order).
    func meanNDCG(weights: [Float]) -> Double {
        let users = relevant.count
        guard users > 0, let itemCount = scores.first?.cols else { return 0 }
        var perUser = [Double](repeating: 0, count: users)
        let me = self, metric = NDCG(cutoff: cutoff)
        perUser.withUnsafeMutableBufferPointer { out in
            let dst = SharedPointer(out)
            Ranker.forEachTopK(rows: users, itemCount: itemCount, k: cutoff, minChunk: 32,
                               fill: { u, blend in me.blend(user: u, weights: weights, into: blend) },
                               candidates: { u in .allExcept(me.excluded[u][...]) }) { ranked in
                dst[ranked.row] = metric.value(UserRanking(ranked: ranked.items, relevant: me.relevant[ranked.row],
                                                           itemCount: itemCount, candidates: ranked.candidates,
                                                           scores: ranked.scores))
            }
        }
        return perUser.reduce(0, +) / Double(users)
    }

    /// Writes user `u`'s blended score `Σ_k w_k s_k(u, i)` of every item into `blend` (components in
    /// order, zero weights skipped: the same sums as `Hybrid.score`).
    private func blend(user u: Int, weights: [Float], into blend: UnsafeMutableBufferPointer<Float>) {
        let n = blend.count
        var first = true
        for (k, w) in weights.enumerated() where w != 0 {
            scores[k].storage.withUnsafeBufferPointer { s in
                let row = s.baseAddress! + u * n
                // `0 + w·s` (not `w·s`): the zero-initialised sum's first addition, rounding and the
                // sign of zero included, without a separate zeroing pass.
                if first { for i in 0..<n { blend[i] = 0 + w * row[i] } }
                else { for i in 0..<n { blend[i] += w * row[i] } }
            }
            first = false
        }
        if first { for i in 0..<n { blend[i] = 0 } }
    }
}
