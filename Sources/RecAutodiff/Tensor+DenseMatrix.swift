import RecCore

extension Tensor {
    /// The same values as a tensor (rows stay rows).
    public init(_ matrix: DenseMatrix) {
        self.init(rows: matrix.rows, cols: matrix.cols, scalars: matrix.storage)
    }
}

extension DenseMatrix {
    /// The same values as a `DenseMatrix` (for scores handed to the ranker, or HDF5 storage).
    public init(_ tensor: Tensor) {
        self.init(rows: tensor.rows, cols: tensor.cols, storage: tensor.scalars)
    }
}
