import RecCore
import RecData

/// Item feature vectors for list diversity: an items × features CSR matrix (for example genre
/// one-hot) with each row's Euclidean norm precomputed.
///
/// ```swift
/// let f = try ItemFeatures(column: dataset.itemAttributes["genre"]!)
/// f.cosine(0, 1)
/// ```
public struct ItemFeatures: Sendable, Equatable {
    /// Items × features.
    public let matrix: CSRMatrix
    /// ‖f_i‖ per item.
    public let norms: [Double]

    /// Wraps a feature matrix.
    public init(matrix: CSRMatrix) {
        self.matrix = matrix
        norms = (0..<matrix.rows).map { r in
            var s = 0.0
            for v in matrix.values[matrix.indptr[r]..<matrix.indptr[r + 1]] { s += Double(v) * Double(v) }
            return s.squareRoot()
        }
    }

    /// One-hot vectors from a categorical or multi-categorical attribute column (missing = zero vector).
    public init(column: AttributeColumn) throws {
        switch column {
        case let .categorical(codes, levels):
            var rows: [Int32] = [], cols: [Int32] = []
            for (i, c) in codes.enumerated() where c >= 0 { rows.append(Int32(i)); cols.append(c) }
            self.init(matrix: CSRMatrix(rows: codes.count, cols: levels.count, rowIndices: rows, colIndices: cols,
                                        values: [Float](repeating: 1, count: rows.count)))
        case let .multiCategorical(indptr, codes, levels):
            // Repeated codes within an item would be summed by the CSR builder; one-hot means 1.
            let m = CSRMatrix(rows: indptr.count - 1, cols: levels.count,
                              rowIndices: (0..<(indptr.count - 1)).flatMap { r in
                                  [Int32](repeating: Int32(r), count: indptr[r + 1] - indptr[r]) },
                              colIndices: codes, values: [Float](repeating: 1, count: codes.count))
            self.init(matrix: m.binarized())
        case .numeric:
            throw MetricError.invalidFeatures("a numeric column cannot be one-hot encoded; pass a feature matrix")
        }
    }

    /// Cosine similarity of items `a` and `b` (0 when either vector is zero).
    public func cosine(_ a: Int, _ b: Int) -> Double {
        guard norms[a] > 0, norms[b] > 0 else { return 0 }
        var p = matrix.indptr[a], q = matrix.indptr[b]
        let pe = matrix.indptr[a + 1], qe = matrix.indptr[b + 1]
        var dot = 0.0
        while p < pe && q < qe {
            let ca = matrix.indices[p], cb = matrix.indices[q]
            if ca == cb { dot += Double(matrix.values[p]) * Double(matrix.values[q]); p += 1; q += 1 }
            else if ca < cb { p += 1 } else { q += 1 }
        }
        return dot / (norms[a] * norms[b])
    }
}
