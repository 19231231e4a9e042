import Foundation
import RecCore

/// The `trials/` folder of a run: one JSON record (and one per-user HDF5 file) per finished trial.
/// Records are written atomically, so after a crash or `kill -9` every record present is whole, and
/// resuming skips exactly the trials that finished.
public struct TrialStore: Sendable {
    /// The `trials/` folder.
    public let folder: String

    /// A store in `folder`.
    public init(folder: String) { self.folder = folder }

    /// Path of a trial's JSON record.
    public func recordPath(_ id: String) -> String { folder + "/\(id).json" }
    /// Path of a trial's per-user HDF5 file.
    public func perUserPath(_ id: String) -> String { folder + "/\(id).h5" }

    /// The finished record of trial `id`, if there is a readable one (and its per-user file exists
    /// when the trial succeeded).
    public func finished(_ id: String) -> TrialRecord? {
        guard let data = FileManager.default.contents(atPath: recordPath(id)),
              let record = try? JSONDecoder().decode(TrialRecord.self, from: data) else { return nil }
        if record.status == "ok" && !FileManager.default.fileExists(atPath: perUserPath(id)) { return nil }
        return record
    }

    /// Writes `record` atomically (after its per-user file, so a record implies the file).
    public func save(_ record: TrialRecord) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try enc.encode(record), to: recordPath(record.id))
    }

    /// Removes every record and per-user file (for `--force`).
    public func clear() throws {
        if FileManager.default.fileExists(atPath: folder) { try FileManager.default.removeItem(atPath: folder) }
    }
}
