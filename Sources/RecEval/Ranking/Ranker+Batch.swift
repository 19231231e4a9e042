import RecCore

extension Ranker {
    /// Top-`k` lists for a batch of users from a users × items score matrix, in parallel over users
    /// (`Parallelism.forEachChunk`). Row `r` of `scores` belongs to `users[r]`.
    ///
    /// - `exclude`: users × items CSR (normally the training matrix); row `users[r]` is excluded.
    /// - `candidates`: users × items CSR (sampled evaluation); when given, only row `users[r]`'s items
    ///   are ranked and `exclude` is ignored.
    ///
    /// The result is identical to calling the single-user `topK` for each row.
    public static func topK(scores: DenseMatrix, users: [Int32], k: Int, exclude: CSRMatrix? = nil,
                            candidates: CSRMatrix? = nil, threads: Int = Parallelism.maxThreads) -> RankedLists {
        precondition(scores.rows == users.count, "one score row per user")
        let n = users.count
        var lists = [[Int32]](repeating: [], count: n)
        lists.withUnsafeMutableBufferPointer { out in
            let writer = SharedPointer(out)
            scores.storage.withUnsafeBufferPointer { all in
                let base = SharedReadOnlyPointer(all)
                Parallelism.forEachChunk(count: n, threads: threads, minChunk: 16) { range in
                    var heap = TopKHeap(capacity: k)
                    for r in range {
                        let row = UnsafeBufferPointer(start: base.base + r * scores.cols, count: scores.cols)
                        let u = Int(users[r])
                        let list: [Int32]
                        if let c = candidates {
                            list = heap.rank(scores: row, candidates: c.indices[c.indptr[u]..<c.indptr[u + 1]])
                        } else if let e = exclude {
                            list = heap.rank(scores: row, excluding: e.indices[e.indptr[u]..<e.indptr[u + 1]])
                        } else {
                            list = heap.rank(scores: row, excluding: EmptyCollection<Int32>())
                        }
                        writer.write(list, at: r)
                    }
                }
            }
        }
        return RankedLists(users: users, lists: lists, k: k)
    }
}
