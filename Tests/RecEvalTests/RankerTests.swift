import Testing
import RecCore
@testable import RecEval

@Suite struct RankerTests {
    // Scores by item: 3 is best (0.9); 1 and 4 tie at 0.8 (1 first, lower index); 7 at 0.5;
    // 0, 2, 5, 6, 8, 9 tie at 0.1 (ascending index).
    let scores: [Float] = [0.1, 0.8, 0.1, 0.9, 0.8, 0.1, 0.1, 0.5, 0.1, 0.1]

    @Test func breaksTiesByLowerItemIndex() {
        #expect(Ranker.topK(scores: scores, k: 5) == [3, 1, 4, 7, 0])
        #expect(Ranker.topK(scores: scores, k: 10) == [3, 1, 4, 7, 0, 2, 5, 6, 8, 9])
    }

    @Test func excludesSeenItems() {
        #expect(Ranker.topK(scores: scores, k: 5, excluding: [3]) == [1, 4, 7, 0, 2])
        #expect(Ranker.topK(scores: scores, k: 3, excluding: [0, 1, 3, 4]) == [7, 2, 5])
    }

    @Test func kLargerThanCatalogueReturnsEveryCandidate() {
        #expect(Ranker.topK(scores: [1, 2, 3], k: 10, excluding: [1]) == [2, 0])
        #expect(Ranker.topK(scores: [1, 2, 3], k: 0).isEmpty)
    }

    @Test func ranksNaNLast() {
        let s: [Float] = [.nan, 1, -.infinity, .nan, 2]
        #expect(Ranker.topK(scores: s, k: 5) == [4, 1, 2, 0, 3])
        #expect(Ranker.topK(scores: s, k: 2) == [4, 1])
    }

    @Test func minusInfinityIsAnOrdinaryLowestNumber() {
        #expect(Ranker.topK(scores: [1, 5, 5, -.infinity, 2], k: 3) == [1, 2, 4])
        #expect(Ranker.topK(scores: [1, 5, 5, -.infinity, 2], k: 5) == [1, 2, 4, 0, 3])
    }

    /// `forEachTopK` over a matrix and over rows filled into per-thread scratch give the single-user
    /// lists, hand each row its own scores and candidates, and do not depend on the thread count.
    @Test func rowByRowBatchRankerEqualsMatrixBatchRanker() {
        var rng = SeededGenerator(seed: 11)
        let rows = 67, itemCount = 40, k = 6
        let storage = (0..<(rows * itemCount)).map { _ -> Float in
            rng.nextInt(below: 25) == 0 ? .nan : Float(rng.nextInt(below: 6))
        }
        let m = DenseMatrix(rows: rows, cols: itemCount, storage: storage)
        let excluded: [[Int32]] = (0..<rows).map { _ in
            Array(Set((0..<8).map { _ in Int32(rng.nextInt(below: itemCount)) })).sorted()
        }
        for threads in [1, 3] {
            var fromMatrix = [[Int32]](repeating: [], count: rows), fromRows = fromMatrix
            var sawOwnScores = [Bool](repeating: false, count: rows)
            fromMatrix.withUnsafeMutableBufferPointer { a in
                fromRows.withUnsafeMutableBufferPointer { b in
                    sawOwnScores.withUnsafeMutableBufferPointer { c in
                        let pa = SharedPointer(a), pb = SharedPointer(b), pc = SharedPointer(c)
                        Ranker.forEachTopK(scores: m, k: k, threads: threads, minChunk: 4,
                                           candidates: { .allExcept(excluded[$0][...]) }) { ranked in
                            pa[ranked.row] = Array(ranked.items)
                            pc[ranked.row] = ranked.scores.map(\.bitPattern) == m.row(ranked.row).map(\.bitPattern)
                        }
                        Ranker.forEachTopK(rows: rows, itemCount: itemCount, k: k, threads: threads, minChunk: 4,
                                           fill: { r, out in for i in 0..<itemCount { out[i] = m[r, i] } },
                                           candidates: { .allExcept(excluded[$0][...]) }) { ranked in
                            if case .allExcept(let e) = ranked.candidates, Array(e) == excluded[ranked.row] {
                                pb[ranked.row] = Array(ranked.items)
                            }
                        }
                    }
                }
            }
            for r in 0..<rows {
                let single = Ranker.topK(scores: Array(m.row(r)), k: k, excluding: excluded[r])
                #expect(fromMatrix[r] == single && fromRows[r] == single, "row \(r), \(threads) threads")
                #expect(sawOwnScores[r])
            }
        }
    }

