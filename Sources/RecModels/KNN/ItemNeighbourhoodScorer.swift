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
///   `j`), of which only the `cap` most similar *among the items the user has* count (Sarwar et al.
///   2001). For a user with more than `cap` items, a first pass marks, per `j`, the ranks in `j`'s list
///   of the user's items that reach it; the `cap`-th marked rank is `j`'s cut, and the accumulation
///   then adds only the contributions ranked up to their target's cut (`accumulateCapped`). A heavy
///   user, whose every `j` is over the cap, thus costs two passes over their contributions, not a
///   walk of most of each `j`'s list.
///
/// Every sum runs over the contributing items in ascending index order (a user's history is sorted),
/// so a whole row, a subset of items and `neighbourSum` for one pair give the same floats.
///
/// ```swift
/// let scorer = ItemNeighbourhoodScorer(sourceMajor: weights)
/// let scores = scorer.score(users: [0, 1], items: nil, history: x, estimate: .sum) { _, _, r in r }
/// ```
struct ItemNeighbourhoodScorer: Sendable {
    /// Number of items (rows and columns of the weights).
    let itemCount: Int
    /// `w_ij` with rows `i` = the items a user has, columns `j` = the items they add to.
    let contributions: CSRMatrix
    /// Item-kNN's neighbour lists (nil for a linear model).
    let neighbourLists: NeighbourLists?
    /// Whether some list is longer than the cap, so a user with more than `cap` items is scored by the
    /// capped passes.
    let capBinds: Bool
    /// Per entry of `contributions` (row `i`, column `j`): `j << NeighbourLists.keyShift | rank`, the
    /// rank of `i` in `j`'s list (0 = most similar, ties as `NeighbourSimilarity.similarityOrder`
    /// breaks them): the bit `markRanks` sets, and all capped scoring reads besides the weight. Empty
    /// for a linear model.
    let contributionKeys: [UInt32]

    /// What a user's accumulated sums become.
    enum Estimate: Sendable {
        /// `Σ w · a` (top-N scores).
        case sum
        /// `offset(u, j) + Σ w · a / Σ w` (0 for the fraction when `Σ w = 0`): kNN rating prediction.
        case offsetMean(RatingOffsets)

        var needsDenominator: Bool { if case .offsetMean = self { true } else { false } }

        @inline(__always) func value(_ u: Int, _ j: Int, num: Float, den: Float) -> Float {
            switch self {
            case .sum: return num
            case .offsetMean(let offsets): return offsets.offset(u, j) + (den > 0 ? num / den : 0)
            }
        }
    }

    /// The linear model `S_u = X_u W`, `weights` items × items with rows the items a user has.
    init(sourceMajor w: CSRMatrix) {
        precondition(w.rows == w.cols, "item–item weights must be square")
        itemCount = w.rows; contributions = w; neighbourLists = nil; capBinds = false; contributionKeys = []
    }

    /// Neighbour lists `s` (row `j` = the neighbours of `j`, columns ascending), consulted in `order`
    /// (per row, entry positions by decreasing similarity: `NeighbourSimilarity.similarityOrder`), at
    /// most `cap` of a user's items per scored item.
    init(targetMajor s: CSRMatrix, order: [Int32], cap: Int) {
        precondition(s.rows == s.cols && order.count == s.nnz, "neighbour lists must be square with one order entry each")
        precondition(cap > 0, "the neighbour cap must be positive")
        itemCount = s.rows
        let longest = s.longestRow
        let lists = NeighbourLists(s, order: order, cap: cap, longest: longest)
        // Only lists of over a billion entries in all could overflow the keys.
        precondition(s.rows <= Int(UInt32.max >> lists.keyShift) + 1, "\(s.rows) items of \(longest) neighbours overflow the 32-bit keys")
        (contributions, contributionKeys) = Self.transposedWithKeys(s, order: order, shift: lists.keyShift)
        neighbourLists = lists
        capBinds = cap < longest
    }

