/// A dense row-major `Float` matrix over one contiguous buffer, the layout BLAS expects.
///
/// ```swift
/// var m = DenseMatrix(rows: 2, cols: 2)
/// m[0, 1] = 3
/// ```
public struct DenseMatrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let cols: Int
    /// Row-major storage, `rows * cols` entries.
    public var storage: [Float]

    /// A zero-filled `rows × cols` matrix.
    public init(rows: Int, cols: Int, repeating value: Float = 0) {
        self.rows = rows; self.cols = cols
        storage = [Float](repeating: value, count: rows * cols)
    }

    /// Wraps row-major storage.
    public init(rows: Int, cols: Int, storage: [Float]) {
        precondition(storage.count == rows * cols, "storage size does not match shape")
        self.rows = rows; self.cols = cols; self.storage = storage
    }

    /// Element access.
    @inlinable
    public subscript(r: Int, c: Int) -> Float {
        get { storage[r * cols + c] }
        set { storage[r * cols + c] = newValue }
    }

    /// One row, as a slice of the storage.
    @inlinable public func row(_ r: Int) -> ArraySlice<Float> { storage[(r * cols)..<((r + 1) * cols)] }
}
