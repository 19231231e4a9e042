/// Building CSR matrices from per-row lists, and their 0/1 pattern.
extension CSRMatrix {
    /// A `rows × cols` matrix whose row `r` holds `lists[r]` as (column, value) pairs, which must be
    /// in ascending column order without repeats (as a top-k list sorted by column is).
    ///
    /// ```swift
    /// let m = CSRMatrix(cols: 3, rowLists: [[(0, 1.5), (2, 0.5)], []])   // 2 × 3
    /// ```
    public init(cols: Int, rowLists lists: [[(Int32, Float)]]) {
        var indptr = [Int](repeating: 0, count: lists.count + 1)
        var indices: [Int32] = [], values: [Float] = []
        let nnz = lists.reduce(0) { $0 + $1.count }
        indices.reserveCapacity(nnz); values.reserveCapacity(nnz)
        for (r, list) in lists.enumerated() {
            for (c, v) in list { indices.append(c); values.append(v) }
            indptr[r + 1] = indices.count
        }
        self.init(rows: lists.count, cols: cols, indptr: indptr, indices: indices, values: values)
    }

    /// The same pattern with every stored value 1 (implicit feedback from ratings).
    public func binarized() -> CSRMatrix {
        CSRMatrix(rows: rows, cols: cols, indptr: indptr, indices: indices, values: [Float](repeating: 1, count: nnz))
    }
}
