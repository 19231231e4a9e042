import Foundation
import RecCore
import RecHDF5

/// Files RecLab trusts only when they are exactly as written: the cache's HDF5 entries, the profile
/// cache, a run's sampled negatives, and the trial store's records and per-user files. Each is written atomically
/// (temporary file, then rename) with its SHA-256 in a sidecar `<file>.sha256`, written before the
/// rename; before libhdf5 opens such a file its bytes are hashed and compared. A flipped, zeroed or
/// truncated byte — or a file whose sidecar is missing — is `damaged`, and the caller deletes and
/// rebuilds it (or reruns the trial) with a warning: a damaged file is never read, so a corrupted
/// HDF5 string heap cannot crash the process.
///
/// ```swift
/// try SealedFile.produce(path) { tmp in try writeHDF5(to: tmp) }
/// switch SealedFile.check(path) { case .intact: read(path); case .absent: build(); case .damaged(let why): rebuild(why) }
/// ```
public enum SealedFile {
    /// What `check` found.
    public enum State: Equatable, Sendable {
        /// The file and its checksum agree.
        case intact
        /// There is no file.
        case absent
        /// The file differs from what was written (or its checksum file cannot be read).
        case damaged(String)
        /// The file has no checksum: written by a RecLab from before checksums, or its writer was
        /// stopped between the two renames. It cannot be verified, so it is not trusted.
        case unsealed
        /// The file exists but cannot be read (permissions, I/O): not trusted, and not deleted either.
        case unreadable(String)

        /// Why the file is not used, for a warning (nil when it is intact or absent).
        public var problem: String? {
            switch self {
            case .intact, .absent: return nil
            case .damaged(let why): return "is damaged (\(why))"
            case .unsealed: return "has no checksum (written by an older RecLab, or its writer was stopped)"
            case .unreadable(let why): return "cannot be read (\(why))"
            }
        }
    }

    /// The sidecar that holds `path`'s checksum.
    public static func sidecar(_ path: String) -> String { path + ".sha256" }

    /// Runs `body` with a temporary path (a file it writes and closes), checks that what it wrote
    /// reads back (`readsBack`; by default libhdf5 must open it, so a write that failed at close, such
    /// as a full disk during the final metadata flush, is not sealed), seals it and renames it to `path`.
    public static func produce(_ path: String, readsBack: (String) -> Bool = { HDF5File.isReadable(path: $0) },
                               _ body: (String) throws -> Void) throws {
        try AtomicFile.produce(path) { tmp in
            try body(tmp)
            guard readsBack(tmp) else {
                throw DataError.other("\(path): the file just written does not read back (disk full?)")
            }
            try AtomicFile.write(try FileDigest.sha256Hex(of: tmp) + "\n", to: sidecar(path))
        }
    }

    /// Whether `path` is as it was written.
    public static func check(_ path: String) -> State {
        guard FileManager.default.fileExists(atPath: path) else { return .absent }
        guard FileManager.default.fileExists(atPath: sidecar(path)) else { return .unsealed }
        guard let stored = try? String(contentsOfFile: sidecar(path), encoding: .utf8) else {
            return .damaged("its checksum file \(sidecar(path)) cannot be read")
        }
        let actual: String
        do { actual = try FileDigest.sha256Hex(of: path) } catch { return .unreadable("\(error)") }
        return stored.trimmingCharacters(in: .whitespacesAndNewlines) == actual ? .intact : .damaged("its bytes differ from what was written (checksum mismatch)")
    }

    /// Deletes `path` and its sidecar.
    public static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: sidecar(path))
    }
}
