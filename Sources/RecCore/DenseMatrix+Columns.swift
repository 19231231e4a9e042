extension DenseMatrix {
    /// The columns `columns` of every row, in that order: `m.columns([3, 0])` is rows × 2.
    /// Scorers whose scores are normalised per user over the whole catalogue score every item and
    /// take the requested ones this way, so a subset scores exactly as the matching slice.
    public func columns(_ columns: [Int32]) -> DenseMatrix {
        var out = DenseMatrix(rows: rows, cols: columns.count)
        storage.withUnsafeBufferPointer { src in
            out.storage.withUnsafeMutableBufferPointer { dst in
                for r in 0..<rows {
                    let from = r * cols, to = r * columns.count
                    for (c, j) in columns.enumerated() { dst[to + c] = src[from + Int(j)] }
                }
            }
        }
        return out
    }
}
