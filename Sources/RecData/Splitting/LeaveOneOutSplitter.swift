import RecConfig
import RecCore

/// Leave-one-out: one interaction per user tests and, when `validation` is true, one more validates;
/// the rest train (He et al., "Neural Collaborative Filtering", WWW 2017, §4.1; RecBole's `LS`).
///
/// The held-out rows are the user's latest (by `(timestamp, position)`; requires timestamps) when
/// `latest` is true, otherwise chosen uniformly at random from a stream derived from `(seed, user)`.
/// With `latest`, the validation row is the second latest, so it precedes the test row.
/// Users with fewer than 2 interactions (3 with validation) stay entirely in train, so every held-out
/// user keeps at least one training row.
///
/// ```swift
/// let split = try LeaveOneOutSplitter(latest: true, validation: true).split(dataset, seed: 0)
/// ```
public struct LeaveOneOutSplitter: SplitMethod {
    public static let methodName = "leave_one_out"
    public static let summary = "One test (and one validation) interaction per user."

    /// Which interaction is held out per user.
    public enum Order: String, ChoiceParameter {
        /// The most recent one (by timestamp).
        case latest
        /// One chosen at random (seeded).
        case random
    }

    @Param(doc: "which interaction each user holds out: the most recent or a random one")
    public var order = Order.latest
    @Param(doc: "also hold out one interaction per user for validation")
    public var validation = true

    /// The latest interaction of each user tests, the one before validates.
    public init() {}

    /// A leave-one-out splitter.
    public init(latest: Bool, validation: Bool) { self.order = latest ? .latest : .random; self.validation = validation }

    /// Whether the latest interactions are held out (rather than random ones).
    public var latest: Bool { order == .latest }

    public var missingValidation: String? { validation ? nil : "\"validation\" is false" }

    /// `leave_one_out(latest=…,validation=…)`.
    public var cacheDescription: String { "leave_one_out(latest=\(latest),validation=\(validation))" }

    /// Holds out one (or two) interactions per user.
    public func split(_ dataset: Dataset, seed: UInt64) throws -> DataSplit {
        try requireValid()
        let table = dataset.interactions
        try SplitSupport.checkSize(table, datasetName: dataset.name)
        let minimum = validation ? 3 : 2
        let timestamps = latest ? try SplitSupport.requireTimestamps(dataset, method: "leave_one_out with \"order\": \"latest\"")
                                : []
        let grouped = SplitSupport.group(by: table.users, keyCount: dataset.userCount)
        let start = grouped.start
        var order = grouped.order
        var assignment = [UInt8](repeating: SplitSupport.train, count: table.count)
        let base = SplitSupport.streamBase(seed)
        order.withUnsafeMutableBufferPointer { o in
            assignment.withUnsafeMutableBufferPointer { a in
                for u in 0..<(start.count - 1) {
                    let lo = start[u], hi = start[u + 1]
                    if hi - lo < minimum { continue }
                    if latest {
                        // Positions within a user ascend, so `>=` breaks timestamp ties towards the later row.
                        var first = -1, second = -1
                        for k in lo..<hi {
                            let p = Int(o[k])
                            if first < 0 || timestamps[p] >= timestamps[first] {
                                second = first; first = p
                            } else if second < 0 || timestamps[p] >= timestamps[second] {
                                second = p
                            }
                        }
                        a[first] = SplitSupport.test
                        if validation { a[second] = SplitSupport.validation }
                    } else {
                        var rng = SeededGenerator.derived(seed: base, stream: UInt64(u))
                        SplitSupport.choosePrefix(o, lo..<hi, count: validation ? 2 : 1, rng: &rng)
                        a[Int(o[lo])] = SplitSupport.test
                        if validation { a[Int(o[lo + 1])] = SplitSupport.validation }
                    }
                }
            }
        }
        return SplitSupport.materialize(table, assignment: assignment)
    }
}
