import Foundation
import RecCore
import RecHDF5

/// The HDF5 dataset cache under `datasets/.cache/`: one file per (source bytes, options) key.
///
/// Entries are written to a temporary file in the same folder and renamed into place, so a killed
/// process never leaves a half-written entry; each is sealed with its SHA-256 (`SealedFile`), and an
/// entry whose bytes changed, or that fails to open or to validate, is deleted, reported through
/// `warn`, and rebuilt — a damaged entry is never handed to libhdf5.
///
/// ```swift
/// let cache = DatasetCache(folder: "datasets/.cache")
/// let (data, hit) = try cache.entry(key: key) { try buildPreparedData() }
/// ```
public struct DatasetCache: Sendable {
    /// Folder holding the entries.
    public let folder: URL

    /// A cache in `folder` (created on first write).
    public init(folder: String) { self.folder = URL(fileURLWithPath: folder, isDirectory: true) }

    /// Path of the entry for `key`.
    public func path(for key: String) -> String { folder.appendingPathComponent("\(key).h5").path }

    /// The entry for `key`: read from the cache when a valid one exists, else built by `build`,
    /// stored, and returned. `hit` tells which happened.
    public func entry(key: String, warn: (String) -> Void = { _ in },
                      build: () throws -> (Dataset, DataSplit?)) throws -> (dataset: Dataset, split: DataSplit?, hit: Bool) {
        let p = path(for: key)
        let state = SealedFile.check(p)
        switch state {
        case .absent:
            break
        case .damaged, .unsealed:
            warn("warning: cache entry \(p) \(state.problem!); rebuilding it")
            SealedFile.remove(p)
        case .unreadable:
            warn("warning: cache entry \(p) \(state.problem!); building the data without it")
        case .intact:
            do {
                let file = try HDF5File.open(path: p, readOnly: true)
                defer { file.close() }
                let (d, s) = try CacheFormat.read(from: file, expectedKey: key)
                return (d, s, true)
            } catch {
                warn("warning: cache entry \(p) is unreadable (\(error)); rebuilding it")
                SealedFile.remove(p)
            }
        }
        let (d, s) = try build()
        try store(d, split: s, key: key)
        return (d, s, false)
    }

    /// Writes an entry atomically (temporary file + rename), sealed with its checksum.
    public func store(_ dataset: Dataset, split: DataSplit?, key: String) throws {
        try SealedFile.produce(path(for: key)) { tmp in
            let file = try HDF5File.create(path: tmp)
            defer { file.close() }
            try CacheFormat.write(dataset, split: split, key: key, to: file)
        }
    }

    /// Builds a cache key: SHA-256 over the layout version, each source file's name and bytes, and
    /// every option that changes the result (as stable text).
    public static func key(sourceFiles: [String], options: [String]) throws -> String {
        var text = "reclab-cache-v\(CacheFormat.version)\n"
        for f in sourceFiles {
            text += "file:\((f as NSString).lastPathComponent):\(try FileDigest.sha256Hex(of: f))\n"
        }
        for o in options { text += "opt:\(o)\n" }
        return String(FileDigest.sha256Hex(ofText: text).prefix(32))
    }
}
