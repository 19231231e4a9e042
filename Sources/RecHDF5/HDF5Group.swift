import CHDF5

/// A group inside an open HDF5 file: a folder of datasets, sub-groups and attributes.
///
/// ```swift
/// let g = try file.root.createGroup("split/train")     // intermediate groups are created
/// try g.write("user", users)
/// g.contains("user")                                     // true
/// file.root.memberNames()                                // ["split"]
/// ```
///
/// Member names may be paths relative to this group (`"train/user"`) or absolute (`"/split/train"`).
/// Datasets are reached by name through the group (`write`, `read`, `shape(of:)`); there is no separate
/// dataset handle. Attributes on a dataset are addressed with the `onDataset:` parameter.
///
/// A group keeps its file open (see `HDF5File` for the lifetime rules); after `HDF5File.close()` every
/// method throws `HDF5Error.closed`.
///
/// Safe to share between threads: every libhdf5 call happens under the module's process-wide lock and
/// the ids never change after `init`, hence `@unchecked Sendable`.
public final class HDF5Group: @unchecked Sendable {
    /// The path of the file this group lives in, for error messages.
    public var filePath: String { file.path }
    /// The absolute path of this group inside the file (`/` for the root).
    public let path: String
    /// The file this group belongs to, kept open while the group lives.
    let file: HDF5FileHandle
    /// The libhdf5 group id; invalid once `file` is closed (the strong close degree closes it).
    private let id: hid_t

    init(id: hid_t, file: HDF5FileHandle, path: String) {
        self.id = id; self.file = file; self.path = path
    }

    deinit {
        withHDF5 {
            if file.isOpen { H5Gclose(id) }
        }
    }

    /// The live group id. Call under the lock.
    func liveID() throws -> hid_t {
        guard file.isOpen else { throw HDF5Error.closed(file: filePath) }
        return id
    }

    /// A group object for a just-opened id in the same file.
    private func child(_ id: hid_t, _ name: String) -> HDF5Group { HDF5Group(id: id, file: file, path: memberPath(name)) }

    /// Absolute path of member `name`, for error messages.
    func memberPath(_ name: String) -> String { joinPath(path, name) }

    // MARK: - Groups

    /// Creates the group `name` (and any missing intermediate groups, so `"a/b"` works).
    /// - Throws: `HDF5Error.cannotCreate` if `name` exists already or the file is read-only.
    @discardableResult
    public func createGroup(_ name: String) throws -> HDF5Group {
        try withHDF5 {
            let parent = try liveID()
            let lcpl = H5Pcreate(reclab_h5p_link_create())
            defer { H5Pclose(lcpl) }
            H5Pset_create_intermediate_group(lcpl, 1)
            let child = H5Gcreate2(parent, name, lcpl, reclab_h5p_default(), reclab_h5p_default())
            guard child >= 0 else {
                throw HDF5Error.cannotCreate(file: filePath, object: memberPath(name), reason: hdf5ErrorMessage())
            }
            return self.child(child, name)
        }
    }

    /// Opens the existing group `name`.
    /// - Throws: `HDF5Error.missingObject` if there is none, `typeMismatch` if `name` is a dataset.
    public func openGroup(_ name: String) throws -> HDF5Group {
        try withHDF5 {
            let object = try openObject(name)
            guard H5Iget_type(object) == H5I_GROUP else {
                H5Oclose(object)
                throw HDF5Error.typeMismatch(file: filePath, object: memberPath(name), expected: "group", found: "dataset")
            }
            return child(object, name)
        }
    }

    /// Opens the group `name`, creating it (and its parents) when it does not exist.
    public func openOrCreateGroup(_ name: String) throws -> HDF5Group {
        try withHDF5 { contains(name) ? try openGroup(name) : try createGroup(name) }
    }

    // MARK: - Members

