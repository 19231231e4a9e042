import Foundation
import RecCore
import RecData

/// Learns the weights of a score blend on validation interactions: every weight vector on the simplex
/// grid `{w : w_k = c_k/m, c_k ∈ ℕ, Σ c_k = m}` (m = 1/step) is scored by the mean NDCG@cutoff of the
/// blend `Σ_k w_k s_k(u, ·)` over the validation users, ranking all items the user has not trained on
/// (binary relevance: the user's validation items; Järvelin & Kekäläinen 2002,
/// `DCG = Σ_r rel_r / log2(r + 1)` over ranks r = 1 … cutoff, divided by the ideal DCG). The best
/// vector wins; ties keep the earlier vector in enumeration order (the first component's count
/// descending, then the second's, …), so the search is deterministic. Per-user values are summed in
/// user order, so results do not depend on the thread count.
struct BlendWeightSearch {
    /// Per-component normalised scores of the validation users: `[k]` is users × items.
    let scores: [DenseMatrix]
    /// Relevant (validation) items per validation user.
    let relevant: [[Int32]]
    /// Training items per validation user (excluded from the ranking), ascending.
    let excluded: [[Int32]]
    /// NDCG cutoff.
    let cutoff: Int

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

    /// Mean NDCG@cutoff of the blend with `weights` over the validation users.
    func meanNDCG(weights: [Float]) -> Double {
        let users = relevant.count
        guard users > 0, let itemCount = scores.first?.cols else { return 0 }
        var perUser = [Double](repeating: 0, count: users)
        let me = self
        perUser.withUnsafeMutableBufferPointer { out in
            let dst = SharedPointer(out)
            Parallelism.forEachChunk(count: users, minChunk: 32) { range in
                var blend = [Float](repeating: 0, count: itemCount)
                for u in range { dst[u] = me.ndcg(user: u, weights: weights, blend: &blend) }
            }
        }
        return perUser.reduce(0, +) / Double(users)
    }

    private func ndcg(user u: Int, weights: [Float], blend: inout [Float]) -> Double {
        let n = blend.count
        for i in 0..<n { blend[i] = 0 }
        for (k, w) in weights.enumerated() where w != 0 {
            scores[k].storage.withUnsafeBufferPointer { s in
                let row = s.baseAddress! + u * n
                for i in 0..<n { blend[i] += w * row[i] }
            }
        }
        for i in excluded[u] { blend[Int(i)] = -.infinity }
        let top = Self.topK(blend, k: cutoff)
        let rel = Set(relevant[u])
        var dcg = 0.0
        for (r, i) in top.enumerated() where rel.contains(i) { dcg += 1 / log2(Double(r) + 2) }
        var ideal = 0.0
        for r in 0..<min(rel.count, cutoff) { ideal += 1 / log2(Double(r) + 2) }
        return ideal > 0 ? dcg / ideal : 0
    }

    /// The `k` best items (score descending, then item index ascending), excluding −∞.
    static func topK(_ s: [Float], k: Int) -> [Int32] {
        var top: [(score: Float, item: Int32)] = []
        top.reserveCapacity(k + 1)
        for (i, x) in s.enumerated() where x > -.infinity {
            if top.count == k, let last = top.last, !(x > last.score) { continue }
            var p = top.count
            while p > 0 && x > top[p - 1].score { p -= 1 }
            top.insert((x, Int32(i)), at: p)
            if top.count > k { top.removeLast() }
        }
        return top.map(\.item)
    }
}