    /// Scores of `users` against `items` (all items, in index order, when nil). `history` is the users ×
    /// items matrix of what each user has; `factor(u, i, value)` is the multiplier of item `i`'s
    /// contributions for user `u` (1, the rating, or the rating minus its offset).
    func score(users: [Int32], items: [Int32]?, history: CSRMatrix, estimate: Estimate,
               factor: @escaping @Sendable (_ user: Int, _ item: Int, _ value: Float) -> Float) -> DenseMatrix {
        precondition(history.cols == itemCount, "history has \(history.cols) items, the weights \(itemCount)")
        let n = itemCount, width = items?.count ?? n
        var out = DenseMatrix(rows: users.count, cols: width)
        let kernel = self
        out.storage.withUnsafeMutableBufferPointer { op in
            let dst = SharedPointer(op)
            Parallelism.forEachChunk(count: users.count, minChunk: 8) { range in
                let scratch = Scratch(items: n, capped: kernel.capBinds ? kernel.neighbourLists : nil,
                                      denominators: estimate.needsDenominator, row: items != nil)
                defer { scratch.deallocate() }
                for r in range {
                    let u = Int(users[r])
                    let row = items == nil ? dst.base + r * n : scratch.row!
                    if items != nil { row.update(repeating: 0, count: n) }
                    kernel.accumulate(user: u, history: history, into: row, scratch: scratch, estimate: estimate, factor: factor)
                    if let items {
                        let o = dst.base + r * width
                        for (c, j) in items.enumerated() { o[c] = row[Int(j)] }
                    }
                }
            }
        }
        return out
    }

    /// Writes user `u`'s scores into `row` (zeroed by the caller).
    private func accumulate(user u: Int, history: CSRMatrix, into row: UnsafeMutablePointer<Float>, scratch: Scratch,
                            estimate: Estimate, factor: (Int, Int, Float) -> Float) {
        let n = itemCount, den = scratch.denominators
        den?.update(repeating: 0, count: n)
        let lo = history.indptr[u], hi = history.indptr[u + 1]
        if let lists = neighbourLists, capBinds, hi - lo > lists.cap {
            markRanks(history.indices[lo..<hi], scratch: scratch)
            setCuts(lists: lists, scratch: scratch)
            accumulateCapped(user: u, history: history, into: row, shift: lists.keyShift, scratch: scratch, factor: factor)
        } else {
            // No item can have more than `cap` contributors: every contribution counts.
            contributions.indices.withUnsafeBufferPointer { tp in contributions.values.withUnsafeBufferPointer { wp in
                for p in lo..<hi {
                    let i = Int(history.indices[p])
                    let f = factor(u, i, history.values[p])
                    for e in contributions.indptr[i]..<contributions.indptr[i + 1] {
                        let j = Int(tp[e]), w = wp[e]
                        row[j] += w * f
                        den?[j] += w
                    }
                }
            }}
        }
        if estimate.needsDenominator, let den {
            for j in 0..<n { row[j] = estimate.value(u, j, num: row[j], den: den[j]) }
        }
    }

    /// Sets, for every contribution of the user's `items`, the bit of its rank in its target's
    /// `lists.markWords` words of `scratch.rankBits`: bit `key` of the whole array.
    private func markRanks(_ items: ArraySlice<Int32>, scratch: Scratch) {
        let bits = scratch.rankBits!
        contributionKeys.withUnsafeBufferPointer { kp in
            for item in items {
                let i = Int(item)
                for e in contributions.indptr[i]..<contributions.indptr[i + 1] {
                    let key = Int(kp[e])
                    bits[key >> 6] |= 1 << UInt64(key & 63)
                }
            }
        }
    }

    /// `scratch.cuts[j]` = the `cap`-th smallest rank marked for `j` (`Int32.max` when `cap` or fewer
    /// are marked: all count), clearing the marks. Ranks within a list are distinct, so exactly the
    /// `cap` most similar contributors rank at or below the cut. Words past the cut's are only cleared
    /// (no bit counting, which is a dozen instructions per word on baseline x86-64).
    private func setCuts(lists: NeighbourLists, scratch: Scratch) {
        let bits = scratch.rankBits!, cuts = scratch.cuts!, words = lists.markWords, cap = lists.cap
        for j in 0..<itemCount {
            let marks = bits + j &* words
            var remaining = cap, cut = Int32.max, word = 0
            while word < words {
                var w = marks[word]
                marks[word] = 0
                word += 1
                guard w != 0 else { continue }
                let set = w.nonzeroBitCount
                if set < remaining { remaining -= set; continue }
                for _ in 1..<remaining { w &= w - 1 }
                cut = Int32((word - 1) << 6 + w.trailingZeroBitCount)
                break
            }
            (marks + word).update(repeating: 0, count: words - word)
            cuts[j] = cut
        }
    }

