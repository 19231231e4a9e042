import Foundation
import RecData
import RecEval
import RecHDF5

/// Where the analysis of a run reads what trials stored besides their records: per-user metric
/// values (for paired tests and user subgroups) and test top-K lists (for item subgroups).
///
/// ```swift
/// let source = StoredPerUserSource(store: TrialStore(folder: run + "/trials"))
/// source.values(MetricKey(.ndcg, cutoff: 10), split: .test, records: bestRecords)   // averaged over seeds
/// ```
protocol PerUserSource {
    /// Per-user values of `metric` on `split`, averaged over `records` per (fold, user); nil when no
    /// record stored them.
    func values(_ metric: MetricKey, split: EvaluationSplit, records: [TrialRecord]) -> PerUserValues?
    /// The stored top-K lists of `record` on test, nil when it kept none.
    func testRankings(of record: TrialRecord) -> RankedLists?
}

/// The per-user files of a run's trial store, each read once however many tables ask for them.
struct StoredPerUserSource: PerUserSource {
    /// The run's `trials/` folder.
    let store: TrialStore
    /// Columns of the files read so far.
    let cache = PerUserFileCache()

    func values(_ metric: MetricKey, split: EvaluationSplit, records: [TrialRecord]) -> PerUserValues? {
        PerUserValues.load(metric: metric, split: split, records: records, store: store, cache: cache)
    }

    func testRankings(of record: TrialRecord) -> RankedLists? {
        let path = store.perUserPath(record.id)
        guard SealedFile.check(path) == .intact, let f = try? HDF5File.open(path: path, readOnly: true) else { return nil }
        defer { f.close() }
        guard let g = try? f.root.openGroup("test/ranking/rankings"),
              let users: [Int32] = try? g.read("users"), let offsets: [Int64] = try? g.read("offsets"),
              let items: [Int32] = try? g.read("items"), let k: Int64 = try? g.attribute("k") else { return nil }
        return RankedLists(users: users, k: Int(k), offsets: offsets.map { Int($0) }, items: items)
    }
}
