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
///   2001). The accumulation also counts each `j`'s contributors; the few `j` that more than `cap` of
///   the user's items reach are summed again over their `cap` most similar ones (`neighbourSum`).
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
    /// Whether some list is longer than the cap, so a row's counts must be checked against it.
    let capBinds: Bool

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
        itemCount = w.rows; contributions = w; neighbourLists = nil; capBinds = false
    }

    /// Neighbour lists `s` (row `j` = the neighbours of `j`, columns ascending), consulted in `order`
    /// (per row, entry positions by decreasing similarity: `NeighbourSimilarity.similarityOrder`), at
    /// most `cap` of a user's items per scored item.
    init(targetMajor s: CSRMatrix, order: [Int32], cap: Int) {
        precondition(s.rows == s.cols && order.count == s.nnz, "neighbour lists must be square with one order entry each")
        itemCount = s.rows
        contributions = s.transposed()
        let longest = (0..<s.rows).reduce(0) { max($0, s.rowCount($1)) }
        neighbourLists = NeighbourLists(s, order: order, cap: cap, longest: longest)
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
                let scratch = Scratch(items: n, capped: capBinds ? neighbourLists : nil, denominators: estimate.needsDenominator, row: items != nil)
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
        let n = itemCount, den = scratch.denominators, counts = scratch.counts
        den?.update(repeating: 0, count: n)
        counts?.update(repeating: 0, count: n)
        let lo = history.indptr[u], hi = history.indptr[u + 1]
        contributions.indices.withUnsafeBufferPointer { tp in contributions.values.withUnsafeBufferPointer { wp in
            for p in lo..<hi {
                let i = Int(history.indices[p])
                let f = factor(u, i, history.values[p])
                scratch.factors?[i] = f
                for e in contributions.indptr[i]..<contributions.indptr[i + 1] {
                    let j = Int(tp[e]), w = wp[e]
                    row[j] += w * f
                    den?[j] += w
                    counts?[j] += 1
                }
            }
        }}
        if let cap = neighbourLists?.cap, let counts, let factors = scratch.factors {
            for j in 0..<n where Int(counts[j]) > cap {
                let (num, d) = neighbourSum(j, selection: scratch.selection!) { i in factors[i].isNaN ? nil : factors[i] }
                row[j] = num
                den?[j] = d
            }
            for p in lo..<hi { factors[Int(history.indices[p])] = .nan }
        }
        if estimate.needsDenominator, let den {
            for j in 0..<n { row[j] = estimate.value(u, j, num: row[j], den: den[j]) }
        }
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

    /// Item-kNN's neighbour lists (row `j` = `j`'s neighbours, columns ascending), each also in rank
    /// order (decreasing similarity) as items and positions in the row, and the cap.
    struct NeighbourLists: Sendable {
        let lists: CSRMatrix
        let rankedItems: [Int32], rankedPositions: [Int32]
        let cap: Int
        /// Words of the bit set `neighbourSum` marks a list's positions in.
        let selectionWords: Int

        init(_ s: CSRMatrix, order: [Int32], cap: Int, longest: Int) {
            lists = s; self.cap = cap
            selectionWords = max(1, (longest + 63) / 64)
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
        /// Per item: `Σ w` (rating estimates), contributor counts and the user's factors (NaN: not
        /// in the history) for capped scoring, and a row when only some items are returned.
        let denominators: UnsafeMutablePointer<Float>?, counts: UnsafeMutablePointer<Int32>?
        let factors: UnsafeMutablePointer<Float>?, selection: UnsafeMutablePointer<UInt64>?, row: UnsafeMutablePointer<Float>?

        init(items n: Int, capped lists: NeighbourLists?, denominators needsDen: Bool, row needsRow: Bool) {
            denominators = needsDen ? .allocate(capacity: n) : nil
            row = needsRow ? .allocate(capacity: n) : nil
            if let lists {
                counts = .allocate(capacity: n)
                factors = .allocate(capacity: n); factors!.initialize(repeating: .nan, count: n)
                selection = .allocate(capacity: lists.selectionWords); selection!.initialize(repeating: 0, count: lists.selectionWords)
            } else {
                counts = nil; factors = nil; selection = nil
            }
        }

        func deallocate() {
            denominators?.deallocate(); counts?.deallocate(); factors?.deallocate(); selection?.deallocate(); row?.deallocate()
        }
    }
}
