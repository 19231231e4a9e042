import RecCore

/// Per-thread dense scratch rows for the sparse dot products of one row `r` of a CSR matrix `A` with
/// every other row (`Σ_{o ∈ r} A[r,o] · A[·,o]`, through the transpose): the inner loop of the all-pairs
/// similarity of `NeighbourSimilarity.topK`, where nearly all of a kNN fit's time goes.
///
/// Only what the similarity needs is accumulated: a binary matrix under cosine or Jaccard needs one
/// array (its dot products are the co-occurrence counts); weighted cosine the dot products, plus the
/// counts when shrinkage needs them; Pearson also the two co-rated sums of squares. A row that reaches
/// most columns is read back by scanning the dense arrays (no per-co-occurrence bookkeeping); a row
/// that reaches few keeps a list of the columns it touched, so sparse data never pays O(n) per row.
struct CoOccurrenceScratch {
    /// What is accumulated per co-occurrence.
    enum Mode { case binaryCount, weighted, weightedCounted, pearson }

    let mode: Mode
    let n: Int
    private(set) var dot: [Float], count: [Float], sqA: [Float], sqB: [Float]
    /// The counts of `binaryCount` mode: integer increments are single read-modify-write
    /// instructions, cheaper than float adds when popular columns hit the same counter in a row.
    private(set) var ints: [Int32]
    private(set) var touched: [Int32] = []
    /// Whether the last `accumulate` kept `touched` (sparse row) or left the arrays to be scanned.
    private(set) var sparse = false

    init(mode: Mode, n: Int) {
        self.mode = mode; self.n = n
        dot = mode == .binaryCount ? [] : [Float](repeating: 0, count: n)
        ints = mode == .binaryCount ? [Int32](repeating: 0, count: n) : []
        count = mode == .weightedCounted || mode == .pearson ? [Float](repeating: 0, count: n) : []
        sqA = mode == .pearson ? [Float](repeating: 0, count: n) : []
        sqB = sqA
        touched.reserveCapacity(n)
    }

    /// The mode for a matrix and similarity.
    static func mode(values: [Float], similarity: KNNSimilarity, shrinkage: Float) -> Mode {
        if similarity == .pearson { return .pearson }
        let binary = (similarity == .cosine || similarity == .jaccard) && values.allSatisfy { $0 == 1 }
        if binary { return .binaryCount }
        return shrinkage > 0 || similarity == .jaccard ? .weightedCounted : .weighted
    }

    /// What row `r` accumulated against one other row `b`.
    struct Cell {
        /// The other row.
        let row: Int
        /// Σ a_r a_b over the co-occurring columns.
        let dot: Float
        /// Number of co-occurring columns. Tracked by the modes that need it (`weightedCounted`,
        /// `pearson`; for `binaryCount` it equals `dot`); `weighted` does not track it and reports `dot`,
        /// which is fine because only Jaccard and shrinkage read it and both select a counted mode.
        let count: Float
        /// Σ a_r² and Σ a_b² over the co-occurring columns (Pearson only; 0 otherwise).
        let sqA: Float, sqB: Float
    }

    @inline(__always) private func cell(_ b: Int) -> Cell {
        switch mode {
        case .binaryCount: let c = Float(ints[b]); return Cell(row: b, dot: c, count: c, sqA: 0, sqB: 0)
        case .weighted: return Cell(row: b, dot: dot[b], count: dot[b], sqA: 0, sqB: 0)
        case .weightedCounted: return Cell(row: b, dot: dot[b], count: count[b], sqA: 0, sqB: 0)
        case .pearson: return Cell(row: b, dot: dot[b], count: count[b], sqA: sqA[b], sqB: sqB[b])
        }
    }

