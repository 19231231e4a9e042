import Foundation

/// An exclusive lock between processes, on one machine or on nodes sharing a folder: a run
/// folder's tables (shards finishing together, two runs started by hand) or a dataset cache entry
/// being built (shard tasks starting together wait for the first builder). The lock is a file
/// created with `O_EXCL` (atomic on local and NFSv3+ file systems) holding the holder's host and
/// pid; a lock left by a process on this host that no longer runs is stale and taken over.
///
/// ```swift
/// try FileLock.holding(folder + "/.lock", log: log) { try writeTables() }
/// ```
public enum FileLock {
    /// Runs `body` holding the lock at `path`, waiting up to `wait` seconds for another holder.
    public static func holding<T>(_ path: String, wait: Double = 600, log: (String) -> Void, _ body: () throws -> T) throws -> T {
        let me = "\(hostName) \(getpid())"
        let deadline = Date().addingTimeInterval(wait)
        var announced = false
        while true {
            let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o644)
            if fd >= 0 {
                _ = me.withCString { write(fd, $0, strlen($0)) }
                close(fd)
                break
            }
            let holder = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if isStale(holder) {
                log("removed a stale lock of a stopped process (\(holder)): \(path)")
                unlink(path)
                continue
            }
            guard Date() < deadline else {
                throw LockTimeout(path: path, holder: holder)
            }
            if !announced { log("waiting for \(path), held by \(holder.isEmpty ? "another process" : holder)"); announced = true }
            usleep(200_000)
        }
        defer { unlink(path) }
        return try body()
    }

    /// `host pid` of a process on this host that no longer runs (a lock from another host is never
    /// judged stale here: its process cannot be seen).
    public static func isStale(_ holder: String) -> Bool {
        let parts = holder.split(separator: " ")
        guard parts.count == 2, String(parts[0]) == hostName, let pid = Int32(parts[1]) else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    public static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(cString: buffer)
    }

    /// The lock stayed taken.
    public struct LockTimeout: Error, CustomStringConvertible {
        public let path: String, holder: String
        public var description: String {
            "\(path) is held by \(holder.isEmpty ? "another process" : holder); if that process has stopped, remove the file and run again"
        }
    }
}
