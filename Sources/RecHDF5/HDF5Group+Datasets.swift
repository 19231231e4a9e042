import CHDF5

/// Numeric datasets: 1-D arrays, 2-D row-major matrices, and N-D buffers.
///
/// Writing replaces an existing dataset of the same name (the old bytes stay in the file as unused
/// space, as HDF5 does not reclaim it). Reading converts losslessly via HDF5 where the stored type is
/// narrower (an `int32` dataset reads as `[Int64]`, `float32` as `[Double]`) and throws
/// `HDF5Error.typeMismatch` otherwise (an `int64` dataset read as `[Int32]`); see
/// `HDF5ScalarKind.canRead` for the rules.
extension HDF5Group {
    /// Writes a 1-D dataset. See `HDF5Storage` for what `chunk` and `compression` (gzip level) do
    /// and the automatic default (chunk + shuffle + gzip 4 above 65,536 elements).
    public func write<T: HDF5Scalar>(_ name: String, _ values: [T], chunk: Int? = nil, compression: Int? = nil) throws {
        try values.withUnsafeBufferPointer { buffer in
            try write(name, buffer: buffer, shape: [values.count], chunk: chunk, compression: compression)
        }
    }

    /// Writes a 2-D dataset of `rows × cols` from row-major `values`; `chunk` counts rows.
    /// - Throws: `HDF5Error.invalidArgument` when `values.count != rows * cols`.
    public func write<T: HDF5Scalar>(_ name: String, values: [T], rows: Int, cols: Int,
                                     chunk: Int? = nil, compression: Int? = nil) throws {
        try values.withUnsafeBufferPointer { buffer in
            try write(name, buffer: buffer, shape: [rows, cols], chunk: chunk, compression: compression)
        }
    }

    /// Writes a dataset of any rank from a row-major buffer, handing the pointer straight to `H5Dwrite`
    /// (no per-element work, so a 10M-element array costs one copy into HDF5's I/O path).
    /// - Throws: `HDF5Error.invalidArgument` when the buffer does not fill `shape`;
    ///   `cannotCreate` when the name is taken by a group or the file is read-only; `writeFailed`.
    public func write<T: HDF5Scalar>(_ name: String, buffer: UnsafeBufferPointer<T>, shape: [Int],
                                     chunk: Int? = nil, compression: Int? = nil) throws {
        let object = memberPath(name)
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == buffer.count else {
            throw HDF5Error.invalidArgument(file: filePath, object: object,
                                            reason: "\(buffer.count) values do not fill shape \(shape)")
        }
        let storage: HDF5Storage
        do { storage = try HDF5Storage.plan(dims: shape, chunk: chunk, compression: compression) }
        catch { throw HDF5Error.invalidArgument(file: filePath, object: object, reason: error.reason) }
        try withHDF5 {
            let dataset = try createDataset(name, fileType: T.hdf5Kind.fileType, shape: shape, storage: storage)
            defer { H5Dclose(dataset) }
            guard buffer.count > 0, let base = buffer.baseAddress else { return }
            guard H5Dwrite(dataset, T.hdf5Kind.memoryType, reclab_h5s_all(), reclab_h5s_all(),
                           reclab_h5p_default(), base) >= 0 else {
                throw HDF5Error.writeFailed(file: filePath, object: object, reason: hdf5ErrorMessage())
            }
        }
    }

    /// Reads a whole dataset as a flat array (row-major for 2-D and higher ranks).
    /// - Throws: `HDF5Error.missingObject`, `typeMismatch`, `readFailed`.
    public func read<T: HDF5Scalar>(_ name: String, as type: T.Type = T.self) throws -> [T] {
        try readWithShape(name, as: type).values
    }

    /// Reads a 2-D dataset as row-major values with its row and column counts.
    /// - Throws: `HDF5Error.shapeMismatch` when the dataset is not 2-D, and as `read`.
    public func read2D<T: HDF5Scalar>(_ name: String, as type: T.Type = T.self) throws -> ([T], Int, Int) {
        let (values, dims) = try readWithShape(name, as: type)
        guard dims.count == 2 else {
            throw HDF5Error.shapeMismatch(file: filePath, object: memberPath(name), expected: "2-D", found: "\(dims)")
        }
        return (values, dims[0], dims[1])
    }

