import RecConfig
import RecCore

/// Per-user temporal split: each user's interactions are ordered by `(timestamp, position)`; the last
/// `lastN` (or the last `lastFraction`) test and, when `validation` is true, the same number just before
/// them validate (RecBole's `TO` with `group_by: user`; the "last-N" protocol of sequential recommenders).
///
/// For a user with `m` interactions:
/// - `m < 2`: everything trains;
/// - test gets `lastN`, or `round(m · lastFraction)` raised to 1 (rounded half up), capped at `m − 1`;
/// - validation gets as many as test, capped so that at least one row still trains;
/// - train keeps the earliest rest.
///
/// So per user, every test timestamp ≥ every validation timestamp ≥ every train timestamp. Throws
/// `DataError.invalidOption` without timestamps. The seed is not used.
///
/// ```swift
/// let split = try UserTemporalSplitter(lastN: 2, lastFraction: nil, validation: true).split(dataset, seed: 0)
/// ```
public struct UserTemporalSplitter: SplitMethod {
    public static let methodName = "user_temporal"
    public static let summary = "Per user by time: the last `last_n` interactions (or the last `last_fraction`) test; "
        + "as many before them validate when `validation` is true."

    @Param(in: .atLeast(1), doc: "latest interactions per user that test; give `last_n` or `last_fraction`, not both")
    public var lastN: Int? = 1
    @Param(in: Bounds(lower: 0, upper: 1, includesLower: false, includesUpper: false),
           doc: "share of each user's latest interactions that tests (instead of `last_n`)")
    public var lastFraction: Double? = nil
    @Param(doc: "hold out as many interactions, just before the test ones, for validation")
    public var validation = true

    /// The last interaction of each user tests, the one before validates.
    public init() {}

    /// A splitter with the given options (checked when splitting).
    public init(lastN: Int?, lastFraction: Double?, validation: Bool) {
        self.lastN = lastN; self.lastFraction = lastFraction; self.validation = validation
    }

    /// `last_n` is 1 only when `last_fraction` is not given.
    public mutating func resolveDefaults(given keys: Set<String>) {
        if !keys.contains("last_n") && lastFraction != nil { lastN = nil }
    }

    public func violations() -> [ConfigurationViolation] {
        switch (lastN, lastFraction) {
        case (.some, .some): return [ConfigurationViolation("last_fraction", "give either 'last_n' or 'last_fraction', not both")]
        case (nil, nil): return [ConfigurationViolation("last_n", "give one of 'last_n' or 'last_fraction'")]
        default: return []
        }
    }

    public var missingValidation: String? { validation ? nil : "\"validation\" is false" }

    /// `user_temporal(lastN=…,lastFraction=…,validation=…)`, with `none` for an unset option.
    public var cacheDescription: String {
        "user_temporal(lastN=\(lastN.map { "\($0)" } ?? "none"),"
            + "lastFraction=\(lastFraction.map(SplitSupport.text) ?? "none"),validation=\(validation))"
    }

    /// Number of (validation, test) rows for a user with `m` interactions, by the rule above.
    public func heldOutCounts(forUserWith m: Int) -> (validation: Int, test: Int) {
        guard m >= 2 else { return (0, 0) }
        var nTest = lastN ?? max(1, SplitSupport.share(of: m, lastFraction ?? 0))
        nTest = min(nTest, m - 1)
        let nValid = validation ? min(nTest, m - 1 - nTest) : 0
        return (nValid, nTest)
    }

    /// Holds out each user's latest interactions.
    public func split(_ dataset: Dataset, seed: UInt64) throws -> DataSplit {
        try requireValid()
        let table = dataset.interactions
        try SplitSupport.checkSize(table, datasetName: dataset.name)
        let timestamps = try SplitSupport.requireTimestamps(dataset, method: "the per-user temporal split")
        // A stable grouping of the time-ordered positions leaves each user's rows in time order.
        let byTime = SplitSupport.orderByTime(timestamps)
        let (start, order) = SplitSupport.group(by: table.users, keyCount: dataset.userCount, sequence: byTime)
        var assignment = [UInt8](repeating: SplitSupport.train, count: table.count)
        assignment.withUnsafeMutableBufferPointer { a in
            for u in 0..<(start.count - 1) {
                let lo = start[u], hi = start[u + 1]
                let (nValid, nTest) = heldOutCounts(forUserWith: hi - lo)
                for k in (hi - nTest)..<hi { a[Int(order[k])] = SplitSupport.test }
                for k in (hi - nTest - nValid)..<(hi - nTest) { a[Int(order[k])] = SplitSupport.validation }
            }
        }
        return SplitSupport.materialize(table, assignment: assignment)
    }
}
