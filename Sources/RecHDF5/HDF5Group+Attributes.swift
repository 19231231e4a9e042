import CHDF5

/// Attributes on a group, or on one of its members through `onDataset:` (any member path works,
/// datasets or sub-groups). Error messages name an attribute as `<object path>@<attribute>`.
///
/// ```swift
/// try g.setAttribute("name", "ml-100k")
/// try g.setAttribute("shape", [Int64(3), 4], onDataset: "scores")
/// let name: String? = try g.attribute("name")
/// ```
extension HDF5Group {
    /// Sets attribute `name` on this group, or on member `dataset` when given, replacing any
    /// attribute of that name.
    /// - Throws: `HDF5Error.missingObject` for a missing member, `invalidArgument` for strings with
    ///   NUL bytes, `cannotCreate`/`writeFailed` (for example on a read-only file).
    public func setAttribute<T: HDF5AttributeValue>(_ name: String, _ value: T, onDataset dataset: String? = nil) throws {
        let object = attributePath(name, on: dataset)
        try withTarget(dataset) { target in
            if H5Aexists(target, name) > 0, H5Adelete(target, name) < 0 {
                throw HDF5Error.cannotCreate(file: filePath, object: object, reason: hdf5ErrorMessage())
            }
            switch value._hdf5AttributePayload {
            case .integer(let v):
                try writeNumericAttribute(target, name, object, [v], scalar: true, .int64)
            case .integers(let v):
                try writeNumericAttribute(target, name, object, v, scalar: false, .int64)
            case .real(let v):
                try writeNumericAttribute(target, name, object, [v], scalar: true, .float64)
            case .reals(let v):
                try writeNumericAttribute(target, name, object, v, scalar: false, .float64)
            case .string(let v):
                try writeStringAttribute(target, name, object, [v], scalar: true)
            case .strings(let v):
                try writeStringAttribute(target, name, object, v, scalar: false)
            }
        }
    }

    /// The attribute `name` of this group (or of member `dataset`), or nil when it is not set.
    /// - Throws: `HDF5Error.missingObject` for a missing member; `typeMismatch` when the stored
    ///   attribute does not fit `T` (a string read as `Int64`, a 3-element array read as a scalar).
    public func attribute<T: HDF5AttributeValue>(_ name: String, onDataset dataset: String? = nil,
                                                 as type: T.Type = T.self) throws -> T? {
        guard let payload = try attributePayload(name, onDataset: dataset) else { return nil }
        guard let value = T(_hdf5AttributePayload: payload) else {
            throw HDF5Error.typeMismatch(file: filePath, object: attributePath(name, on: dataset),
                                         expected: String(describing: T.self), found: payload.typeDescription)
        }
        return value
    }

    /// The stored attribute `name`, whatever its kind, or nil when it is not set.
    /// - Throws: `HDF5Error.missingObject` for a missing member; `typeMismatch` for attribute types
    ///   RecHDF5 does not read (compound, enum, ...); `readFailed`.
    public func attributePayload(_ name: String, onDataset dataset: String? = nil) throws -> HDF5AttributePayload? {
        let object = attributePath(name, on: dataset)
        return try withTarget(dataset) { target -> HDF5AttributePayload? in
            guard H5Aexists(target, name) > 0 else { H5Eclear2(hid_t(H5E_DEFAULT)); return nil }
            let attribute = H5Aopen(target, name, reclab_h5p_default())
            guard attribute >= 0 else {
                throw HDF5Error.readFailed(file: filePath, object: object, reason: hdf5ErrorMessage())
            }
            defer { H5Aclose(attribute) }
            let stored = H5Aget_type(attribute), space = H5Aget_space(attribute)
            defer { H5Tclose(stored); H5Sclose(space) }
            guard let dims = dataspaceDims(space) else {
                throw HDF5Error.readFailed(file: filePath, object: object, reason: hdf5ErrorMessage())
            }
            let scalar = dims.isEmpty, count = dims.reduce(1, *)
            let failed = { HDF5Error.readFailed(file: self.filePath, object: object, reason: hdf5ErrorMessage()) }
            switch H5Tget_class(stored) {
            case H5T_INTEGER:
                var values = [Int64](repeating: 0, count: count)
                if count > 0, H5Aread(attribute, reclab_h5t_native_int64(), &values) < 0 { throw failed() }
                return scalar ? .integer(values[0]) : .integers(values)
            case H5T_FLOAT:
                var values = [Double](repeating: 0, count: count)
                if count > 0, H5Aread(attribute, reclab_h5t_native_double(), &values) < 0 { throw failed() }
                return scalar ? .real(values[0]) : .reals(values)
            case H5T_STRING:
                guard let values = HDF5Strings.read(stored: stored, space: space, count: count, { type, buffer in
                    H5Aread(attribute, type, buffer)
                }) else { throw failed() }
                return scalar ? .string(values[0]) : .strings(values)
            default:
                throw HDF5Error.typeMismatch(file: filePath, object: object, expected: "int, float or string",
                                             found: describeType(stored))
            }
        }
    }

