import RecConfig
import RecCore

/// Global temporal split: all interactions are ordered by `(timestamp, position in the table)`; the
/// earliest rows train, the next validate and the latest test (RecBole's `TO` with `group_by: none`),
/// so every test timestamp is ≥ every validation timestamp ≥ every train timestamp.
///
/// Sizes: of `n` rows, the last `round(n · test)` test and the `round(n · validation)` before them
/// validate (rounded half up); train keeps the rest. Rows sharing a timestamp at a cut are divided by
/// their table position. Throws `DataError.invalidOption` when the data has no timestamps. The seed is
/// not used: the split is fully determined by the data.
///
/// ```swift
/// let split = try TemporalSplitter(train: 0.8, validation: 0.1, test: 0.1).split(dataset, seed: 0)
/// ```
public struct TemporalSplitter: RatioSplitMethod {
    public static let methodName = "temporal"
    public static let summary = "Global cut by time: the earliest share trains, the next validates, the latest tests."

    @Param(in: 0...1, doc: "`[train, validation, test]` shares of all interactions in time order; they sum to 1 (± 1e-6), train and test > 0")
    public var ratios = [0.8, 0.0, 0.2]

    /// The default split, 80 % train and 20 % test.
    public init() {}

    /// Cuts the time-ordered interactions at the ratio quantiles.
    public func split(_ dataset: Dataset, seed: UInt64) throws -> DataSplit {
        try requireValid()
        let table = dataset.interactions
        try SplitSupport.checkSize(table, datasetName: dataset.name)
        let timestamps = try SplitSupport.requireTimestamps(dataset, method: "the temporal split")
        let n = table.count
        let nTest = SplitSupport.share(of: n, test)
        let nValid = min(SplitSupport.share(of: n, validation), n - nTest)
        let order = SplitSupport.orderByTime(timestamps)
        var assignment = [UInt8](repeating: SplitSupport.train, count: n)
        assignment.withUnsafeMutableBufferPointer { a in
            for k in (n - nTest)..<n { a[Int(order[k])] = SplitSupport.test }
            for k in (n - nTest - nValid)..<(n - nTest) { a[Int(order[k])] = SplitSupport.validation }
        }
        return SplitSupport.materialize(table, assignment: assignment)
    }
}
