import RecCore

/// Full-catalogue scoring of an item–item neighbourhood model by sparse accumulation over each user's
/// history: every item `i` the user has, with factor `a_ui`, adds `w_ij · a_ui` to the score of each
/// item `j` it is a neighbour of, in a dense per-user row. A user costs O(Σ_{i ∈ u} |row i|), not
/// O(items × neighbours) as walking every item's neighbour list does, and nothing is allocated per user.
///
/// Two shapes of model share it:
/// - `init(sourceMajor:)`: the weights `W` of a linear item–item model (`S_u = X_u W`; RP3beta, SLIM),
///   rows = the items a user has, columns = the items scored.
/// - `init(targetMajor:order:cap:)`: item-kNN's neighbour lists (row `j` = the items most similar to
///   `j`), of which only the `cap` most similar *among the items the user has* may count (Sarwar et al.
///   2001). Contributions are then applied in rounds by rank in `j`'s list — round `k` adds, for every
///   item the user has, its contributions where it is `j`'s `k`-th neighbour — so each `j` receives its
///   rated neighbours most similar first, stops after `cap` of them, and sums them in the same order
///   as a walk down its list: the result equals that walk bit for bit.
///
/// ```swift
/// let scorer = ItemNeighbourhoodScorer(sourceMajor: weights)
/// let scores = scorer.score(users: [0, 1], items: nil, history: x, estimate: .sum) { _, _, r in r }
/// ```
struct ItemNeighbourhoodScorer: Sendable {
    /// Number of items (rows and columns of the weights).
    let itemCount: Int
    /// Source-major contributions: entries `indptr[i]..<indptr[i + 1]` are the items `targets[e]`
    /// that item `i` adds `weights[e]` to, ordered by (`rounds[e]`, target).
    let indptr: [Int]
    let targets: [Int32]
    let weights: [Float]
    let rounds: [Int32]
    /// At most this many contributions per scored item and user (nil: all of them).
    let cap: Int?

    /// What a user's accumulated sums become.
    enum Estimate: Sendable {
        /// `Σ w · a` (top-N scores).
        case sum
        /// `offset(u, j) + Σ w · a / Σ w` (0 for the fraction when `Σ w = 0`): kNN rating prediction.
        case offsetMean(RatingOffsets)
    }

    /// The linear model `S_u = X_u W`, `weights` items × items with rows the items a user has.
    init(sourceMajor w: CSRMatrix) {
        precondition(w.rows == w.cols, "item–item weights must be square")
        itemCount = w.rows
        indptr = w.indptr; targets = w.indices; weights = w.values
        rounds = [Int32](repeating: 0, count: w.nnz)
        cap = nil
    }

    /// Neighbour lists `s` (row `j` = the neighbours of `j`), consulted in `order` (per row, entry
    /// positions by decreasing similarity, `NeighbourSimilarity.similarityOrder`), at most `cap` of a
    /// user's items per scored item.
    init(targetMajor s: CSRMatrix, order: [Int32], cap: Int) {
        precondition(s.rows == s.cols && order.count == s.nnz, "neighbour lists must be square with one order entry each")
        let n = s.rows, nnz = s.nnz
        itemCount = n
        var longest = 0
        for j in 0..<n { longest = max(longest, s.rowCount(j)) }
        self.cap = cap >= longest ? nil : cap
        // Counting sort of the entries by rank (targets ascending within a rank), then a stable
        // counting sort of that sequence by source.
        var rankStart = [Int](repeating: 0, count: longest + 1)
        for j in 0..<n { for k in 0..<s.rowCount(j) { rankStart[k + 1] += 1 } }
        for k in 0..<longest { rankStart[k + 1] += rankStart[k] }
        var byRank = [Int](repeating: 0, count: nnz), rankOf = [Int32](repeating: 0, count: nnz), targetOf = [Int32](repeating: 0, count: nnz)
        var next = rankStart
        for j in 0..<n {
            let lo = s.indptr[j]
            for k in 0..<s.rowCount(j) {
                let e = Int(order[lo + k]), q = next[k]
                next[k] += 1
                byRank[q] = e; rankOf[q] = Int32(k); targetOf[q] = Int32(j)
            }
        }
        var start = [Int](repeating: 0, count: n + 1)
        for i in s.indices { start[Int(i) + 1] += 1 }
        for i in 0..<n { start[i + 1] += start[i] }
        var fill = start
        var t = [Int32](repeating: 0, count: nnz), w = [Float](repeating: 0, count: nnz), r = [Int32](repeating: 0, count: nnz)
        for q in 0..<nnz {
            let e = byRank[q], i = Int(s.indices[e]), p = fill[i]
            fill[i] += 1
            t[p] = targetOf[q]; w[p] = s.values[e]; r[p] = rankOf[q]
        }
        indptr = start; targets = t; weights = w; rounds = r
    }

