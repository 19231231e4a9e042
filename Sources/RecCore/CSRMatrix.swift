/// A compressed sparse row matrix of `Float` values: row `r`'s entries are
/// `indices[indptr[r]..<indptr[r+1]]` (column numbers, ascending) with `values` alongside.
///
/// The layout is the one scipy, implicit and h5py users know (`data`, `indices`, `indptr`, shape),
/// which is also how RecLab writes it to HDF5.
///
/// ```swift
/// let m = CSRMatrix(rows: 2, cols: 3, rowIndices: [0, 1, 1], colIndices: [2, 0, 1], values: [5, 3, 4])
/// m.row(1).indices   // [0, 1]
/// m.transposed()     // the by-column view, as CSR of the transpose
/// ```
public struct CSRMatrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let cols: Int
    /// Row pointers, `rows + 1` entries, `indptr[0] == 0`, `indptr[rows] == nnz`.
    public let indptr: [Int]
    /// Column index of each stored entry, ascending within a row.
    public let indices: [Int32]
    /// Value of each stored entry.
    public let values: [Float]

    /// Number of stored entries.
    public var nnz: Int { indices.count }

    /// Wraps already-built CSR arrays; validates their shape.
    public init(rows: Int, cols: Int, indptr: [Int], indices: [Int32], values: [Float]) {
        precondition(indptr.count == rows + 1 && indptr.first == 0 && indptr.last == indices.count,
                     "malformed CSR indptr")
        precondition(values.count == indices.count, "CSR values and indices differ in length")
        self.rows = rows; self.cols = cols; self.indptr = indptr; self.indices = indices; self.values = values
    }

    /// Builds a CSR matrix from coordinate triples by counting sort (O(nnz + rows)); columns are sorted
    /// within each row. Duplicate coordinates are summed.
    public init(rows: Int, cols: Int, rowIndices: [Int32], colIndices: [Int32], values: [Float]) {
        precondition(rowIndices.count == colIndices.count && colIndices.count == values.count)
        let n = rowIndices.count
        var counts = [Int](repeating: 0, count: rows + 1)
        for r in rowIndices { counts[Int(r) + 1] += 1 }
        for r in 0..<rows { counts[r + 1] += counts[r] }
        var next = counts
        var idx = [Int32](repeating: 0, count: n)
        var val = [Float](repeating: 0, count: n)
        for k in 0..<n {
            let r = Int(rowIndices[k])
            let p = next[r]; next[r] += 1
            idx[p] = colIndices[k]; val[p] = values[k]
        }
        // Sort each row by column and merge duplicates.
        var outPtr = [Int](repeating: 0, count: rows + 1)
        var outIdx = [Int32](); outIdx.reserveCapacity(n)
        var outVal = [Float](); outVal.reserveCapacity(n)
        var order: [Int] = []
        for r in 0..<rows {
            let lo = counts[r], hi = counts[r + 1]
            var sorted = true
            if hi - lo > 1 { for p in (lo + 1)..<hi where idx[p] <= idx[p - 1] { sorted = false; break } }
            if sorted {
                outIdx.append(contentsOf: idx[lo..<hi]); outVal.append(contentsOf: val[lo..<hi])
            } else {
                order.removeAll(keepingCapacity: true)
                order.append(contentsOf: lo..<hi)
                order.sort { idx[$0] < idx[$1] || (idx[$0] == idx[$1] && $0 < $1) }
                for p in order {
                    if outIdx.count > outPtr[r], outIdx.last == idx[p] { outVal[outVal.count - 1] += val[p] }
                    else { outIdx.append(idx[p]); outVal.append(val[p]) }
                }
            }
            outPtr[r + 1] = outIdx.count
        }
        self.init(rows: rows, cols: cols, indptr: outPtr, indices: outIdx, values: outVal)
    }

    /// An empty `rows × cols` matrix.
    public static func zeros(rows: Int, cols: Int) -> CSRMatrix {
        CSRMatrix(rows: rows, cols: cols, indptr: [Int](repeating: 0, count: rows + 1), indices: [], values: [])
    }

    /// One row's stored entries.
    @inlinable
    public func row(_ r: Int) -> (indices: ArraySlice<Int32>, values: ArraySlice<Float>) {
        let lo = indptr[r], hi = indptr[r + 1]
        return (indices[lo..<hi], values[lo..<hi])
    }

    /// Number of stored entries in row `r`.
    @inlinable public func rowCount(_ r: Int) -> Int { indptr[r + 1] - indptr[r] }

    /// Stored value at (`r`, `c`), or nil (binary search within the row).
    public func value(row r: Int, col c: Int) -> Float? {
        var lo = indptr[r], hi = indptr[r + 1]
        let target = Int32(c)
        while lo < hi {
            let mid = (lo + hi) / 2
            if indices[mid] < target { lo = mid + 1 } else { hi = mid }
        }
        return lo < indptr[r + 1] && indices[lo] == target ? values[lo] : nil
    }

    /// The transpose, as CSR (that is, this matrix in compressed sparse column form).
    public func transposed() -> CSRMatrix {
        var counts = [Int](repeating: 0, count: cols + 1)
        for c in indices { counts[Int(c) + 1] += 1 }
        for c in 0..<cols { counts[c + 1] += counts[c] }
        var next = counts
        var idx = [Int32](repeating: 0, count: nnz)
        var val = [Float](repeating: 0, count: nnz)
        for r in 0..<rows {
            for p in indptr[r]..<indptr[r + 1] {
                let c = Int(indices[p])
                let q = next[c]; next[c] += 1
                idx[q] = Int32(r); val[q] = values[p]
            }
        }
        return CSRMatrix(rows: cols, cols: rows, indptr: counts, indices: idx, values: val)
    }

    /// The largest number of stored entries in one row (0 for no rows): the size of per-row scratch.
    public var longestRow: Int {
        var longest = 0
        for r in 0..<rows { longest = max(longest, indptr[r + 1] - indptr[r]) }
        return longest
    }

    /// Number of stored entries per column.
    public func columnCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: cols)
        for c in indices { counts[Int(c)] += 1 }
        return counts
    }
}
