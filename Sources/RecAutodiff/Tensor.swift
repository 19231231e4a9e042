import _Differentiation

/// A batch-major, row-major 2-D `Float` tensor: RecLab's one differentiable value type.
///
/// Rows are examples (the batch), columns are features, and `scalars` holds `rows × cols` values
/// contiguously, the layout `sgemm` expects. A tensor is its own tangent vector.
///
/// `Tensor.zero` is a *shapeless* zero (0 × 0) that acts as the additive identity for tensors of any
/// shape: automatic differentiation creates it for values that received no gradient, and `+`/`-`
/// pass the other operand through unchanged, so no table-sized zero buffer is ever allocated.
///
/// ```swift
/// let x = Tensor(rows: 2, cols: 3, scalars: [1, 2, 3, 4, 5, 6])
/// let (loss, grad) = valueWithGradient(at: x) { x in sum(relu(x)) }
/// ```
public struct Tensor: Differentiable, AdditiveArithmetic, Equatable, Sendable, CustomStringConvertible {
    /// Number of rows (batch size).
    public let rows: Int
    /// Number of columns (features).
    public let cols: Int
    /// Row-major values, `rows * cols` entries (change them in place; the count must not change).
    public var scalars: [Float]

    public typealias TangentVector = Tensor

    /// Wraps row-major `scalars` as a `rows × cols` tensor.
    @inlinable
    public init(rows: Int, cols: Int, scalars: [Float]) {
        precondition(rows >= 0 && cols >= 0 && scalars.count == rows * cols,
                     "Tensor: \(scalars.count) scalars do not fill \(rows) × \(cols)")
        self.rows = rows; self.cols = cols; self.scalars = scalars
    }

    /// A `rows × cols` tensor filled with `value`.
    @inlinable
    public init(rows: Int, cols: Int, repeating value: Float = 0) {
        self.init(rows: rows, cols: cols, scalars: [Float](repeating: value, count: rows * cols))
    }

    /// A 1 × n row vector.
    public init(row: [Float]) { self.init(rows: 1, cols: row.count, scalars: row) }

    /// A n × 1 column vector (one value per example).
    public init(column: [Float]) { self.init(rows: column.count, cols: 1, scalars: column) }

    /// A tensor whose `rows × cols` values are written by `body` into uninitialised storage
    /// (every value must be written). The fast path for primitives: one allocation, no zero fill.
    @inlinable
    public init(rows: Int, cols: Int, unsafeUninitialized body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let n = rows * cols
        self.rows = rows; self.cols = cols
        scalars = [Float](unsafeUninitializedCapacity: n) { buffer, count in
            body(buffer)
            count = n
        }
    }

    /// Element access (row `r`, column `c`).
    @inlinable
    public subscript(r: Int, c: Int) -> Float {
        get { scalars[r * cols + c] }
        set { scalars[r * cols + c] = newValue }
    }

    /// Number of values.
    @inlinable public var count: Int { scalars.count }

    /// True for the shapeless zero (`Tensor.zero`) and any other empty tensor.
    @inlinable public var isEmpty: Bool { scalars.isEmpty }

    /// Whether `self` and `other` have the same shape.
    @inlinable public func hasShape(of other: Tensor) -> Bool { rows == other.rows && cols == other.cols }

    public var description: String { "Tensor(\(rows) × \(cols))" }

    // MARK: Differentiable

    /// `self += offset` (in place, through `saxpy`). A gradient-descent step is `move(by: -lr · g)`.
    public mutating func move(by offset: Tensor) { self += offset }

    // MARK: AdditiveArithmetic (the tangent-vector algebra; the same `+`/`-` are differentiable primitives)

    /// The shapeless zero: the identity of `+` for every shape.
    public static var zero: Tensor { Tensor(rows: 0, cols: 0, scalars: []) }

    /// In-place sum; a shapeless zero on either side is the identity.
    public static func += (lhs: inout Tensor, rhs: Tensor) {
        if rhs.isEmpty { return }
        if lhs.isEmpty { lhs = rhs; return }
        precondition(lhs.hasShape(of: rhs), "Tensor +=: \(lhs) vs \(rhs)")
        lhs.scalars.withUnsafeMutableBufferPointer { y in
            rhs.scalars.withUnsafeBufferPointer { x in
                for i in 0..<y.count { y[i] += x[i] }
            }
        }
    }

    /// In-place difference; a shapeless zero on either side is the identity (negating `rhs`).
    public static func -= (lhs: inout Tensor, rhs: Tensor) {
        if rhs.isEmpty { return }
        if lhs.isEmpty { lhs = Tensor(rows: rhs.rows, cols: rhs.cols, repeating: 0) }
        precondition(lhs.hasShape(of: rhs), "Tensor -=: \(lhs) vs \(rhs)")
        lhs.scalars.withUnsafeMutableBufferPointer { y in
            rhs.scalars.withUnsafeBufferPointer { x in
                for i in 0..<y.count { y[i] -= x[i] }
            }
        }
    }
}
