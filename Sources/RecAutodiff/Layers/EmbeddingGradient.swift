import _Differentiation

/// The gradient of an embedding table as a list of rows: `values` holds one `dimension`-wide row
/// for each entry of `indices` (ids may repeat; repeated rows add up). This is `Embedding`'s tangent
/// vector, so a training step costs memory proportional to the batch (`batch × dimension`), never
/// to the table: a dense gradient for a 1M × 64 table would be 256 MB per step.
///
/// `+` concatenates the row lists (used when one table is looked up twice, as for BPR's positive and
/// negative items); optimisers sum the rows of repeated ids themselves. Equality is structural (same
/// rows in the same order), which is all automatic differentiation needs.
///
/// ```swift
/// let g = EmbeddingGradient(indices: [2, 0, 2], values: [1, 1, 2, 2, 3, 3], dimension: 2)
/// g.densified(tableRows: 3, dimension: 2)   // rows [2, 2], [0, 0], [4, 4]
/// ```
public struct EmbeddingGradient: Differentiable, AdditiveArithmetic, Equatable, Sendable {
    /// The table rows that received gradient, one per looked-up id (in batch order).
    public var indices: [Int32]
    /// Row gradients, `indices.count × dimension`, row-major.
    public var values: [Float]
    /// Embedding width (0 for the empty gradient `zero`).
    public var dimension: Int

    public typealias TangentVector = EmbeddingGradient

    /// Row gradients `values` (`indices.count × dimension`) for the table rows `indices`.
    public init(indices: [Int32], values: [Float], dimension: Int) {
        precondition(values.count == indices.count * dimension, "EmbeddingGradient: \(values.count) values for \(indices.count) rows × \(dimension)")
        self.indices = indices; self.values = values; self.dimension = dimension
    }

    /// The empty gradient (no rows).
    public static var zero: EmbeddingGradient { EmbeddingGradient(indices: [], values: [], dimension: 0) }

    /// True when no row received gradient.
    public var isEmpty: Bool { indices.isEmpty }

    /// Concatenation of both row lists.
    public static func + (a: EmbeddingGradient, b: EmbeddingGradient) -> EmbeddingGradient {
        if b.isEmpty { return a }
        if a.isEmpty { return b }
        precondition(a.dimension == b.dimension, "EmbeddingGradient +: dimensions \(a.dimension) vs \(b.dimension)")
        return EmbeddingGradient(indices: a.indices + b.indices, values: a.values + b.values, dimension: a.dimension)
    }

    /// Concatenation with `b`'s rows negated.
    public static func - (a: EmbeddingGradient, b: EmbeddingGradient) -> EmbeddingGradient {
        a + EmbeddingGradient(indices: b.indices, values: b.values.map { -$0 }, dimension: b.dimension)
    }

    public mutating func move(by offset: EmbeddingGradient) { self += offset }

    /// The dense `tableRows × dimension` gradient (for tests and small tables).
    public func densified(tableRows: Int, dimension: Int) -> Tensor {
        var out = Tensor(rows: tableRows, cols: dimension)
        out.scatterAdd(self)
        return out
    }
}

extension Tensor {
    /// Adds each gradient row into row `indices[k]` of `self` (a table): `self[id] += row`.
    mutating func scatterAdd(_ g: EmbeddingGradient, scale: Float = 1) {
        if g.isEmpty { return }
        let d = cols
        precondition(g.dimension == d, "scatterAdd: gradient width \(g.dimension) vs table \(self)")
        let n = rows
        scalars.withUnsafeMutableBufferPointer { t in
            g.values.withUnsafeBufferPointer { v in
                for (k, id) in g.indices.enumerated() {
                    let r = Int(id)
                    precondition(r >= 0 && r < n, "embedding id \(r) outside 0..<\(n)")
                    for c in 0..<d { t[r * d + c] += scale * v[k * d + c] }
                }
            }
        }
    }
}
