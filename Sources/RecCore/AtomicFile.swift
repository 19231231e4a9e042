import Foundation

/// Writes files so that readers see either the old content or the whole new content, never a
/// partial file: the data goes to a temporary file in the same folder, which is then renamed over
/// the target (rename is atomic within one file system).
public enum AtomicFile {
    /// Writes `data` to `path` atomically, creating parent folders.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let tmp = path + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        do {
            try data.write(to: URL(fileURLWithPath: tmp))
            if rename(tmp, path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
        }
    }

    /// Writes `data` to `path` atomically unless `path` exists: true when this call created it, false
    /// when it was there already (another process won: its content is kept). The whole file appears at
    /// once (a hard link of a complete temporary file; `link` fails rather than replace).
    public static func writeIfAbsent(_ data: Data, to path: String) throws -> Bool {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let tmp = path + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        try data.write(to: URL(fileURLWithPath: tmp))
        if link(tmp, path) == 0 { return true }
        if errno == EEXIST { return false }
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
    }

    /// Writes UTF-8 `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }

    /// Runs `body` with a temporary path next to `path`, then renames it to `path`; on error the
    /// temporary file is removed. For writers (such as HDF5) that need a path rather than bytes.
    public static func produce(_ path: String, _ body: (String) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let tmp = path + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        do {
            try body(tmp)
            if rename(tmp, path) != 0 { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
        }
    }

    /// Removes the temporary files in `folder` (not below it) that a process which no longer runs
    /// left behind (killed between writing and renaming); a live process's are kept. Returns the
    /// removed paths.
    @discardableResult
    public static func removeStaleTemporaries(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for name in names {
            guard let range = name.range(of: ".tmp-", options: .backwards) else { continue }
            let parts = name[range.upperBound...].split(separator: "-")
            guard parts.count == 2, let pid = Int32(parts[0]), UInt64(parts[1]) != nil, !isRunning(pid) else { continue }
            let path = folder + "/" + name
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(path) }
        }
        return removed
    }

    /// Whether process `pid` exists (signal 0 checks without sending anything).
    static func isRunning(_ pid: Int32) -> Bool {
        pid == getpid() || kill(pid, 0) == 0 || errno == EPERM
    }
}