    /// Accumulates row `r` of `a` (`at` its transpose) against every row, excluding `r` itself.
    mutating func accumulate(row r: Int, _ a: CSRMatrix, _ at: CSRMatrix) {
        touched.removeAll(keepingCapacity: true)
        var work = 0
        for p in a.indptr[r]..<a.indptr[r + 1] { let o = Int(a.indices[p]); work += at.indptr[o + 1] - at.indptr[o] }
        sparse = work < n / 4
        let mode = self.mode, trackTouched = sparse
        a.indptr.withUnsafeBufferPointer { aPtr in a.indices.withUnsafeBufferPointer { aIdx in
        a.values.withUnsafeBufferPointer { aVal in at.indptr.withUnsafeBufferPointer { tPtr in
        at.indices.withUnsafeBufferPointer { tIdx in at.values.withUnsafeBufferPointer { tVal in
        dot.withUnsafeMutableBufferPointer { d in count.withUnsafeMutableBufferPointer { c in
        sqA.withUnsafeMutableBufferPointer { sa in sqB.withUnsafeMutableBufferPointer { sb in
        ints.withUnsafeMutableBufferPointer { iv in
            for p in aPtr[r]..<aPtr[r + 1] {
                let o = Int(aIdx[p]), va = aVal[p], lo = tPtr[o], hi = tPtr[o + 1]
                if trackTouched {
                    // Few co-occurrences: remember each first touch (a zero count marks "not yet").
                    for q in lo..<hi {
                        let b = Int(tIdx[q])
                        switch mode {
                        case .binaryCount:
                            if iv[b] == 0 { touched.append(Int32(truncatingIfNeeded: b)) }
                            iv[b] &+= 1
                        case .weighted:
                            if d[b] == 0 { touched.append(Int32(truncatingIfNeeded: b)) }
                            d[b] += va * tVal[q]
                        case .weightedCounted:
                            if c[b] == 0 { touched.append(Int32(truncatingIfNeeded: b)) }
                            c[b] += 1; d[b] += va * tVal[q]
                        case .pearson:
                            if c[b] == 0 { touched.append(Int32(truncatingIfNeeded: b)) }
                            let vb = tVal[q]
                            c[b] += 1; d[b] += va * vb; sa[b] += va * va; sb[b] += vb * vb
                        }
                    }
                } else {
                    // Dense: pure scatter-adds, read back by a scan.
                    switch mode {
                    case .binaryCount:
                        for q in lo..<hi { iv[Int(tIdx[q])] &+= 1 }
                    case .weighted:
                        for q in lo..<hi { d[Int(tIdx[q])] += va * tVal[q] }
                    case .weightedCounted:
                        for q in lo..<hi { let b = Int(tIdx[q]); c[b] += 1; d[b] += va * tVal[q] }
                    case .pearson:
                        for q in lo..<hi {
                            let b = Int(tIdx[q]), vb = tVal[q]
                            c[b] += 1; d[b] += va * vb; sa[b] += va * va; sb[b] += vb * vb
                        }
                    }
                }
            }
        }}}}}}}}}}}
    }

    /// Calls `body` with the cell of every other row `b` that shares a column with the accumulated row `r`, then
    /// clears the scratch for the next row.
    mutating func drain(row r: Int, _ body: (Cell) -> Void) {
        if sparse {
            for b32 in touched {
                let b = Int(b32)
                if b != r { body(cell(b)) }
                clear(b)
            }
        } else {
            switch mode {
            case .binaryCount: for b in 0..<n where b != r && ints[b] != 0 { body(cell(b)) }
            case .weighted: for b in 0..<n where b != r && dot[b] != 0 { body(cell(b)) }
            case .weightedCounted, .pearson: for b in 0..<n where b != r && count[b] != 0 { body(cell(b)) }
            }
            // A dense row touched most columns: zero the arrays whole.
            ints.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            dot.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            count.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            sqA.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            sqB.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
    }

    @inline(__always) private mutating func clear(_ b: Int) {
        if !ints.isEmpty { ints[b] = 0 }
        if !dot.isEmpty { dot[b] = 0 }
        if !count.isEmpty { count[b] = 0 }
        if !sqA.isEmpty { sqA[b] = 0; sqB[b] = 0 }
    }
}