    /// Reads a whole dataset with its dimensions.
    /// - Throws: `HDF5Error.missingObject`, `typeMismatch`, `readFailed`.
    public func readWithShape<T: HDF5Scalar>(_ name: String, as type: T.Type = T.self) throws -> (values: [T], shape: [Int]) {
        let object = memberPath(name)
        return try withHDF5 {
            let dataset = try openDataset(name)
            defer { H5Dclose(dataset) }
            let stored = H5Dget_type(dataset)
            defer { H5Tclose(stored) }
            guard T.hdf5Kind.canRead(stored: stored) else {
                throw HDF5Error.typeMismatch(file: filePath, object: object,
                                             expected: T.hdf5Kind.rawValue, found: describeType(stored))
            }
            let space = H5Dget_space(dataset)
            defer { H5Sclose(space) }
            guard let dims = dataspaceDims(space) else {
                throw HDF5Error.readFailed(file: filePath, object: object, reason: hdf5ErrorMessage())
            }
            let count = dims.reduce(1, *)
            guard count > 0 else { return ([], dims) }
            let values = try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                guard H5Dread(dataset, T.hdf5Kind.memoryType, reclab_h5s_all(), reclab_h5s_all(),
                              reclab_h5p_default(), buffer.baseAddress) >= 0 else {
                    throw HDF5Error.readFailed(file: filePath, object: object, reason: hdf5ErrorMessage())
                }
                initialized = count
            }
            return (values, dims)
        }
    }

    /// Creates dataset `name` (replacing an existing dataset, creating missing parent groups) with the
    /// given on-disk type, shape and layout; the caller closes it with `H5Dclose`. Call under the lock.
    func createDataset(_ name: String, fileType: hid_t, shape: [Int], storage: HDF5Storage) throws -> hid_t {
        let parent = try liveID()
        let object = memberPath(name)
        if linkExists(in: parent, path: name) {
            let existing = try openObject(name)
            let isDataset = H5Iget_type(existing) == H5I_DATASET
            H5Oclose(existing)
            guard isDataset else {
                throw HDF5Error.cannotCreate(file: filePath, object: object, reason: "a group of that name exists")
            }
            guard H5Ldelete(parent, name, reclab_h5p_default()) >= 0 else {
                throw HDF5Error.cannotCreate(file: filePath, object: object, reason: hdf5ErrorMessage())
            }
        }
        let dims = shape.map { hsize_t($0) }
        let space = H5Screate_simple(Int32(dims.count), dims, nil)
        guard space >= 0 else {
            throw HDF5Error.cannotCreate(file: filePath, object: object, reason: hdf5ErrorMessage())
        }
        defer { H5Sclose(space) }
        let lcpl = H5Pcreate(reclab_h5p_link_create())
        defer { H5Pclose(lcpl) }
        H5Pset_create_intermediate_group(lcpl, 1)
        let dcpl = H5Pcreate(reclab_h5p_dataset_create())
        defer { H5Pclose(dcpl) }
        if let chunkDims = storage.chunkDims {
            let chunk = chunkDims.map { hsize_t($0) }
            var ok = H5Pset_chunk(dcpl, Int32(chunk.count), chunk) >= 0
            if storage.gzipLevel > 0 {
                ok = ok && H5Pset_shuffle(dcpl) >= 0 && H5Pset_deflate(dcpl, UInt32(storage.gzipLevel)) >= 0
            }
            guard ok else { throw HDF5Error.cannotCreate(file: filePath, object: object, reason: hdf5ErrorMessage()) }
        }
        let dataset = H5Dcreate2(parent, name, fileType, space, lcpl, dcpl, reclab_h5p_default())
        guard dataset >= 0 else {
            throw HDF5Error.cannotCreate(file: filePath, object: object, reason: hdf5ErrorMessage())
        }
        return dataset
    }
}
