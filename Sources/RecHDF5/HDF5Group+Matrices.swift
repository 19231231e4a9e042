import RecCore

/// RecCore's matrices in the layouts Python users know.
///
/// A `CSRMatrix` becomes a group in scipy's CSR layout (what implicit and the RecLab cache use):
/// `indptr` int64[rows + 1], `indices` int32[nnz], `data` float32[nnz], and `Int64` attributes `rows`
/// and `cols`. In Python:
/// `sp.csr_matrix((g["data"][:], g["indices"][:], g["indptr"][:]), shape=(g.attrs["rows"], g.attrs["cols"]))`.
/// A `DenseMatrix` becomes a 2-D float32 dataset.
extension HDF5Group {
    /// Writes `csr` as the group `name` (created, or reused with its datasets replaced).
    /// `compression` applies to the three arrays as in `write(_:_:chunk:compression:)`.
    @discardableResult
    public func write(_ name: String, csr: CSRMatrix, compression: Int? = nil) throws -> HDF5Group {
        let group = try openOrCreateGroup(name)
        try group.write("indptr", csr.indptr.map { Int64($0) }, compression: compression)
        try group.write("indices", csr.indices, compression: compression)
        try group.write("data", csr.values, compression: compression)
        try group.setAttribute("rows", Int64(csr.rows))
        try group.setAttribute("cols", Int64(csr.cols))
        return group
    }

    /// Reads a CSR group written by `write(_:csr:)` (or by scipy/h5py in the same layout; `indptr` may
    /// be int32 or int64, `data` float32), checking its structure instead of trusting the file.
    /// - Throws: `HDF5Error.missingObject` for a missing array or attribute; `shapeMismatch` when
    ///   `indptr` is not a valid row-pointer array for `rows` and `nnz`, or a column index is out of range.
    public func readCSRMatrix(_ name: String) throws -> CSRMatrix {
        let group = try openGroup(name)
        guard let rows: Int = try group.attribute("rows") else {
            throw HDF5Error.missingObject(file: filePath, object: group.path + "@rows")
        }
        guard let cols: Int = try group.attribute("cols") else {
            throw HDF5Error.missingObject(file: filePath, object: group.path + "@cols")
        }
        let indptr = try group.read("indptr", as: Int64.self).map { Int($0) }
        let indices = try group.read("indices", as: Int32.self)
        let values = try group.read("data", as: Float.self)
        let malformed = { (what: String) in
            HDF5Error.shapeMismatch(file: self.filePath, object: group.path,
                                    expected: "a \(rows) × \(cols) CSR matrix", found: what)
        }
        guard rows >= 0, cols >= 0, indptr.count == rows + 1, indptr.first == 0 else {
            throw malformed("indptr of \(indptr.count) entries starting at \(indptr.first.map(String.init) ?? "nothing")")
        }
        guard indptr.last == indices.count, values.count == indices.count else {
            throw malformed("indptr ending at \(indptr.last ?? 0), \(indices.count) indices, \(values.count) values")
        }
        for r in 0..<rows where indptr[r + 1] < indptr[r] { throw malformed("indptr decreasing at row \(r)") }
        if let bad = indices.first(where: { $0 < 0 || Int($0) >= cols }) { throw malformed("column index \(bad)") }
        return CSRMatrix(rows: rows, cols: cols, indptr: indptr, indices: indices, values: values)
    }

    /// Writes `matrix` as a 2-D float32 dataset; `chunk` counts rows.
    public func write(_ name: String, matrix: DenseMatrix, chunk: Int? = nil, compression: Int? = nil) throws {
        try write(name, values: matrix.storage, rows: matrix.rows, cols: matrix.cols, chunk: chunk, compression: compression)
    }

    /// Reads a 2-D numeric dataset (float32, or narrower types HDF5 converts losslessly) as a `DenseMatrix`.
    /// - Throws: `HDF5Error.shapeMismatch` when the dataset is not 2-D, and as `read2D`.
    public func readDenseMatrix(_ name: String) throws -> DenseMatrix {
        let (values, rows, cols) = try read2D(name, as: Float.self)
        return DenseMatrix(rows: rows, cols: cols, storage: values)
    }
}
