import Foundation
import RecData
import RecHDF5

/// Per-user metric values of one or more trials, keyed by (fold, user) so that trials on the same
/// split can be paired user by user. Values of several seeds are averaged per user.
public struct PerUserValues: Sendable {
    /// (fold, user) → value.
    public var values: [Key: Double]

    /// A user on a fold.
    public struct Key: Hashable, Sendable, Comparable {
        public let fold: Int
        public let user: Int32
        public static func < (a: Key, b: Key) -> Bool { (a.fold, a.user) < (b.fold, b.user) }
    }

    /// Reads column `metric` of `split` (`test`, `validation`) from each trial's per-user file and
    /// averages over trials per (fold, user). Returns nil when no trial has the column. With a
    /// `cache`, each trial file is read once however many metrics are asked of it.
    public static func load(metric: MetricKey, split: EvaluationSplit, records: [TrialRecord], store: TrialStore,
                            cache: PerUserFileCache? = nil) -> PerUserValues? {
        var sums: [Key: Double] = [:], counts: [Key: Int] = [:]
        for r in records where r.status == "ok" {
            let columns = (cache ?? PerUserFileCache()).columns(of: store.perUserPath(r.id))
            guard let column = columns["\(split.rawValue)/\(metric)"] else { continue }
            for (u, v) in zip(column.users, column.values) where !v.isNaN {
                let k = Key(fold: r.fold ?? 0, user: u)
                sums[k, default: 0] += v; counts[k, default: 0] += 1
            }
        }
        guard !sums.isEmpty else { return nil }
        return PerUserValues(values: sums.reduce(into: [:]) { $0[$1.key] = $1.value / Double(counts[$1.key]!) })
    }

    /// The values of `self` and `other` on their common keys, in key order.
    public func paired(with other: PerUserValues) -> ([Double], [Double]) {
        let keys = values.keys.filter { other.values[$0] != nil }.sorted()
        return (keys.map { values[$0]! }, keys.map { other.values[$0]! })
    }

    /// Users and values (folds merged by averaging a user's values across folds), users ascending.
    public func byUser() -> (users: [Int32], values: [Double]) {
        var s: [Int32: Double] = [:], c: [Int32: Int] = [:]
        for (k, v) in values { s[k.user, default: 0] += v; c[k.user, default: 0] += 1 }
        let users = s.keys.sorted()
        return (users, users.map { s[$0]! / Double(c[$0]!) })
    }
}

/// Per-user metric columns of trial files, each file read once: `"split/metric"` → users and values.
/// Reports ask for many metrics of the same trials; this keeps them from reopening HDF5 files.
public final class PerUserFileCache: @unchecked Sendable {
    /// One metric's per-user values.
    public struct Column: Sendable {
        public let users: [Int32]
        public let values: [Double]
    }

    private let lock = NSLock()
    private var files: [String: [String: Column]] = [:]

    /// An empty cache.
    public init() {}

    /// Every column of the per-user file at `path` (empty when it cannot be read).
    public func columns(of path: String) -> [String: Column] {
        lock.lock(); defer { lock.unlock() }
        if let hit = files[path] { return hit }
        var out: [String: Column] = [:]
        if SealedFile.check(path) == .intact, let f = try? HDF5File.open(path: path, readOnly: true) {
            defer { f.close() }
            for split in f.root.memberNames() where f.root.isGroup(split) {
                for kind in ["ranking", "rating"] {
                    guard let g = try? f.root.openGroup("\(split)/\(kind)"), g.contains("values"),
                          let vg = try? g.openGroup("values"), let users: [Int32] = try? g.read("users") else { continue }
                    for name in vg.memberNames() {
                        if let values: [Double] = try? vg.read(name) { out["\(split)/\(name)"] = Column(users: users, values: values) }
                    }
                }
            }
        }
        files[path] = out
        return out
    }
}
