import _Differentiation
import RecCore

/// An embedding table: `count` rows of width `dimension`, looked up by integer id.
///
/// Its tangent vector is the sparse `EmbeddingGradient`, so the backward pass of a lookup stores
/// the batch's rows only (`batch × dimension` floats) and optimisers update only those rows.
///
/// ```swift
/// var rng = SeededGenerator(seed: 3)
/// let users = Embedding(count: 943, dimension: 32, generator: &rng)
/// let u = users([0, 5, 5])            // 3 × 32
/// ```
public struct Embedding: Module, Sendable {
    /// The table, `count × dimension`, row-major.
    public var table: Tensor

    public typealias TangentVector = EmbeddingGradient

    /// Wraps an existing table.
    public init(table: Tensor) { self.table = table }

    /// A table drawn by `initializer` (default `N(0, 0.01²)`, as in NCF and most MF code).
    public init(count: Int, dimension: Int, initializer: Initializer = .normal(std: 0.01),
                generator: inout SeededGenerator) {
        table = Tensor(rows: count, cols: dimension, initializer: initializer, generator: &generator)
    }

    /// Number of rows (ids).
    public var count: Int { table.rows }
    /// Width of a row.
    public var dimension: Int { table.cols }

    /// Adds the gradient rows into the table (a plain gradient step is `move(by: -lr · g)`-like;
    /// optimisers use `ParameterVisitor` instead).
    public mutating func move(by offset: EmbeddingGradient) { table.scatterAdd(offset) }

    /// The rows for `ids`, one output row per id: `ids.count × dimension`.
    @differentiable(reverse, wrt: self)
    public func callAsFunction(_ ids: [Int32]) -> Tensor {
        let d = dimension, n = count
        return Tensor(rows: ids.count, cols: d) { out in
            table.scalars.withUnsafeBufferPointer { t in
                for (k, id) in ids.enumerated() {
                    let r = Int(id)
                    precondition(r >= 0 && r < n, "embedding id \(r) outside 0..<\(n)")
                    (out.baseAddress! + k * d).initialize(from: t.baseAddress! + r * d, count: d)
                }
            }
        }
    }

    /// The adjoint of a gather is a scatter-add: row k of the upstream gradient belongs to table
    /// row `ids[k]`. The pullback keeps the upstream buffer as is (no copy, no table-sized zeros).
    @usableFromInline @derivative(of: callAsFunction, wrt: self)
    func _vjpLookup(_ ids: [Int32]) -> (value: Tensor, pullback: (Tensor) -> EmbeddingGradient) {
        let d = dimension
        return (self(ids), { g in g.isEmpty ? .zero : EmbeddingGradient(indices: ids, values: g.scalars, dimension: d) })
    }

    public mutating func visitParameters<V: ParameterVisitor>(_ visitor: inout V, along direction: EmbeddingGradient) {
        visitor.visit(&table, rowGradient: direction)
    }
}
