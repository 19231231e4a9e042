import RecCore

/// One row of a batch ranking, handed to the visitor of `Ranker.forEachTopK` on the worker thread
/// that ranked it. `items` and `scores` are valid only during the visit (copy `items` to keep it).
public struct RankedRow {
    /// Row number in the batch, `0..<rows`.
    public let row: Int
    /// The row's top list, best first (at most `k` items; fewer when there are fewer candidates).
    public let items: ArraySlice<Int32>
    /// The row's scores over all items (index = item).
    public let scores: UnsafeBufferPointer<Float>
    /// The candidates the list was drawn from.
    public let candidates: CandidateSet
}

extension Ranker {
    /// The batch ranker every caller shares (evaluation, the runner's top-K output, the hybrid's
    /// weight search): ranks rows `0..<scores.rows` of a rows × items score matrix over
    /// `candidates(row)` in parallel chunks of rows (`Parallelism.forEachChunk`), and calls `visit`
    /// with each row's top-`k` list on the thread that ranked it.
    ///
    /// Each chunk reuses one `TopKHeap` and one list buffer, so nothing is allocated per row; every
    /// list is exactly the single-user `topK` (order `Ranker.precedes`). `visit` may write only to
    /// its own row's slots of shared output (`SharedPointer`), which keeps results independent of
    /// the thread count.
    public static func forEachTopK(scores: DenseMatrix, k: Int, threads: Int = Parallelism.maxThreads,
                                   minChunk: Int = 16, candidates: @Sendable (_ row: Int) -> CandidateSet,
                                   visit: @Sendable (RankedRow) -> Void) {
        let cols = scores.cols
        scores.storage.withUnsafeBufferPointer { all in
            let base = SharedReadOnlyPointer(all)
            rankRows(count: scores.rows, itemCount: cols, k: k, threads: threads, minChunk: minChunk, scratch: false,
                     scores: { r, _ in UnsafeBufferPointer(start: base.base + r * cols, count: cols) },
                     candidates: candidates, visit: visit)
        }
    }

    /// The same batch ranker over scores the caller computes row by row: `fill(row, buffer)` writes
    /// row `row`'s `itemCount` scores into a per-thread scratch buffer (reused for every row of the
    /// chunk), which is then ranked over `candidates(row)` and visited as above.
    public static func forEachTopK(rows: Int, itemCount: Int, k: Int, threads: Int = Parallelism.maxThreads,
                                   minChunk: Int = 16,
                                   fill: @Sendable (_ row: Int, _ scores: UnsafeMutableBufferPointer<Float>) -> Void,
                                   candidates: @Sendable (_ row: Int) -> CandidateSet,
                                   visit: @Sendable (RankedRow) -> Void) {
        rankRows(count: rows, itemCount: itemCount, k: k, threads: threads, minChunk: minChunk, scratch: true,
                 scores: { r, buffer in fill(r, buffer); return UnsafeBufferPointer(buffer) },
                 candidates: candidates, visit: visit)
    }

    /// Top-`k` lists for a batch of users from a users × items score matrix (row `r` belongs to
    /// `users[r]`), as `RankedLists`:
    ///
    /// - `exclude`: users × items CSR (normally the training matrix); row `users[r]` is excluded.
    /// - `candidates`: users × items CSR (sampled evaluation); when given, only row `users[r]`'s items
    ///   are ranked and `exclude` is ignored.
    ///
    /// The result is identical to calling the single-user `topK` for each row.
    public static func topK(scores: DenseMatrix, users: [Int32], k: Int, exclude: CSRMatrix? = nil,
                            candidates: CSRMatrix? = nil, threads: Int = Parallelism.maxThreads) -> RankedLists {
        precondition(scores.rows == users.count, "one score row per user")
        precondition(k >= 0, "k must be non-negative")
        let n = users.count
        var padded = [Int32](repeating: 0, count: n * k)
        var lengths = [Int](repeating: 0, count: n)
        padded.withUnsafeMutableBufferPointer { pbuf in
            lengths.withUnsafeMutableBufferPointer { lbuf in
                let items = SharedPointer(pbuf), counts = SharedPointer(lbuf)
                forEachTopK(scores: scores, k: k, threads: threads, candidates: { r in
                    let u = Int(users[r])
                    if let c = candidates { return .only(c.indices[c.indptr[u]..<c.indptr[u + 1]]) }
                    if let e = exclude { return .allExcept(e.indices[e.indptr[u]..<e.indptr[u + 1]]) }
                    return .allExcept([])
                }) { ranked in
                    RankedLists.write(ranked.items, row: ranked.row, k: k, items: items, lengths: counts)
                }
            }
        }
        return RankedLists(users: users, k: k, padded: padded, lengths: lengths)
    }

    /// The chunked loop behind both `forEachTopK`s: one heap, one list buffer and (when `scratch`) one
    /// score row per chunk.
    private static func rankRows(count: Int, itemCount: Int, k: Int, threads: Int, minChunk: Int, scratch: Bool,
                                 scores: @Sendable (_ row: Int, _ scratch: UnsafeMutableBufferPointer<Float>) -> UnsafeBufferPointer<Float>,
                                 candidates: @Sendable (_ row: Int) -> CandidateSet,
                                 visit: @Sendable (RankedRow) -> Void) {
        precondition(k >= 0, "k must be non-negative")
        Parallelism.forEachChunk(count: count, threads: threads, minChunk: minChunk) { range in
            var heap = TopKHeap(capacity: k)
            var list = [Int32](repeating: 0, count: max(k, 1))
            var buffer = [Float](repeating: 0, count: scratch ? itemCount : 0)
            buffer.withUnsafeMutableBufferPointer { row in
                for r in range {
                    let s = scores(r, row)
                    precondition(s.count == itemCount, "a score row must cover every item")
                    let cands = candidates(r)
                    let length = list.withUnsafeMutableBufferPointer { heap.rank(scores: s, over: cands, into: $0.baseAddress!) }
                    visit(RankedRow(row: r, items: list[0..<length], scores: s, candidates: cands))
                }
            }
        }
    }
}

extension RankedLists {
    /// Copies `list` into row `row` of a rows × `k` padded buffer (the batch ranker's parallel output).
    @inline(__always)
    static func write(_ list: ArraySlice<Int32>, row: Int, k: Int, items: SharedPointer<Int32>, lengths: SharedPointer<Int>) {
        var p = row * k
        for item in list { items[p] = item; p += 1 }
        lengths[row] = list.count
    }

    /// Compacts a rows × `k` padded buffer (row `r`'s list in `padded[r*k ..< r*k + lengths[r]]`).
    init(users: [Int32], k: Int, padded: [Int32], lengths: [Int]) {
        precondition(lengths.count == users.count && padded.count == users.count * k, "malformed padded lists")
        var offsets = [Int](repeating: 0, count: users.count + 1)
        for r in 0..<users.count { offsets[r + 1] = offsets[r] + lengths[r] }
        var items = [Int32](repeating: 0, count: offsets[users.count])
        for r in 0..<users.count where lengths[r] > 0 {
            items[offsets[r]..<offsets[r + 1]] = padded[(r * k)..<(r * k + lengths[r])]
        }
        self.init(users: users, k: k, offsets: offsets, items: items)
    }
}
