import _Differentiation
import RecCore

// Matrix products through OpenBLAS `sgemm` on the row-major buffers, with no copies or explicit
// transposes: a transpose is a flag passed to BLAS.

/// Matrix product `op(a) · op(b)`, where `op` transposes when the flag is set.
///
/// ```swift
/// let scores = matmul(users, items, transposeB: true)   // (n × d) · (m × d)ᵀ = n × m
/// ```
@differentiable(reverse)
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    let m = transposeA ? a.cols : a.rows, k = transposeA ? a.rows : a.cols
    let n = transposeB ? b.rows : b.cols
    precondition(k == (transposeB ? b.cols : b.rows), "matmul: \(a)\(transposeA ? "ᵀ" : "") · \(b)\(transposeB ? "ᵀ" : "")")
    return Tensor(rows: m, cols: n) { c in
        gemm(a, transposeA, b, transposeB, m: m, n: n, k: k, beta: 0, into: c.baseAddress!)
    }
}

/// For C = op(A)·op(B) with upstream G = dC:
/// dA = G·op(B)ᵀ (or its transpose when A was transposed), dB = op(A)ᵀ·G (or its transpose).
@usableFromInline @derivative(of: matmul)
func _vjpMatmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool)
    -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    let value = matmul(a, b, transposeA: transposeA, transposeB: transposeB)
    return (value, { g in
        if g.isEmpty { return (.zero, .zero) }
        let da = transposeA ? matmul(b, g, transposeA: transposeB, transposeB: true)   // Aᵀ gets (op(B)·Gᵀ)
                            : matmul(g, b, transposeB: !transposeB)                     // G·op(B)ᵀ
        let db = transposeB ? matmul(g, a, transposeA: true, transposeB: transposeA)    // Bᵀ gets Gᵀ·op(A)
                            : matmul(a, g, transposeA: !transposeA)                     // op(A)ᵀ·G
        return (da, db)
    })
}

/// The affine map of a dense layer, `x · w + b` with `b` (1 × n) broadcast over the rows, in one
/// `sgemm` (the bias is copied into the output rows, then `sgemm` accumulates with β = 1).
@differentiable(reverse)
public func affine(_ x: Tensor, _ w: Tensor, _ b: Tensor) -> Tensor {
    precondition(x.cols == w.rows && b.rows == 1 && b.cols == w.cols, "affine: \(x) · \(w) + \(b)")
    let m = x.rows, n = w.cols
    return Tensor(rows: m, cols: n) { c in
        b.scalars.withUnsafeBufferPointer { bp in
            for r in 0..<m { (c.baseAddress! + r * n).update(from: bp.baseAddress!, count: n) }
        }
        gemm(x, false, w, false, m: m, n: n, k: x.cols, beta: 1, into: c.baseAddress!)
    }
}

/// dx = G·wᵀ, dw = xᵀ·G, db = column sums of G.
@usableFromInline @derivative(of: affine)
func _vjpAffine(_ x: Tensor, _ w: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor, Tensor)) {
    (affine(x, w, b), { g in
        g.isEmpty ? (.zero, .zero, .zero) : (matmul(g, w, transposeB: true), matmul(x, g, transposeA: true), g.columnSums())
    })
}

/// `c ← op(a)·op(b) + beta·c` on the tensors' buffers.
@inline(__always)
func gemm(_ a: Tensor, _ ta: Bool, _ b: Tensor, _ tb: Bool, m: Int, n: Int, k: Int, beta: Float,
          into c: UnsafeMutablePointer<Float>) {
    if m == 0 || n == 0 { return }
    if k == 0 { if beta == 0 { c.initialize(repeating: 0, count: m * n) }; return }
    a.scalars.withUnsafeBufferPointer { pa in
        b.scalars.withUnsafeBufferPointer { pb in
            BLAS.gemm(transA: ta, transB: tb, m: m, n: n, k: k, a: pa.baseAddress!, lda: a.cols,
                      b: pb.baseAddress!, ldb: b.cols, beta: beta, c: c, ldc: n)
        }
    }
}