    /// Names of the attributes of this group (or of member `dataset`), sorted by name.
    /// - Throws: `HDF5Error.missingObject` for a missing member; `readFailed`.
    public func attributeNames(onDataset dataset: String? = nil) throws -> [String] {
        try withTarget(dataset) { target in
            final class Collector { var names: [String] = [] }
            let collector = Collector()
            let status = withExtendedLifetime(collector) {
                H5Aiterate2(target, H5_INDEX_NAME, H5_ITER_INC, nil, { _, name, _, context in
                    guard let name, let context else { return -1 }
                    Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue().names.append(String(cString: name))
                    return 0
                }, Unmanaged.passUnretained(collector).toOpaque())
            }
            guard status >= 0 else {
                throw HDF5Error.readFailed(file: filePath, object: memberPath(dataset ?? ""), reason: hdf5ErrorMessage())
            }
            return collector.names
        }
    }

    // MARK: - Helpers

    /// `<object path>@<attribute>`, for error messages.
    private func attributePath(_ name: String, on dataset: String?) -> String {
        (dataset.map { memberPath($0) } ?? path) + "@" + name
    }

    /// Runs `body` under the lock with the id of this group, or of member `dataset` (opened and closed here).
    private func withTarget<Result>(_ dataset: String?, _ body: (hid_t) throws -> Result) throws -> Result {
        try withHDF5 {
            guard let dataset else { return try body(try liveID()) }
            let object = try openObject(dataset)
            defer { H5Oclose(object) }
            return try body(object)
        }
    }

    /// Creates and writes an `int64` or `float64` attribute. Call under the lock.
    private func writeNumericAttribute<T: HDF5Scalar>(_ target: hid_t, _ name: String, _ object: String,
                                                      _ values: [T], scalar: Bool, _ kind: HDF5ScalarKind) throws {
        let space = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, [hsize_t(values.count)], nil)
        defer { H5Sclose(space) }
        let attribute = H5Acreate2(target, name, kind.fileType, space, reclab_h5p_default(), reclab_h5p_default())
        guard attribute >= 0 else {
            throw HDF5Error.cannotCreate(file: filePath, object: object, reason: hdf5ErrorMessage())
        }
        defer { H5Aclose(attribute) }
        guard values.isEmpty || values.withUnsafeBytes({ H5Awrite(attribute, kind.memoryType, $0.baseAddress) }) >= 0 else {
            throw HDF5Error.writeFailed(file: filePath, object: object, reason: hdf5ErrorMessage())
        }
    }

    /// Creates and writes a variable-length UTF-8 string attribute. Call under the lock.
    private func writeStringAttribute(_ target: hid_t, _ name: String, _ object: String,
                                      _ values: [String], scalar: Bool) throws {
        let type = HDF5Strings.variableUTF8Type()
        defer { H5Tclose(type) }
        let written: Void? = try HDF5Strings.withCStringPointers(values) { pointers in
            let space = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, [hsize_t(values.count)], nil)
            defer { H5Sclose(space) }
            let attribute = H5Acreate2(target, name, type, space, reclab_h5p_default(), reclab_h5p_default())
            guard attribute >= 0 else {
                throw HDF5Error.cannotCreate(file: filePath, object: object, reason: hdf5ErrorMessage())
            }
            defer { H5Aclose(attribute) }
            guard let pointers, !values.isEmpty else { return }
            guard H5Awrite(attribute, type, pointers) >= 0 else {
                throw HDF5Error.writeFailed(file: filePath, object: object, reason: hdf5ErrorMessage())
            }
        }
        guard written != nil else {
            throw HDF5Error.invalidArgument(file: filePath, object: object, reason: "a string contains a NUL byte")
        }
    }
}
