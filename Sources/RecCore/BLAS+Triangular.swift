import CBLAS

/// Cholesky factorisation and triangular solves for the many small systems of Gibbs samplers
/// (`bayesian_mf`), in the layout that makes LAPACKE neither allocate nor transpose.
extension BLAS {
    /// Cholesky factorisation in place of the symmetric positive-definite n × n matrix whose upper
    /// triangle (row-major) is filled: LAPACK factors the same memory as column-major lower, `A = L Lᵀ`,
    /// so afterwards the row-major upper triangle holds `Lᵀ`. Returns LAPACK's `info` (0 on success).
    @discardableResult
    public static func choleskyFactorUpperInPlace(n: Int, a: UnsafeMutablePointer<Float>) -> Int {
        Int(LAPACKE_spotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), a, Int32(n)))
    }

    /// Solves `U x = b` (or `Uᵀ x = b` when `transposed`) in place of `x`, with `U` the upper triangle of
    /// the row-major n × n matrix `a` (`strsv`). After `choleskyFactorUpperInPlace`, `U = Lᵀ`: the
    /// transposed solve applies `L⁻¹` and the plain one `L⁻ᵀ`.
    public static func solveUpperTriangular(n: Int, a: UnsafePointer<Float>, x: UnsafeMutablePointer<Float>, transposed: Bool = false) {
        cblas_strsv(CblasRowMajor, CblasUpper, transposed ? CblasTrans : CblasNoTrans, CblasNonUnit, Int32(n), a, Int32(n), x, 1)
    }
}