    /// Whether a member `name` (group or dataset, possibly a nested path `"a/b"`) exists.
    /// False, rather than an error, when the group was closed.
    public func contains(_ name: String) -> Bool {
        withHDF5 {
            guard let id = try? liveID() else { return false }
            return linkExists(in: id, path: name)
        }
    }

    /// Whether member `name` exists and is a group.
    public func isGroup(_ name: String) -> Bool {
        withHDF5 {
            guard let object = try? openObject(name) else { return false }
            defer { H5Oclose(object) }
            return H5Iget_type(object) == H5I_GROUP
        }
    }

    /// Names of the direct members of this group (datasets and groups), sorted by name.
    /// Empty when the group was closed.
    public func memberNames() -> [String] {
        withHDF5 {
            guard let id = try? liveID() else { return [] }
            return linkNames(of: id, hardOnly: false) ?? []
        }
    }

    /// The dimensions of dataset `name` (`[n]` for 1-D, `[rows, cols]` for 2-D, `[]` for a scalar).
    /// - Throws: `HDF5Error.missingObject`, or `typeMismatch` if `name` is a group.
    public func shape(of name: String) throws -> [Int] {
        try withHDF5 {
            let dataset = try openDataset(name)
            defer { H5Dclose(dataset) }
            let space = H5Dget_space(dataset)
            defer { H5Sclose(space) }
            guard let dims = dataspaceDims(space) else {
                throw HDF5Error.readFailed(file: filePath, object: memberPath(name), reason: hdf5ErrorMessage())
            }
            return dims
        }
    }

    // MARK: - Helpers (call under the lock)

    /// Opens member `name` as a generic object (group or dataset); the caller closes it with `H5Oclose`.
    func openObject(_ name: String) throws -> hid_t {
        let id = try liveID()
        guard linkExists(in: id, path: name) else {
            throw HDF5Error.missingObject(file: filePath, object: memberPath(name))
        }
        let object = H5Oopen(id, name, reclab_h5p_default())
        guard object >= 0 else {
            throw HDF5Error.readFailed(file: filePath, object: memberPath(name), reason: hdf5ErrorMessage())
        }
        return object
    }

    /// Opens member `name` as a dataset; the caller closes it with `H5Dclose`.
    func openDataset(_ name: String) throws -> hid_t {
        let object = try openObject(name)
        guard H5Iget_type(object) == H5I_DATASET else {
            H5Oclose(object)
            throw HDF5Error.typeMismatch(file: filePath, object: memberPath(name), expected: "dataset", found: "group")
        }
        return object
    }
}

/// Whether every component of the relative or absolute `path` exists below `location`; `H5Lexists`
/// itself only checks the last component and fails when a parent is missing. Call under the lock.
func linkExists(in location: hid_t, path: String) -> Bool {
    let components = path.split(separator: "/", omittingEmptySubsequences: true)
    if components.isEmpty { return path.hasPrefix("/") }
    var prefix = path.hasPrefix("/") ? "/" : ""
    for component in components {
        prefix += component
        guard H5Lexists(location, prefix, reclab_h5p_default()) > 0 else {
            H5Eclear2(hid_t(H5E_DEFAULT))
            return false
        }
        prefix += "/"
    }
    return true
}

/// Link names of the group `group` in name order, optionally hard links only; nil on failure.
/// Call under the lock.
func linkNames(of group: hid_t, hardOnly: Bool) -> [String]? {
    final class Collector { var names: [String] = []; let hardOnly: Bool; init(_ h: Bool) { hardOnly = h } }
    let collector = Collector(hardOnly)
    let status = withExtendedLifetime(collector) {
        H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nil, { _, name, info, context in
            guard let name, let context else { return -1 }
            let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
            if !collector.hardOnly || info?.pointee.type == H5L_TYPE_HARD {
                collector.names.append(String(cString: name))
            }
            return 0
        }, Unmanaged.passUnretained(collector).toOpaque())
    }
    return status >= 0 ? collector.names : nil
}