    /// The accumulation of `accumulate` over the contributions ranked at or below their target's cut
    /// (`setCuts`). A contribution past the cut adds +0 (its bits masked off) instead of being
    /// skipped: no branch to mispredict (half the time, for a heavy user), and the same floats, since a
    /// sum that starts at +0 is never −0 and `x + 0 == x` for every other `x`. Each `j`'s kept
    /// contributions are added in ascending item order, as `neighbourSum` adds them.
    private func accumulateCapped(user u: Int, history: CSRMatrix, into row: UnsafeMutablePointer<Float>, shift: Int,
                                  scratch: Scratch, factor: (Int, Int, Float) -> Float) {
        let den = scratch.denominators, cuts = scratch.cuts!, rankMask = UInt32(1) << UInt32(shift) - 1
        contributionKeys.withUnsafeBufferPointer { kp in contributions.values.withUnsafeBufferPointer { wp in
            for p in history.indptr[u]..<history.indptr[u + 1] {
                let i = Int(history.indices[p])
                let f = factor(u, i, history.values[p])
                for e in contributions.indptr[i]..<contributions.indptr[i + 1] {
                    let key = kp[e], j = Int(key >> UInt32(shift)), w = wp[e]
                    // All ones when the rank is at or below the cut, else zero.
                    let kept = UInt32(truncatingIfNeeded: (Int(key & rankMask) &- Int(cuts[j]) &- 1) >> 63)
                    row[j] += Float(bitPattern: (w * f).bitPattern & kept)
                    den?[j] += Float(bitPattern: w.bitPattern & kept)
                }
            }
        }}
    }

    /// `Σ w · a` and `Σ w` over the `cap` items most similar to `j` (ties: smaller index first) among
    /// those with a factor (`factor(i)` non-nil), summed in ascending item order: one pair's value
    /// of a row that `score` accumulates. `selection` holds `NeighbourLists.selectionWords` zero words
    /// and is left so. Only for neighbour lists (`init(targetMajor:order:cap:)`).
    func neighbourSum(_ j: Int, selection: UnsafeMutablePointer<UInt64>, factor: (Int) -> Float?) -> (num: Float, den: Float) {
        guard let n = neighbourLists else { preconditionFailure("neighbourSum needs neighbour lists") }
        let lo = n.lists.indptr[j], hi = n.lists.indptr[j + 1]
        return n.rankedItems.withUnsafeBufferPointer { items in n.rankedPositions.withUnsafeBufferPointer { positions in
            // Walk the list by rank, marking the positions (= item order) of the first `cap` with a factor.
            var used = 0, q = lo, firstWord = Int.max, lastWord = -1
            while q < hi && used < n.cap {
                if factor(Int(items[q])) != nil {
                    let pos = Int(positions[q])
                    selection[pos >> 6] |= 1 << UInt64(pos & 63)
                    firstWord = min(firstWord, pos >> 6); lastWord = max(lastWord, pos >> 6)
                    used += 1
                }
                q += 1
            }
            var num: Float = 0, den: Float = 0
            guard lastWord >= 0 else { return (num, den) }
            n.lists.indices.withUnsafeBufferPointer { indices in n.lists.values.withUnsafeBufferPointer { values in
                for word in firstWord...lastWord {
                    var bits = selection[word]
                    selection[word] = 0
                    while bits != 0 {
                        let e = lo + word << 6 + bits.trailingZeroBitCount
                        bits &= bits - 1
                        num += values[e] * factor(Int(indices[e]))!
                        den += values[e]
                    }
                }
            }}
            return (num, den)
        }}
    }

