import Foundation
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
    /// averages over trials per (fold, user). Returns nil when no trial has the column.
    public static func load(metric: String, split: String, records: [TrialRecord], store: TrialStore) -> PerUserValues? {
        var sums: [Key: Double] = [:], counts: [Key: Int] = [:]
        for r in records where r.status == "ok" {
            guard let f = try? HDF5File.open(path: store.perUserPath(r.id), readOnly: true) else { continue }
            defer { f.close() }
            for kind in ["ranking", "rating"] {
                let path = "\(split)/\(kind)"
                guard f.root.contains(split), let g = try? f.root.openGroup(path), g.contains("values"),
                      let vg = try? g.openGroup("values"), vg.contains(metric),
                      let users: [Int32] = try? g.read("users"), let vals: [Double] = try? vg.read(metric) else { continue }
                for (u, v) in zip(users, vals) where !v.isNaN {
                    let k = Key(fold: r.fold ?? 0, user: u)
                    sums[k, default: 0] += v; counts[k, default: 0] += 1
                }
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
