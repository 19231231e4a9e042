import RecCore
import Testing
@testable import RecModels

/// A rows × cols matrix where the first `denseRows` rows have many entries and the rest very few, so
/// `NeighbourSimilarity.topK` reads some rows back by a dense scan and others through the touched list.
private func mixedMatrix(rows: Int, cols: Int, denseRows: Int, binary: Bool, seed: UInt64) -> CSRMatrix {
    var rng = SeededGenerator(seed: seed)
    var r: [Int32] = [], c: [Int32] = [], v: [Float] = []
    for row in 0..<rows {
        let perRow = row < denseRows ? cols / 3 : 2
        var seen = Set<Int>()
        while seen.count < perRow { seen.insert(rng.nextInt(below: cols)) }
        for col in seen.sorted() {
            r.append(Int32(row)); c.append(Int32(col))
            v.append(binary ? 1 : Float(1 + rng.nextInt(below: 5)))
        }
    }
    return CSRMatrix(rows: rows, cols: cols, rowIndices: r, colIndices: c, values: v)
}

/// Every pair's similarity straight from the definitions (`KNNSimilarity`'s doc comments), O(n² · cols).
private func bruteForce(_ m: CSRMatrix, _ sim: KNNSimilarity, shrinkage: Float) -> [[Float]] {
    var dense = [[Float?]](repeating: [Float?](repeating: nil, count: m.cols), count: m.rows)
    for row in 0..<m.rows { for p in m.indptr[row]..<m.indptr[row + 1] { dense[row][Int(m.indices[p])] = m.values[p] } }
    func mean(_ xs: [Float?]) -> Float { let s = xs.compactMap { $0 }; return s.reduce(0, +) / Float(max(1, s.count)) }
    var out = [[Float]](repeating: [Float](repeating: 0, count: m.rows), count: m.rows)
    for a in 0..<m.rows {
        for b in 0..<m.rows where b != a {
            let both = (0..<m.cols).filter { dense[a][$0] != nil && dense[b][$0] != nil }
            guard !both.isEmpty else { continue }
            let n = Float(both.count)
            var s: Float
            switch sim {
            case .cosine:
                let dot = both.reduce(Float(0)) { $0 + dense[a][$1]! * dense[b][$1]! }
                let na = dense[a].compactMap { $0 }.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
                let nb = dense[b].compactMap { $0 }.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
                s = dot / (na * nb)
            case .pearson:
                let ma = mean(dense[a]), mb = mean(dense[b])
                var dot: Float = 0, sa: Float = 0, sb: Float = 0
                for k in both { let x = dense[a][k]! - ma, y = dense[b][k]! - mb; dot += x * y; sa += x * x; sb += y * y }
                s = sa * sb > 0 ? dot / (sa * sb).squareRoot() : 0
            case .jaccard:
                let na = Float(dense[a].compactMap { $0 }.count), nb = Float(dense[b].compactMap { $0 }.count)
                s = n / (na + nb - n)
            case .adjustedCosine:
                s = 0   // not compared here: it centres on the other side's means first
            }
            if shrinkage > 0 { s *= n / (n + shrinkage) }
            out[a][b] = s
        }
    }
    return out
}

@Suite struct CoOccurrenceScratchTests {
    /// The top-k lists equal a brute-force computation for binary and weighted values, every similarity
    /// and with or without shrinkage, on a matrix whose rows take both the dense-scan and the
    /// touched-list path.
    @Test(arguments: [KNNSimilarity.cosine, .pearson, .jaccard])
    func topKMatchesBruteForceOnBothPaths(_ sim: KNNSimilarity) {
        for binary in [true, false] {
            for shrinkage: Float in [0, 5] {
                let m = mixedMatrix(rows: 60, cols: 400, denseRows: 12, binary: binary, seed: 7)
                let k = 8
                let fast = NeighbourSimilarity.topK(m, similarity: sim, shrinkage: shrinkage, k: k)
                let slow = bruteForce(m, sim, shrinkage: shrinkage)
                for a in 0..<m.rows {
                    let expected = (0..<m.rows).filter { slow[a][$0] > 1e-6 }
                        .sorted { slow[a][$0] > slow[a][$1] || (slow[a][$0] == slow[a][$1] && $0 < $1) }
                        .prefix(k)
                    let got = Array(fast.indices[fast.indptr[a]..<fast.indptr[a + 1]]).map(Int.init)
                    #expect(got.count == expected.count, "\(sim) binary \(binary) shrinkage \(shrinkage) row \(a)")
                    // Same neighbour set (ties at the cut may swap) and the same similarity values.
                    for (p, b) in zip(fast.indptr[a]..<fast.indptr[a + 1], got) {
                        #expect(abs(fast.values[p] - slow[a][b]) < 1e-4)
                    }
                    if let last = expected.last {
                        for b in got { #expect(slow[a][b] >= slow[a][last] - 1e-5) }
                    }
                }
            }
        }
    }

    @Test func modeUsesOneArrayForBinaryCosineAndJaccard() {
        #expect(CoOccurrenceScratch.mode(values: [1, 1, 1], similarity: .cosine, shrinkage: 10) == .binaryCount)
        #expect(CoOccurrenceScratch.mode(values: [1, 1, 1], similarity: .jaccard, shrinkage: 0) == .binaryCount)
        #expect(CoOccurrenceScratch.mode(values: [1, 2, 1], similarity: .cosine, shrinkage: 0) == .weighted)
        #expect(CoOccurrenceScratch.mode(values: [1, 2, 1], similarity: .cosine, shrinkage: 3) == .weightedCounted)
        #expect(CoOccurrenceScratch.mode(values: [1, 1, 1], similarity: .pearson, shrinkage: 0) == .pearson)
    }

    @Test func sparseAndDenseRowsAreBothExercised() {
        let m = mixedMatrix(rows: 60, cols: 400, denseRows: 12, binary: true, seed: 7)
        let at = m.transposed()
        var scratch = CoOccurrenceScratch(mode: .binaryCount, n: m.rows)
        scratch.accumulate(row: 0, m, at); scratch.drain(row: 0) { _ in }
        #expect(!scratch.sparse)
        scratch.accumulate(row: 59, m, at); scratch.drain(row: 59) { _ in }
        #expect(scratch.sparse)
    }
}
