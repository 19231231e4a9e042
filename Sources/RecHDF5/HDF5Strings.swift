import CHDF5

/// String storage shared by string datasets and string attributes.
///
/// RecLab writes strings as variable-length UTF-8 (`H5T_C_S1`, size `H5T_VARIABLE`, cset UTF-8), the
/// type h5py itself uses for `str` data: h5py 3 returns such a dataset's elements as `bytes` (use
/// `ds.asstr()[:]` for `str`) and attributes as `str`. Reading also accepts fixed-length strings
/// (numpy `S` arrays written by h5py), cutting each at its first NUL and trimming space padding.
/// Strings with embedded NUL bytes cannot be stored (C strings end at NUL) and are rejected.
enum HDF5Strings {
    /// A new variable-length UTF-8 string type; the caller closes it. Call under the lock.
    static func variableUTF8Type() -> hid_t {
        let type = H5Tcopy(reclab_h5t_c_s1())
        H5Tset_size(type, reclab_h5t_variable())
        H5Tset_cset(type, H5T_CSET_UTF8)
        return type
    }

    /// Packs `strings` into one NUL-separated UTF-8 buffer and passes `body` one C pointer per string,
    /// the memory layout `H5Dwrite`/`H5Awrite` expect for variable-length strings.
    /// Returns nil (without calling `body`) if some string contains a NUL byte.
    static func withCStringPointers<Result>(_ strings: [String],
                                            _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> Result) rethrows -> Result? {
        var bytes: [CChar] = []
        bytes.reserveCapacity(strings.reduce(0) { $0 + $1.utf8.count + 1 })
        var offsets: [Int] = []
        offsets.reserveCapacity(strings.count)
        for string in strings {
            offsets.append(bytes.count)
            for byte in string.utf8 {
                if byte == 0 { return nil }
                bytes.append(CChar(bitPattern: byte))
            }
            bytes.append(0)
        }
        return try bytes.withUnsafeBufferPointer { storage in
            let base = storage.baseAddress
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in base.map { $0 + offset } }
            return try pointers.withUnsafeBufferPointer { try body($0.baseAddress) }
        }
    }

    /// Reads `count` string elements stored with type `stored` over `space`, through `read(memoryType,
    /// buffer)` (an `H5Dread` or `H5Aread`); nil if the read fails. Call under the lock.
    static func read(stored: hid_t, space: hid_t, count: Int,
                     _ read: (hid_t, UnsafeMutableRawPointer) -> herr_t) -> [String]? {
        guard count > 0 else { return [] }
        if H5Tis_variable_str(stored) > 0 {
            let memoryType = H5Tcopy(reclab_h5t_c_s1())
            defer { H5Tclose(memoryType) }
            H5Tset_size(memoryType, reclab_h5t_variable())
            H5Tset_cset(memoryType, H5Tget_cset(stored))
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            return pointers.withUnsafeMutableBufferPointer { buffer -> [String]? in
                guard let base = buffer.baseAddress, read(memoryType, base) >= 0 else { return nil }
                let strings = buffer.map { $0.map { String(cString: $0) } ?? "" }
                H5Dvlen_reclaim(memoryType, space, reclab_h5p_default(), base)
                return strings
            }
        }
        let width = H5Tget_size(stored)
        guard width > 0 else { return nil }
        let memoryType = H5Tcopy(stored)
        defer { H5Tclose(memoryType) }
        let trimSpaces = H5Tget_strpad(stored) == H5T_STR_SPACEPAD
        var bytes = [UInt8](repeating: 0, count: count * width)
        let ok = bytes.withUnsafeMutableBytes { read(memoryType, $0.baseAddress!) >= 0 }
        guard ok else { return nil }
        return (0..<count).map { index in
            var element = bytes[(index * width)..<((index + 1) * width)]
            if let end = element.firstIndex(of: 0) { element = element[..<end] }
            if trimSpaces { while element.last == 0x20 { element = element.dropLast() } }
            return String(decoding: element, as: UTF8.self)
        }
    }
}

/// String datasets.
extension HDF5Group {
    /// Writes a 1-D dataset of variable-length UTF-8 strings (empty strings and any Unicode are fine).
    /// Replaces an existing dataset of that name. Always contiguous: the string bytes live in HDF5's
    /// global heap, where dataset filters would not compress them.
    /// - Throws: `HDF5Error.invalidArgument` if a string contains a NUL byte; `cannotCreate`; `writeFailed`.
    public func writeStrings(_ name: String, _ strings: [String]) throws {
        let object = memberPath(name)
        try withHDF5 {
            let type = HDF5Strings.variableUTF8Type()
            defer { H5Tclose(type) }
            let written: Void? = try HDF5Strings.withCStringPointers(strings) { pointers in
                let dataset = try createDataset(name, fileType: type, shape: [strings.count],
                                                storage: HDF5Storage(chunkDims: nil, gzipLevel: 0))
                defer { H5Dclose(dataset) }
                guard let pointers, !strings.isEmpty else { return }
                guard H5Dwrite(dataset, type, reclab_h5s_all(), reclab_h5s_all(), reclab_h5p_default(), pointers) >= 0 else {
                    throw HDF5Error.writeFailed(file: filePath, object: object, reason: hdf5ErrorMessage())
                }
            }
            guard written != nil else {
                throw HDF5Error.invalidArgument(file: filePath, object: object, reason: "a string contains a NUL byte")
            }
        }
    }

    /// Reads a string dataset (variable-length or fixed-length, ASCII or UTF-8), flattened row-major.
    /// - Throws: `HDF5Error.missingObject`, `typeMismatch` for a numeric dataset, `readFailed`.
    public func readStrings(_ name: String) throws -> [String] {
        let object = memberPath(name)
        return try withHDF5 {
            let dataset = try openDataset(name)
            defer { H5Dclose(dataset) }
            let stored = H5Dget_type(dataset)
            defer { H5Tclose(stored) }
            guard H5Tget_class(stored) == H5T_STRING else {
                throw HDF5Error.typeMismatch(file: filePath, object: object, expected: "string", found: describeType(stored))
            }
            let space = H5Dget_space(dataset)
            defer { H5Sclose(space) }
            guard let dims = dataspaceDims(space),
                  let strings = HDF5Strings.read(stored: stored, space: space, count: dims.reduce(1, *), { type, buffer in
                      H5Dread(dataset, type, reclab_h5s_all(), reclab_h5s_all(), reclab_h5p_default(), buffer)
                  }) else {
                throw HDF5Error.readFailed(file: filePath, object: object, reason: hdf5ErrorMessage())
            }
            return strings
        }
    }
}