    @Test func candidatesModeRanksOnlyCandidates() {
        #expect(Ranker.topK(scores: scores, k: 3, candidates: [9, 0, 7, 2]) == [7, 0, 2])
    }

    @Test func batchRankerEqualsSingleUserRanker() {
        var rng = SeededGenerator(seed: 3)
        let users: [Int32] = [0, 2, 5, 7, 1, 4, 3, 6], itemCount = 50
        // Coarse scores (0…9) so many ties occur; some NaN.
        let storage = (0..<(users.count * itemCount)).map { _ -> Float in
            rng.nextInt(below: 20) == 0 ? .nan : Float(rng.nextInt(below: 10))
        }
        let m = DenseMatrix(rows: users.count, cols: itemCount, storage: storage)
        var r: [Int32] = [], c: [Int32] = []
        for u in 0..<8 { for _ in 0..<10 { r.append(Int32(u)); c.append(Int32(rng.nextInt(below: itemCount))) } }
        let train = CSRMatrix(rows: 8, cols: itemCount, rowIndices: r, colIndices: c, values: [Float](repeating: 1, count: r.count))
        let batch = Ranker.topK(scores: m, users: users, k: 7, exclude: train, threads: 2)
        let cands = CSRMatrix(rows: 8, cols: itemCount, rowIndices: r, colIndices: c, values: [Float](repeating: 1, count: r.count))
        let sampled = Ranker.topK(scores: m, users: users, k: 4, candidates: cands, threads: 2)
        for (row, u) in users.enumerated() {
            let s = Array(m.row(row))
            let single = Ranker.topK(scores: s, k: 7, excluding: train.row(Int(u)).indices)
            #expect(Array(batch[row]) == single)
            // Brute force: full sort by (score desc, NaN last, index asc) minus excluded.
            let excluded = Set(train.row(Int(u)).indices)
            let brute = (0..<Int32(itemCount)).filter { !excluded.contains($0) }
                .sorted { Ranker.precedes(s[Int($0)], $0, s[Int($1)], $1) }.prefix(7)
            #expect(single == Array(brute))
            let candList = Array(cands.row(Int(u)).indices)
            #expect(Array(sampled[row]) == Ranker.topK(scores: s, k: 4, candidates: candList))
            #expect(sampled[row].allSatisfy { candList.contains($0) })
        }
    }

    /// Whole runs of eight scores that cannot beat the heap's root are skipped in one comparison:
    /// the lists must still equal a full sort exactly, with ties, −∞, NaN scores and NaN roots (rows
    /// mostly NaN, so the heap keeps NaNs), for short and long lists and with exclusions.
    @Test func blockSkippingKeepsTheExactTopK() {
        var rng = SeededGenerator(seed: 29)
        let itemCount = 301
        for row in 0..<120 {
            let nanShare = row % 4 == 3 ? 90 : 5   // every fourth row mostly NaN
            let s: [Float] = (0..<itemCount).map { _ in
                let roll = rng.nextInt(below: 100)
                if roll < nanShare { return .nan }
                if roll == 99 { return -.infinity }
                return row % 2 == 0 ? Float(rng.nextInt(below: 7)) : rng.nextFloat()
            }
            let excluded = Array(Set((0..<rng.nextInt(below: 40)).map { _ in Int32(rng.nextInt(below: itemCount)) })).sorted()
            let skip = Set(excluded)
            for k in [1, 10, 60] {
                let got = Ranker.topK(scores: s, k: k, excluding: excluded)
                let brute = (0..<Int32(itemCount)).filter { !skip.contains($0) }
                    .sorted { Ranker.precedes(s[Int($0)], $0, s[Int($1)], $1) }.prefix(k)
                #expect(got == Array(brute), "row \(row), k \(k)")
            }
        }
    }
}