    /// `s` transposed (row `i`: the lists `i` is in, columns ascending, as `CSRMatrix.transposed` lays
    /// them out) and, per entry, its key `j << shift | rank`: the rank of `i` in `j`'s list is its
    /// place in `order` (the list's positions by decreasing similarity).
    static func transposedWithKeys(_ s: CSRMatrix, order: [Int32], shift: Int) -> (CSRMatrix, [UInt32]) {
        var rankAt = [Int32](repeating: 0, count: s.nnz)
        for j in 0..<s.rows {
            for q in s.indptr[j]..<s.indptr[j + 1] { rankAt[Int(order[q])] = Int32(q - s.indptr[j]) }
        }
        var starts = [Int](repeating: 0, count: s.cols + 1)
        for i in s.indices { starts[Int(i) + 1] += 1 }
        for i in 0..<s.cols { starts[i + 1] += starts[i] }
        var next = starts
        var targets = [Int32](repeating: 0, count: s.nnz), weights = [Float](repeating: 0, count: s.nnz)
        var keys = [UInt32](repeating: 0, count: s.nnz)
        for j in 0..<s.rows {
            for p in s.indptr[j]..<s.indptr[j + 1] {
                let i = Int(s.indices[p]), e = next[i]
                next[i] += 1
                targets[e] = Int32(j); weights[e] = s.values[p]; keys[e] = UInt32(j) << UInt32(shift) | UInt32(rankAt[p])
            }
        }
        return (CSRMatrix(rows: s.cols, cols: s.rows, indptr: starts, indices: targets, values: weights), keys)
    }

    /// Item-kNN's neighbour lists (row `j` = `j`'s neighbours, columns ascending), each also in rank
    /// order (decreasing similarity) as items and positions in the row, and the cap.
    struct NeighbourLists: Sendable {
        let lists: CSRMatrix
        let rankedItems: [Int32], rankedPositions: [Int32]
        let cap: Int
        /// Words of the bit set `neighbourSum` marks a list's positions in.
        let selectionWords: Int
        /// Words of each item's rank marks in capped scoring (`markRanks`): `selectionWords` rounded up
        /// to a power of two, so a contribution's target and rank pack into one key, `j << keyShift | rank`.
        let markWords: Int, keyShift: Int

        init(_ s: CSRMatrix, order: [Int32], cap: Int, longest: Int) {
            lists = s; self.cap = cap
            selectionWords = max(1, (longest + 63) / 64)
            let wordBits = Int.bitWidth - (selectionWords - 1).leadingZeroBitCount   // ⌈log2 selectionWords⌉
            markWords = 1 << wordBits; keyShift = 6 + wordBits
            var items = [Int32](repeating: 0, count: s.nnz), positions = [Int32](repeating: 0, count: s.nnz)
            for j in 0..<s.rows {
                for q in s.indptr[j]..<s.indptr[j + 1] {
                    let e = Int(order[q])
                    items[q] = s.indices[e]; positions[q] = Int32(e - s.indptr[j])
                }
            }
            rankedItems = items; rankedPositions = positions
        }
    }

    /// One thread's buffers, allocated once per chunk of users.
    private struct Scratch {
        /// Per item: `Σ w` (rating estimates) and a row when only some items are returned.
        let denominators: UnsafeMutablePointer<Float>?, row: UnsafeMutablePointer<Float>?
        /// Capped scoring: per item, `markWords` words of rank marks (zero between users) and the cut.
        let rankBits: UnsafeMutablePointer<UInt64>?, cuts: UnsafeMutablePointer<Int32>?

        init(items n: Int, capped lists: NeighbourLists?, denominators needsDen: Bool, row needsRow: Bool) {
            denominators = needsDen ? .allocate(capacity: n) : nil
            row = needsRow ? .allocate(capacity: n) : nil
            if let lists {
                rankBits = .allocate(capacity: n * lists.markWords)
                rankBits!.initialize(repeating: 0, count: n * lists.markWords)
                cuts = .allocate(capacity: n)
            } else {
                rankBits = nil; cuts = nil
            }
        }

        func deallocate() {
            denominators?.deallocate(); row?.deallocate(); rankBits?.deallocate(); cuts?.deallocate()
        }
    }
}
