import CBLAS

extension BLAS {
    /// The current size of OpenBLAS's thread pool (so a caller can set it for a block of work and
    /// restore it afterwards, as RecAutodiff's benchmark does).
    public static var threads: Int { Int(openblas_get_num_threads()) }
}
