import RecCore

/// Similarity measures of the neighbourhood models, between two rows `a`, `b` of the rating matrix
/// seen from the compared side (items for `ItemKNN`, users for `UserKNN`); `U` is their set of
/// co-rated entries (Desrosiers & Karypis 2011, §4.3; Sarwar et al. 2001, §3.1).
public enum KNNSimilarity: String, Sendable, CaseIterable {
    /// `Σ_U r_a r_b / (‖r_a‖ ‖r_b‖)`, norms over each row's full set of values.
    case cosine
    /// Cosine after subtracting the mean of the *other* side (for items: each user's mean rating,
    /// Sarwar et al. 2001 eq. 3; for users: each item's mean).
    case adjustedCosine
    /// Pearson correlation over the co-rated set, centred on each row's own mean:
    /// `Σ_U (r_a − r̄_a)(r_b − r̄_b) / √(Σ_U (r_a − r̄_a)² Σ_U (r_b − r̄_b)²)`.
    case pearson
    /// `|U| / (n_a + n_b − |U|)` on the sets of interacted entries.
    case jaccard
}

/// Sparse all-pairs top-k similarity over CSR matrices.
enum NeighbourSimilarity {
    /// Values of `m` minus the mean of each row (over its stored entries).
    static func rowCentred(_ m: CSRMatrix) -> CSRMatrix {
        var v = m.values
        for r in 0..<m.rows {
            let lo = m.indptr[r], hi = m.indptr[r + 1]
            guard hi > lo else { continue }
            var s: Float = 0
            for p in lo..<hi { s += v[p] }
            let mean = s / Float(hi - lo)
            for p in lo..<hi { v[p] -= mean }
        }
        return CSRMatrix(rows: m.rows, cols: m.cols, indptr: m.indptr, indices: m.indices, values: v)
    }

    /// For every row `a` of `rows` (entities × others) the `k` most similar other rows with positive
    /// shrunk similarity `s · n/(n + shrinkage)` (n = co-rated count; Koren 2008 §2.2), as a CSR matrix
    /// (columns ascending). Computed row by row from sparse dot products accumulated into a dense
    /// scratch row per thread, in parallel. With `queries`, only the rows marked true get a list (the
    /// others stay empty); with `candidates`, only rows marked true may be neighbours.
    static func topK(_ rows: CSRMatrix, similarity: KNNSimilarity, shrinkage: Float, k: Int,
                     queries: [Bool]? = nil, candidates: [Bool]? = nil) -> CSRMatrix {
        let a: CSRMatrix
        switch similarity {
        case .cosine, .jaccard: a = rows
        case .pearson: a = rowCentred(rows)
        case .adjustedCosine: a = rowCentred(rows.transposed()).transposed()
        }
        let at = a.transposed()
        let n = a.rows
        // 1/‖a_r‖ (0 for an empty row), what the drain multiplies by.
        let inverseNorms: [Float] = (0..<n).map { r in
            var s: Float = 0
            for p in a.indptr[r]..<a.indptr[r + 1] { s += a.values[p] * a.values[p] }
            return s > 0 ? 1 / s.squareRoot() : 0
        }
        let counts = (0..<n).map { Float(a.rowCount($0)) }
        let mode = CoOccurrenceScratch.mode(values: a.values, similarity: similarity, shrinkage: shrinkage)
        var lists = [[(Int32, Float)]](repeating: [], count: n)
        lists.withUnsafeMutableBufferPointer { lp in
            let out = SharedPointer(lp)
            Parallelism.forEachChunk(count: n, minChunk: 32) { range in
                var scratch = CoOccurrenceScratch(mode: mode, n: n)
                var heap = BoundedTopK(capacity: k)
                for r in range where queries?[r] ?? true {
                    scratch.accumulate(row: r, a, at)
                    heap.reset()
                    scratch.drain(row: r) { cell in
                        let b = cell.row, nCo = cell.count
                        if let candidates, !candidates[b] { return }
                        var s: Float
                        switch similarity {
                        case .cosine, .adjustedCosine:
                            s = cell.dot * (inverseNorms[r] * inverseNorms[b])   // symmetric bit for bit
                        case .pearson:
                            let d = (cell.sqA * cell.sqB).squareRoot(); s = d > 0 ? cell.dot / d : 0
                        case .jaccard:
                            s = nCo / (counts[r] + counts[b] - nCo)
                        }
                        if shrinkage > 0 { s *= nCo / (nCo + shrinkage) }
                        if s > 0 && heap.admits(s) { heap.insert(Int32(truncatingIfNeeded: b), s) }
                    }
                    out[r] = heap.items.sorted { $0.0 < $1.0 }
                }
            }
        }
        return CSRMatrix(cols: n, rowLists: lists)
    }

    /// For each row of a neighbour matrix, its entry positions ordered by similarity (descending,
    /// then by column) — the order in which neighbours are consulted.
    static func similarityOrder(_ m: CSRMatrix) -> [Int32] {
        var order = [Int32](repeating: 0, count: m.nnz)
        for r in 0..<m.rows {
            let lo = m.indptr[r], hi = m.indptr[r + 1]
            let sorted = (lo..<hi).sorted { m.values[$0] > m.values[$1] || (m.values[$0] == m.values[$1] && $0 < $1) }
            for (k, p) in sorted.enumerated() { order[lo + k] = Int32(p) }
        }
        return order
    }
}

/// Keeps the `capacity` largest (score, then smaller index) entries seen: a min-heap on the kept set.
struct BoundedTopK {
    let capacity: Int
    private(set) var items: [(Int32, Float)] = []

    init(capacity: Int) { self.capacity = capacity; items.reserveCapacity(max(0, capacity)) }

    mutating func reset() { items.removeAll(keepingCapacity: true) }

    /// A cheap first test for `insert`: false when `score` cannot enter the kept set (it is full and
    /// the score is below its smallest; ties go on to `insert`, which breaks them by index).
    @inline(__always) func admits(_ score: Float) -> Bool {
        items.count < capacity || score >= items[0].1
    }

    /// Whether `a` ranks below `b` (smaller similarity, or equal and larger index).
    @inline(__always) private func worse(_ a: (Int32, Float), _ b: (Int32, Float)) -> Bool {
        a.1 < b.1 || (a.1 == b.1 && a.0 > b.0)
    }

    mutating func insert(_ index: Int32, _ score: Float) {
        guard capacity > 0 else { return }
        let e = (index, score)
        if items.count < capacity {
            items.append(e)
            var c = items.count - 1
            while c > 0 {
                let p = (c - 1) / 2
                if worse(items[c], items[p]) { items.swapAt(c, p); c = p } else { break }
            }
        } else if worse(items[0], e) {
            items[0] = e
            var p = 0
            while true {
                let l = 2 * p + 1, r = l + 1
                var m = p
                if l < items.count && worse(items[l], items[m]) { m = l }
                if r < items.count && worse(items[r], items[m]) { m = r }
                if m == p { break }
                items.swapAt(p, m); p = m
            }
        }
    }
}
