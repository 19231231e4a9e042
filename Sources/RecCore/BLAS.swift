import CBLAS

/// Thin, typed wrappers over the OpenBLAS cblas and LAPACKE routines RecLab uses. This is the only
/// place that calls `CBLAS`; everything above works on `[Float]` and `DenseMatrix`.
public enum BLAS {
    /// Caps OpenBLAS's own thread pool, so that BLAS threads × trial threads stay within the core budget.
    public static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(max(1, n))) }

    /// OpenBLAS build configuration string (for run manifests).
    public static var configuration: String { String(cString: openblas_get_config()) }

    /// `C ← alpha · op(A) · op(B) + beta · C` on row-major buffers (`sgemm`).
    public static func gemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                            alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                            b: UnsafePointer<Float>, ldb: Int,
                            beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Dense matrix product `A · B` (or with transposes).
    public static func matmul(_ a: DenseMatrix, _ b: DenseMatrix, transA: Bool = false, transB: Bool = false) -> DenseMatrix {
        let m = transA ? a.cols : a.rows, k = transA ? a.rows : a.cols
        let n = transB ? b.rows : b.cols
        precondition(k == (transB ? b.cols : b.rows), "matmul shape mismatch")
        var c = DenseMatrix(rows: m, cols: n)
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    gemm(transA: transA, transB: transB, m: m, n: n, k: k, a: pa.baseAddress!, lda: a.cols,
                         b: pb.baseAddress!, ldb: b.cols, c: pc.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }

    /// `y ← alpha · op(A) · x + beta · y` (`sgemv`), row-major.
    public static func gemv(trans: Bool = false, m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                            x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>) {
        cblas_sgemv(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(lda),
                    x, 1, beta, y, 1)
    }

    /// Dot product of two equal-length vectors (`sdot`).
    public static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        cblas_sdot(Int32(count), x, 1, y, 1)
    }

    /// `y ← alpha · x + y` (`saxpy`).
    public static func axpy(count: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        cblas_saxpy(Int32(count), alpha, x, 1, y, 1)
    }

    /// Solves `A X = B` for symmetric positive-definite `A` (n × n, row-major, overwritten by its
    /// Cholesky factor) and `B` (n × nrhs, overwritten by X) with LAPACKE `sposv`.
    /// Returns LAPACK's `info` (0 on success, > 0 if A is not positive definite).
    @discardableResult
    public static func solvePositiveDefinite(n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>,
                                             b: UnsafeMutablePointer<Float>) -> Int {
        Int(LAPACKE_sposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), Int32(n), Int32(nrhs), a, Int32(n), b, Int32(nrhs)))
    }

    /// Symmetric rank-k update `C ← alpha · AᵀA + beta · C` (`ssyrk`, row-major, `A` is k × n, `C` is
    /// n × n). Only the upper triangle of `C` is written; call `symmetrizeUpper` for the full matrix.
    public static func syrkTransposed(n: Int, k: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                                      beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(n), Int32(k), alpha, a, Int32(lda), beta, c, Int32(ldc))
    }

    /// Copies the upper triangle of the n × n row-major matrix `a` into its lower triangle.
    public static func symmetrizeUpper(n: Int, a: UnsafeMutablePointer<Float>) {
        for r in 0..<n { for c in 0..<r { a[r * n + c] = a[c * n + r] } }
    }

    /// Cholesky factorisation `A = UᵀU` of a symmetric positive-definite n × n row-major matrix (upper
    /// triangle used and overwritten) with LAPACKE `spotrf`. Returns LAPACK's `info`.
    @discardableResult
    public static func choleskyFactor(n: Int, a: UnsafeMutablePointer<Float>) -> Int {
        Int(LAPACKE_spotrf(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), Int32(n), a, Int32(n)))
    }

    /// Inverse of a symmetric positive-definite matrix from its `choleskyFactor` (LAPACKE `spotri`);
    /// only the upper triangle of the result is written. Returns LAPACK's `info`.
    @discardableResult
    public static func choleskyInverse(n: Int, a: UnsafeMutablePointer<Float>) -> Int {
        Int(LAPACKE_spotri(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), Int32(n), a, Int32(n)))
    }

    /// Solves `A x = b` for one right-hand side, `A` symmetric positive-definite n × n with its upper
    /// triangle (row-major) filled; `A` is overwritten by its Cholesky factor and `b` by `x`. Calls
    /// LAPACK in column-major order on the lower triangle — the same memory — so LAPACKE neither
    /// allocates nor transposes, which matters for the many small solves of ALS.
    @discardableResult
    public static func solvePositiveDefiniteVector(n: Int, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>) -> Int {
        Int(LAPACKE_sposv(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), 1, a, Int32(n), b, Int32(n)))
    }
}
