extension Tensor {
    /// The rows `ids` of this tensor, in order (repeats allowed): builds a batch of constant
    /// inputs, such as profile features, from a per-user or per-item feature table. Not
    /// differentiable; for trainable rows use `Embedding`.
    ///
    /// ```swift
    /// let profile = userFeatures.gatheringRows(batch.users)   // batch × featureCount
    /// ```
    public func gatheringRows(_ ids: [Int32]) -> Tensor {
        let d = cols, n = rows
        return Tensor(rows: ids.count, cols: d) { out in
            scalars.withUnsafeBufferPointer { t in
                for (k, id) in ids.enumerated() {
                    let r = Int(id)
                    precondition(r >= 0 && r < n, "row \(r) outside 0..<\(n)")
                    (out.baseAddress! + k * d).initialize(from: t.baseAddress! + r * d, count: d)
                }
            }
        }
    }

    /// Rows `range` as a new tensor (a contiguous copy): batches and data-parallel shards.
    public func slicingRows(_ range: Range<Int>) -> Tensor {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "rows \(range) outside 0..<\(rows)")
        return Tensor(rows: range.count, cols: cols, scalars: Array(scalars[(range.lowerBound * cols)..<(range.upperBound * cols)]))
    }
}