    /// Scores of `users` against `items` (all items, in index order, when nil). `history` is the users ×
    /// items matrix of what each user has; `factor(u, i, value)` is the multiplier of item `i`'s
    /// contributions for user `u` (1, the rating, or the rating minus its offset).
    func score(users: [Int32], items: [Int32]?, history: CSRMatrix, estimate: Estimate,
               factor: @escaping @Sendable (_ user: Int, _ item: Int, _ value: Float) -> Float) -> DenseMatrix {
        precondition(history.cols == itemCount, "history has \(history.cols) items, the weights \(itemCount)")
        let n = itemCount, width = items?.count ?? n
        var out = DenseMatrix(rows: users.count, cols: width)
        let longestHistory = users.reduce(0) { max($0, history.rowCount(Int($1))) }
        let kernel = self
        out.storage.withUnsafeMutableBufferPointer { op in
            let dst = SharedPointer(op)
            Parallelism.forEachChunk(count: users.count, minChunk: 8) { range in
                var scratch = Scratch(items: n, history: longestHistory, denominators: estimate.needsDenominator,
                                      counts: kernel.cap != nil, row: items != nil)
                defer { scratch.deallocate() }
                for r in range {
                    let u = Int(users[r])
                    let row = items == nil ? dst.base + r * n : scratch.row!
                    if items != nil { row.update(repeating: 0, count: n) }
                    kernel.accumulate(user: u, history: history, into: row, scratch: &scratch, factor: factor)
                    if case .offsetMean(let offsets) = estimate {
                        let den = scratch.denominators!
                        for j in 0..<n { row[j] = offsets.offset(u, j) + (den[j] > 0 ? row[j] / den[j] : 0) }
                    }
                    if let items {
                        let o = dst.base + r * width
                        for (c, j) in items.enumerated() { o[c] = row[Int(j)] }
                    }
                }
            }
        }
        return out
    }

    /// Adds user `u`'s contributions to `row` (zeroed by the caller), round by round.
    private func accumulate(user u: Int, history: CSRMatrix, into row: UnsafeMutablePointer<Float>,
                            scratch: inout Scratch, factor: (Int, Int, Float) -> Float) {
        let den = scratch.denominators, counts = scratch.counts
        den?.update(repeating: 0, count: itemCount)
        counts?.update(repeating: 0, count: itemCount)
        let cursor = scratch.cursor, end = scratch.end, scale = scratch.scale
        var active = 0
        for p in history.indptr[u]..<history.indptr[u + 1] {
            let i = Int(history.indices[p])
            guard indptr[i + 1] > indptr[i] else { continue }
            cursor[active] = indptr[i]; end[active] = indptr[i + 1]
            scale[active] = factor(u, i, history.values[p])
            active += 1
        }
        let limit = Int32(truncatingIfNeeded: cap ?? 0)
        targets.withUnsafeBufferPointer { tp in weights.withUnsafeBufferPointer { wp in rounds.withUnsafeBufferPointer { rp in
            var round: Int32 = 0
            while active > 0 {
                var kept = 0
                for a in 0..<active {
                    var c = cursor[a]
                    let e = end[a], f = scale[a]
                    while c < e && rp[c] == round {
                        let j = Int(tp[c]), w = wp[c]
                        c += 1
                        if let counts {
                            if counts[j] >= limit { continue }
                            counts[j] += 1
                        }
                        row[j] += w * f
                        if let den { den[j] += w }
                    }
                    if c < e { cursor[kept] = c; end[kept] = e; scale[kept] = f; kept += 1 }
                }
                active = kept
                round += 1
            }
        }}}
    }

    /// One thread's buffers, sized once per chunk of users.
    private struct Scratch {
        let cursor: UnsafeMutablePointer<Int>, end: UnsafeMutablePointer<Int>, scale: UnsafeMutablePointer<Float>
        let denominators: UnsafeMutablePointer<Float>?, counts: UnsafeMutablePointer<Int32>?, row: UnsafeMutablePointer<Float>?

        init(items n: Int, history h: Int, denominators needsDen: Bool, counts needsCounts: Bool, row needsRow: Bool) {
            cursor = .allocate(capacity: max(1, h)); end = .allocate(capacity: max(1, h)); scale = .allocate(capacity: max(1, h))
            denominators = needsDen ? .allocate(capacity: n) : nil
            counts = needsCounts ? .allocate(capacity: n) : nil
            row = needsRow ? .allocate(capacity: n) : nil
        }

        func deallocate() {
            cursor.deallocate(); end.deallocate(); scale.deallocate()
            denominators?.deallocate(); counts?.deallocate(); row?.deallocate()
        }
    }
}

extension ItemNeighbourhoodScorer.Estimate {
    var needsDenominator: Bool { if case .offsetMean = self { true } else { false } }
}
