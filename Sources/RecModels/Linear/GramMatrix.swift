import RecCore

/// The dense item × item Gram matrix `G = XᵀX` of a users × items CSR matrix, through BLAS `ssyrk`
/// on dense blocks of `blockRows` users (so memory is `items² + blockRows · items` floats, never a
/// dense users × items copy). Row-major, both triangles filled.
///
/// ```swift
/// let g = GramMatrix.dense(x)   // g[i * n + j] = Σ_u x_ui x_uj
/// ```
enum GramMatrix {
    static func dense(_ x: CSRMatrix, blockRows: Int = 512) -> [Float] {
        let n = x.cols
        var g = [Float](repeating: 0, count: n * n)
        guard n > 0 else { return g }
        var block = [Float](repeating: 0, count: blockRows * n)
        g.withUnsafeMutableBufferPointer { gp in block.withUnsafeMutableBufferPointer { bp in
            for start in stride(from: 0, to: x.rows, by: blockRows) {
                let end = min(x.rows, start + blockRows)
                for u in start..<end {
                    let row = bp.baseAddress! + (u - start) * n
                    for p in x.indptr[u]..<x.indptr[u + 1] { row[Int(x.indices[p])] = x.values[p] }
                }
                BLAS.syrkTransposed(n: n, k: end - start, a: bp.baseAddress!, lda: n, beta: 1, c: gp.baseAddress!, ldc: n)
                for u in start..<end {
                    let row = bp.baseAddress! + (u - start) * n
                    for p in x.indptr[u]..<x.indptr[u + 1] { row[Int(x.indices[p])] = 0 }
                }
            }
            BLAS.symmetrizeUpper(n: n, a: gp.baseAddress!)
        }}
        return g
    }
}
