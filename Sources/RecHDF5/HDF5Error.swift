/// Everything that can go wrong in RecHDF5, each case naming the file and, where there is one, the
/// object path inside it (`/interactions/users`, `/interactions@rows` for an attribute).
///
/// `reason` strings carry libhdf5's own innermost error message (for example
/// `truncated file: eof = 1024, sblock->base_addr = 0, stored_eof = 2048`), since the library's
/// printed error stack is switched off.
///
/// ```swift
/// do { _ = try HDF5File.open(path: "broken.h5") }
/// catch let error as HDF5Error { print(error) }   // cannot open HDF5 file broken.h5: file signature not found
/// ```
public enum HDF5Error: Error, CustomStringConvertible, Equatable, Sendable {
    /// A file, group, dataset or attribute could not be created (the path exists already, the
    /// directory is missing, the file is open read-only, ...).
    case cannotCreate(file: String, object: String, reason: String)
    /// A file could not be opened: it does not exist, is not HDF5, or is truncated or corrupt.
    case cannotOpen(file: String, reason: String)
    /// No group, dataset or attribute of that name exists.
    case missingObject(file: String, object: String)
    /// The stored element type (or object kind) differs from the requested one and no lossless
    /// conversion exists, e.g. reading `Int32` from an `int64` dataset.
    case typeMismatch(file: String, object: String, expected: String, found: String)
    /// The stored dataspace has another rank or size than requested, e.g. `read2D` on a 1-D dataset.
    case shapeMismatch(file: String, object: String, expected: String, found: String)
    /// The caller passed something HDF5 cannot store as asked (values that do not fill `rows × cols`,
    /// a gzip level outside 0...9, a chunk of size 0, a string with an embedded NUL byte).
    case invalidArgument(file: String, object: String, reason: String)
    /// Writing data into a created object failed.
    case writeFailed(file: String, object: String, reason: String)
    /// Reading an existing object failed (for example, its raw data lies beyond a truncated end of file).
    case readFailed(file: String, object: String, reason: String)
    /// The file or group was used after `close()`.
    case closed(file: String)

    /// One line, naming the file and object.
    public var description: String {
        switch self {
        case let .cannotCreate(file, object, reason):
            return "cannot create \(object) in HDF5 file \(file): \(reason)"
        case let .cannotOpen(file, reason):
            return "cannot open HDF5 file \(file): \(reason)"
        case let .missingObject(file, object):
            return "HDF5 file \(file) has no object \(object)"
        case let .typeMismatch(file, object, expected, found):
            return "\(object) in HDF5 file \(file) holds \(found), not \(expected)"
        case let .shapeMismatch(file, object, expected, found):
            return "\(object) in HDF5 file \(file) has shape \(found), expected \(expected)"
        case let .invalidArgument(file, object, reason):
            return "cannot write \(object) in HDF5 file \(file): \(reason)"
        case let .writeFailed(file, object, reason):
            return "writing \(object) to HDF5 file \(file) failed: \(reason)"
        case let .readFailed(file, object, reason):
            return "reading \(object) from HDF5 file \(file) failed: \(reason)"
        case let .closed(file):
            return "HDF5 file \(file) was used after it was closed"
        }
    }
}
