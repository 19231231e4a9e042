import RecConfig
import RecCore

/// Per-user random split: each user's interactions are shuffled and cut by ratio, so every user with
/// enough history appears in train and in test (RecBole's `RS` with `group_by: user`).
///
/// For a user with `m` interactions (rounding half up, see `SplitSupport.roundHalfUp`):
/// - `m < 2`: everything trains;
/// - test gets `round(m · test)`, raised to 1 when `test > 0`, and capped at `m − 1`;
/// - validation gets `round(m · validation)`, capped so that at least one row still trains;
/// - train keeps the rest (so ≥ 1).
///
/// Each user draws from their own stream derived from `(seed, user)`, so a user's split does not depend
/// on any other user, on row order across users, or on thread count.
///
/// ```swift
/// let split = try UserRatioSplitter(train: 0.8, validation: 0.1, test: 0.1).split(dataset, seed: 1)
/// ```
public struct UserRatioSplitter: RatioSplitMethod {
    public static let methodName = "user_ratio"
    public static let summary = "Random split within each user's interactions."

    @Param(in: 0...1, doc: "`[train, validation, test]` shares of each user's interactions, drawn at random; they sum to 1 (± 1e-6), train and test > 0")
    public var ratios = [0.8, 0.0, 0.2]

    /// The default split, 80 % train and 20 % test.
    public init() {}

    /// Number of (validation, test) rows for a user with `m` interactions, by the rule above.
    public func heldOutCounts(forUserWith m: Int) -> (validation: Int, test: Int) {
        guard m >= 2 else { return (0, 0) }
        var nTest = SplitSupport.share(of: m, test)
        if test > 0 { nTest = max(nTest, 1) }
        nTest = min(nTest, m - 1)
        let nValid = min(SplitSupport.share(of: m, validation), m - 1 - nTest)
        return (nValid, nTest)
    }

    /// Splits each user's interactions at random; deterministic under `seed`.
    public func split(_ dataset: Dataset, seed: UInt64) throws -> DataSplit {
        try requireValid()
        let table = dataset.interactions
        try SplitSupport.checkSize(table, datasetName: dataset.name)
        let grouped = SplitSupport.group(by: table.users, keyCount: dataset.userCount)
        let start = grouped.start
        var order = grouped.order
        var assignment = [UInt8](repeating: SplitSupport.train, count: table.count)
        let base = SplitSupport.streamBase(seed)
        order.withUnsafeMutableBufferPointer { o in
            assignment.withUnsafeMutableBufferPointer { a in
                for u in 0..<(start.count - 1) {
                    let lo = start[u], hi = start[u + 1]
                    let (nValid, nTest) = heldOutCounts(forUserWith: hi - lo)
                    if nValid + nTest == 0 { continue }
                    var rng = SeededGenerator.derived(seed: base, stream: UInt64(u))
                    SplitSupport.choosePrefix(o, lo..<hi, count: nTest + nValid, rng: &rng)
                    for k in lo..<(lo + nTest) { a[Int(o[k])] = SplitSupport.test }
                    for k in (lo + nTest)..<(lo + nTest + nValid) { a[Int(o[k])] = SplitSupport.validation }
                }
            }
        }
        return SplitSupport.materialize(table, assignment: assignment)
    }
}
