import _Differentiation
import RecCore

/// A constant sparse matrix for `sparseMatmul`: the CSR matrix and its transpose, built once, so the
/// forward product and its derivative are both row-parallel gathers over CSR with no scattered writes.
///
/// ```swift
/// let graph = SparseOperand(symmetric: normalisedAdjacency)   // Âᵀ = Â: the transpose is shared
/// let picks = SparseOperand(selecting: batchUsers, from: rowCount)
/// ```
public struct SparseOperand: Sendable {
    /// The matrix A.
    public let matrix: CSRMatrix
    /// Aᵀ, for the derivative.
    public let transposed: CSRMatrix

    /// A and its transpose (computed here).
    public init(_ matrix: CSRMatrix) { self.matrix = matrix; transposed = matrix.transposed() }

    /// A symmetric A, which is its own transpose.
    public init(symmetric matrix: CSRMatrix) {
        precondition(matrix.rows == matrix.cols, "SparseOperand: a symmetric matrix is square, not \(matrix.rows) × \(matrix.cols)")
        self.matrix = matrix; transposed = matrix
    }

    /// The `ids.count × count` 0/1 matrix whose row k selects row `ids[k]`: `sparseMatmul(S, E)` gathers
    /// rows of E differentiably, and its derivative scatters the gradient rows back (repeated ids add up).
    public init(selecting ids: [Int32], from count: Int) {
        self.init(CSRMatrix(rows: ids.count, cols: count, indptr: Array(0...ids.count), indices: ids,
                            values: [Float](repeating: 1, count: ids.count)))
    }
}

/// Sparse × dense product `A · B` (A: a constant `SparseOperand`, B: `A.cols × d`), each output row
/// `Σ_p a_rp · B[p, :]` over the stored entries of A's row r; rows split across
/// `Parallelism.maxThreads` when A is large. LightGCN's propagation `E ← Â E` (He et al., SIGIR 2020)
/// and a differentiable row gather are this product.
@differentiable(reverse, wrt: b)
public func sparseMatmul(_ a: SparseOperand, _ b: Tensor) -> Tensor {
    sparseProduct(a.matrix, b)
}

/// dB = Aᵀ · G: the same kernel over the stored transpose.
@usableFromInline @derivative(of: sparseMatmul, wrt: b)
func _vjpSparseMatmul(_ a: SparseOperand, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    (sparseProduct(a.matrix, b), { g in g.isEmpty ? .zero : sparseProduct(a.transposed, g) })
}

/// `A · B` for CSR A and row-major B.
func sparseProduct(_ a: CSRMatrix, _ b: Tensor) -> Tensor {
    precondition(a.cols == b.rows, "sparseMatmul: \(a.rows) × \(a.cols) sparse · \(b)")
    let d = b.cols, rows = a.rows
    var out = Tensor(rows: rows, cols: d, repeating: 0)
    if d == 0 || a.nnz == 0 { return out }
    out.scalars.withUnsafeMutableBufferPointer { o in
        a.indptr.withUnsafeBufferPointer { ip in
            a.indices.withUnsafeBufferPointer { ix in
                a.values.withUnsafeBufferPointer { vs in
                    b.scalars.withUnsafeBufferPointer { bs in
                        let out = SharedPointer(o), indptr = SharedReadOnlyPointer(ip), indices = SharedReadOnlyPointer(ix)
                        let values = SharedReadOnlyPointer(vs), dense = SharedReadOnlyPointer(bs)
                        // Below ~64k multiply-adds a second thread costs more than it saves.
                        let threads = a.nnz * d >= 65_536 ? Parallelism.maxThreads : 1
                        Parallelism.forEachChunk(count: rows, threads: threads, minChunk: 64) { range in
                            for r in range {
                                let dst = out.base + r * d
                                for p in indptr[r]..<indptr[r + 1] {
                                    let v = values[p], src = dense.base + Int(indices[p]) * d
                                    for c in 0..<d { dst[c] += v * src[c] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    return out
}
