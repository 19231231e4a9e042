import Foundation
import RecCore
import RecData
import RecEval
import RecHDF5

/// The trial store of an experiment, `<output.folder>/<name>/trials/`, shared by every run of that
/// name: one JSON record and one per-user HDF5 file per finished trial, named by the trial's store
/// key (`TrialKey`: a hash of what determines the trial), so any run reuses every trial an earlier
/// run trained on the same terms. Both files are written atomically and sealed with their SHA-256
/// (`SealedFile`), so after a crash or `kill -9` every record present is whole, and a record or
/// file damaged since is detected and the trial runs again.
public struct TrialStore: Sendable {
    /// The `trials/` folder.
    public let folder: String

    /// A store in `folder`.
    public init(folder: String) { self.folder = folder }

    /// The store that the run in `runFolder` (`<output.folder>/<name>/<fingerprint>`) shares with the
    /// other runs of its experiment.
    public init(runFolder: String) {
        self.init(folder: URL(fileURLWithPath: runFolder).deletingLastPathComponent().appendingPathComponent("trials").path)
    }

    /// Path of a trial's JSON record.
    public func recordPath(_ id: String) -> String { folder + "/\(id).json" }
    /// Path of a trial's per-user HDF5 file.
    public func perUserPath(_ id: String) -> String { folder + "/\(id).h5" }
    /// The trained model of a trial kept for `output.save_models` (a `SavedModel` without data).
    public func modelPath(_ id: String) -> String { folder + "/\(id).model.h5" }
    /// Whether the store holds trial `id`'s model, intact.
    public func hasModel(_ id: String) -> Bool { SealedFile.check(modelPath(id)) == .intact }

    /// What the store holds for one trial.
    public enum Lookup {
        /// A whole record (and, for a successful trial, its intact per-user file).
        case finished(TrialRecord)
        /// No record: the trial has not finished.
        case missing
        /// A record or per-user file that is not as it was written: the trial must run again.
        case damaged(String)
    }

    /// Trial `id`'s record, checked: the record and a successful trial's per-user file must match
    /// their checksums (`SealedFile`: a digit changed inside a metric is caught, not only broken JSON)
    /// and the record must decode.
    public func lookup(_ id: String) -> Lookup {
        let state = SealedFile.check(recordPath(id))
        if state == .absent { return .missing }
        if let problem = state.problem { return .damaged("\(recordPath(id)) \(problem)") }
        guard let data = FileManager.default.contents(atPath: recordPath(id)),
              let record = try? JSONDecoder().decode(TrialRecord.self, from: data) else {
            return .damaged("\(recordPath(id)) is not a readable trial record")
        }
        if record.status == "ok" {
            let state = SealedFile.check(perUserPath(id))
            if state == .absent { return .damaged("\(perUserPath(id)) is missing") }
            if let problem = state.problem { return .damaged("\(perUserPath(id)) \(problem)") }
        }
        return .finished(record)
    }

    /// The finished record of trial `id`, if there is a whole one (see `lookup`).
    public func finished(_ id: String) -> TrialRecord? {
        if case .finished(let record) = lookup(id) { return record }
        return nil
    }

    /// Writes `record` atomically and sealed (after its per-user file, so a record implies the file).
    public func save(_ record: TrialRecord) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try enc.encode(record)
        try SealedFile.produce(recordPath(record.id), readsBack: { (try? Data(contentsOf: URL(fileURLWithPath: $0))) == data }) { tmp in
            try data.write(to: URL(fileURLWithPath: tmp))
        }
    }

    /// One split's evaluation of a trial: the ranking and the rating result (nil when not computed).
    public typealias SplitResults = (split: EvaluationSplit, ranking: EvaluationResult?, rating: EvaluationResult?)

    /// Writes trial `id`'s per-user file atomically: attribute `trial`, and per split
    /// `<split>/{ranking,rating}/` with `users`, `columns`, `values/<metric>`, `summary_names` and
    /// `summary`; test rankings also keep their top-K lists, `rankings/{users, offsets, items}` with
    /// attribute `k` (what item subgroups are recomputed from).
    public func savePerUser(_ results: [SplitResults], trial id: String) throws {
        try SealedFile.produce(perUserPath(id)) { tmp in
            let f = try HDF5File.create(path: tmp)
            defer { f.close() }
            try f.root.setAttribute("trial", id)
            for (split, ranking, rating) in results {
                let g = try f.root.createGroup(split.rawValue)
                if let ranking { try Self.write(ranking, into: g.createGroup("ranking"), lists: split == .test) }
                if let rating { try Self.write(rating, into: g.createGroup("rating"), lists: false) }
            }
        }
    }

    private static func write(_ r: EvaluationResult, into g: HDF5Group, lists: Bool) throws {
        try g.write("users", r.users)
        try g.writeStrings("columns", r.columns)
        let values = try g.createGroup("values")
        for (c, name) in r.columns.enumerated() { try values.write(name, r.perUser[c]) }
        try g.writeStrings("summary_names", r.summaryNames)
        try g.write("summary", r.summaryNames.map { r.summary[$0] ?? .nan })
        if lists, let l = r.rankings {
            let rg = try g.createGroup("rankings")
            try rg.write("users", l.users)
            try rg.write("offsets", l.offsets.map { Int64($0) })
            try rg.write("items", l.items)
            try rg.setAttribute("k", Int64(l.k))
        }
    }

}
