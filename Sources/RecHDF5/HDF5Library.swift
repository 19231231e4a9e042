import CHDF5
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one process-wide lock every libhdf5 call runs under.
///
/// Debian's libhdf5 is the serial library, whose global state (id tables, free lists, the metadata
/// cache, the error stack) must not be touched by two threads at once. Rather than rely on build flags,
/// RecHDF5 serialises every C call. The lock is recursive so that a handle released while the lock is
/// held (an `HDF5Group` dropped on an error path inside a locked call, whose `deinit` closes its id)
/// cannot deadlock.
final class HDF5Lock: @unchecked Sendable {
    // @unchecked: the pthread mutex is itself the synchronisation primitive; the pointer never changes.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE))
        pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
    }

    /// Runs `body` while holding the lock.
    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

private let hdf5Lock = HDF5Lock()

/// Initialises libhdf5 once and turns off its printed error stack; the wrapper reports errors itself.
private let hdf5Setup: Void = {
    H5open()
    reclab_h5_silence_errors()
}()

/// Runs `body` under the process-wide HDF5 lock, after the one-time library set-up.
/// Every call into `CHDF5` in this module goes through here.
func withHDF5<Result>(_ body: () throws -> Result) rethrows -> Result {
    try hdf5Lock.withLock {
        _ = hdf5Setup
        return try body()
    }
}

/// The innermost message on libhdf5's current error stack (where the failure was first detected),
/// then clears the stack. Call under the lock, right after a failed C call.
func hdf5ErrorMessage() -> String {
    var messages: [String] = []
    withUnsafeMutablePointer(to: &messages) { list in
        _ = H5Ewalk2(hid_t(H5E_DEFAULT), H5E_WALK_UPWARD, { _, record, context in
            if let text = record?.pointee.desc, let context {
                context.assumingMemoryBound(to: [String].self).pointee.append(String(cString: text))
            }
            return 0
        }, list)
    }
    H5Eclear2(hid_t(H5E_DEFAULT))
    return messages.first ?? "unknown HDF5 error"
}

/// Joins a group path and a member name into an absolute object path (`/` + `a` = `/a`).
func joinPath(_ parent: String, _ name: String) -> String {
    if name.hasPrefix("/") { return name }
    return parent.hasSuffix("/") ? parent + name : parent + "/" + name
}

/// Dimensions of a dataspace (`[]` for a scalar dataspace). Call under the lock.
func dataspaceDims(_ space: hid_t) -> [Int]? {
    let rank = H5Sget_simple_extent_ndims(space)
    guard rank >= 0 else { return nil }
    if rank == 0 { return [] }
    var dims = [hsize_t](repeating: 0, count: Int(rank))
    guard H5Sget_simple_extent_dims(space, &dims, nil) >= 0 else { return nil }
    return dims.map { Int($0) }
}

/// A short readable name for a stored HDF5 datatype (`int32`, `float64`, `string`). Call under the lock.
func describeType(_ type: hid_t) -> String {
    let bits = H5Tget_size(type) * 8
    switch H5Tget_class(type) {
    case H5T_INTEGER: return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + "\(bits)"
    case H5T_FLOAT: return "float\(bits)"
    case H5T_STRING: return "string"
    case H5T_COMPOUND: return "compound"
    case H5T_ENUM: return "enum"
    case H5T_ARRAY: return "array"
    case H5T_VLEN: return "vlen"
    default: return "unsupported type"
    }
}
