import CHDF5

/// An open HDF5 file, with its root group.
///
/// ```swift
/// let file = try HDF5File.create(path: "/tmp/x.h5")          // truncates an existing file
/// try file.root.createGroup("interactions").write("user", [Int32](0..<943))
/// file.close()
/// let again = try HDF5File.open(path: "/tmp/x.h5")           // read-only by default
/// let users: [Int32] = try again.root.openGroup("interactions").read("user")
/// ```
///
/// `close()` flushes and releases the file; `deinit` does the same. libhdf5 keeps the file itself open
/// until the last group handle obtained from it is released too (its default "weak" close degree), so
/// groups stay usable after `close()`; data is on disk once `close()` returns.
///
/// Safe to share between threads: every access to `id` and every libhdf5 call happens under the
/// module's process-wide lock (see `withHDF5`), hence `@unchecked Sendable`.
public final class HDF5File: @unchecked Sendable {
    /// The path the file was created or opened with.
    public let path: String
    /// Whether the file was opened without write access.
    public let isReadOnly: Bool
    /// The root group `/`.
    public let root: HDF5Group
    /// The libhdf5 file id, or -1 once closed. Guarded by the HDF5 lock.
    private var id: hid_t

    private init(id: hid_t, root: HDF5Group, path: String, readOnly: Bool) {
        self.id = id; self.root = root; self.path = path; self.isReadOnly = readOnly
    }

    /// Creates a new file at `path`, replacing any existing file there (`H5Fcreate` with `H5F_ACC_TRUNC`).
    /// - Throws: `HDF5Error.cannotCreate` when the directory is missing, not writable, or the file is
    ///   still open elsewhere in this process.
    public static func create(path: String) throws -> HDF5File {
        try withHDF5 {
            let id = H5Fcreate(path, reclab_h5f_acc_trunc(), reclab_h5p_default(), reclab_h5p_default())
            guard id >= 0 else { throw HDF5Error.cannotCreate(file: path, object: "/", reason: hdf5ErrorMessage()) }
            return try attachRoot(fileID: id, path: path, readOnly: false)
        }
    }

    /// Opens an existing file, read-only unless `readOnly` is false.
    /// - Throws: `HDF5Error.cannotOpen` when the file is missing, not HDF5, truncated or corrupt
    ///   (libhdf5 compares the end-of-file address recorded in the superblock with the real size).
    public static func open(path: String, readOnly: Bool = true) throws -> HDF5File {
        try withHDF5 {
            let flags = readOnly ? reclab_h5f_acc_rdonly() : reclab_h5f_acc_rdwr()
            let id = H5Fopen(path, flags, reclab_h5p_default())
            guard id >= 0 else { throw HDF5Error.cannotOpen(file: path, reason: hdf5ErrorMessage()) }
            return try attachRoot(fileID: id, path: path, readOnly: readOnly)
        }
    }

    /// Opens the root group of a just-opened file; closes the file if that fails. Call under the lock.
    private static func attachRoot(fileID: hid_t, path: String, readOnly: Bool) throws -> HDF5File {
        let rootID = H5Gopen2(fileID, "/", reclab_h5p_default())
        guard rootID >= 0 else {
            let reason = hdf5ErrorMessage()
            H5Fclose(fileID)
            throw HDF5Error.cannotOpen(file: path, reason: reason)
        }
        let root = HDF5Group(id: rootID, filePath: path, path: "/")
        return HDF5File(id: fileID, root: root, path: path, readOnly: readOnly)
    }

    /// Whether `path` is an HDF5 file that opens and whose every group, dataset and attribute header
    /// can be reached from the root. A truncated file (shorter than its superblock says), a file that
    /// is not HDF5, a missing file, or a file with a damaged object header all give `false`.
    ///
    /// Raw dataset contents are not read (that would cost a full read of the file); HDF5 1.10 keeps
    /// no checksums on raw data, so a flipped bit inside a dataset's values goes unnoticed.
    public static func isReadable(path: String) -> Bool {
        withHDF5 {
            let id = H5Fopen(path, reclab_h5f_acc_rdonly(), reclab_h5p_default())
            guard id >= 0 else { H5Eclear2(hid_t(H5E_DEFAULT)); return false }
            defer { H5Fclose(id) }
            let ok = visitObjects(in: id, name: "/", depth: 0)
            H5Eclear2(hid_t(H5E_DEFAULT))
            return ok
        }
    }

    /// Opens the object `name` under `location` and, for groups, every hard-linked member below it.
    /// Call under the lock.
    private static func visitObjects(in location: hid_t, name: String, depth: Int) -> Bool {
        guard depth < 64 else { return false }
        let object = H5Oopen(location, name, reclab_h5p_default())
        guard object >= 0 else { return false }
        defer { H5Oclose(object) }
        guard H5Aget_num_attrs(object) >= 0 else { return false }
        switch H5Iget_type(object) {
        case H5I_DATASET:
            let type = H5Dget_type(object), space = H5Dget_space(object)
            defer { if type >= 0 { H5Tclose(type) }; if space >= 0 { H5Sclose(space) } }
            return type >= 0 && space >= 0 && dataspaceDims(space) != nil
        case H5I_GROUP:
            guard let names = linkNames(of: object, hardOnly: true) else { return false }
            return names.allSatisfy { visitObjects(in: object, name: $0, depth: depth + 1) }
        default:
            return true
        }
    }

    /// Writes buffered data and metadata to disk without closing.
    public func flush() throws {
        try withHDF5 {
            guard id >= 0 else { throw HDF5Error.closed(file: path) }
            guard H5Fflush(id, H5F_SCOPE_GLOBAL) >= 0 else {
                throw HDF5Error.writeFailed(file: path, object: "/", reason: hdf5ErrorMessage())
            }
        }
    }

    /// Flushes and closes the file and its root group. Calling it twice is harmless.
    public func close() {
        withHDF5 {
            guard id >= 0 else { return }
            if !isReadOnly { H5Fflush(id, H5F_SCOPE_GLOBAL) }
            root.closeHandle()
            H5Fclose(id)
            id = -1
            H5Eclear2(hid_t(H5E_DEFAULT))
        }
    }

    deinit { close() }
}
