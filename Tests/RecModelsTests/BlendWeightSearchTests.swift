import Foundation
import RecCore
import RecTestSupport
import Testing
@testable import RecModels

/// The weight search ranks with RecEval's batch ranker and scores with RecEval's NDCG; these tests
/// pin it to the search's former hand-written ranking and NDCG (kept here as the reference), value
/// for value and to the last bit, on coarse scores with many ties.
@Suite struct BlendWeightSearchTests {
    /// The former per-user NDCG: blend, −∞ on training items, insertion top-K (score descending,
    /// index ascending), binary DCG over a `Set` of the relevant items.
    static func referenceNDCG(_ s: BlendWeightSearch, relevant: [[Int32]], excluded: [[Int32]], weights: [Float]) -> Double {
        let users = relevant.count, n = s.scores[0].cols
        var perUser = [Double](repeating: 0, count: users)
        for u in 0..<users {
            var blend = [Float](repeating: 0, count: n)
            for (k, w) in weights.enumerated() where w != 0 {
                for i in 0..<n { blend[i] += w * s.scores[k][u, i] }
            }
            for i in excluded[u] { blend[Int(i)] = -.infinity }
            var top: [(score: Float, item: Int32)] = []
            for (i, x) in blend.enumerated() where x > -.infinity {
                if top.count == s.cutoff, let last = top.last, !(x > last.score) { continue }
                var p = top.count
                while p > 0 && x > top[p - 1].score { p -= 1 }
                top.insert((x, Int32(i)), at: p)
                if top.count > s.cutoff { top.removeLast() }
            }
            let rel = Set(relevant[u])
            var dcg = 0.0
            for (r, i) in top.map(\.item).enumerated() where rel.contains(i) { dcg += 1 / log2(Double(r) + 2) }
            var ideal = 0.0
            for r in 0..<min(rel.count, s.cutoff) { ideal += 1 / log2(Double(r) + 2) }
            perUser[u] = ideal > 0 ? dcg / ideal : 0
        }
        return perUser.reduce(0, +) / Double(users)
    }

    @Test func meanNDCGEqualsTheFormerImplementationBitForBit() {
        var rng = SeededGenerator(seed: 5)
        let users = 90, items = 60
        // Three components with scores on a coarse grid (many exact ties within and across blends).
        let scores = (0..<3).map { _ in
            DenseMatrix(rows: users, cols: items, storage: (0..<(users * items)).map { _ in Float(rng.nextInt(below: 5)) - 2 })
        }
        let relevant: [[Int32]] = (0..<users).map { _ in (0..<(1 + rng.nextInt(below: 6))).map { _ in Int32(rng.nextInt(below: items)) } }
        let excluded: [[Int32]] = (0..<users).map { _ in
            Array(Set((0..<rng.nextInt(below: 12)).map { _ in Int32(rng.nextInt(below: items)) })).sorted()
        }
        for cutoff in [1, 5, 10, 59] {
            let search = BlendWeightSearch(scores: scores, relevant: relevant, excluded: excluded, cutoff: cutoff)
            for counts in BlendWeightSearch.grid(components: 3, steps: 4) {
                let w = counts.map { Float($0) / 4 }
                let got = search.meanNDCG(weights: w)
                let want = Self.referenceNDCG(search, relevant: relevant, excluded: excluded, weights: w)
                #expect(got.bitPattern == want.bitPattern, "cutoff \(cutoff), weights \(w): \(got) vs \(want)")
            }
        }
    }
}
