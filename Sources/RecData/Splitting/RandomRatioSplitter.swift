import RecConfig
import RecCore

/// Global random split: all interactions are shuffled together and cut into train / validation / test
/// by ratio, ignoring users (RecBole's `RS` with `group_by: none`).
///
/// Sizes: of `n` rows, `round(n · test)` test and `round(n · validation)` validate (rounded half up,
/// see `SplitSupport.roundHalfUp`); train keeps the rest. The rows are chosen by a partial Fisher–Yates
/// shuffle drawn from `SeededGenerator(seed:)`, so the split depends only on the seed and the table.
///
/// ```swift
/// let split = try RandomRatioSplitter(train: 0.8, validation: 0.1, test: 0.1).split(dataset, seed: 1)
/// ```
public struct RandomRatioSplitter: RatioSplitMethod {
    public static let methodName = "random_ratio"
    public static let summary = "Random split of all interactions."

    @Param(in: 0...1, doc: "`[train, validation, test]` shares of all interactions, drawn at random; they sum to 1 (± 1e-6), train and test > 0")
    public var ratios = [0.8, 0.0, 0.2]

    /// The default split, 80 % train and 20 % test.
    public init() {}

    /// Splits `dataset.interactions` at random; deterministic under `seed`.
    public func split(_ dataset: Dataset, seed: UInt64) throws -> DataSplit {
        try requireValid()
        let table = dataset.interactions
        try SplitSupport.checkSize(table, datasetName: dataset.name)
        let n = table.count
        let nTest = SplitSupport.share(of: n, test)
        let nValid = min(SplitSupport.share(of: n, validation), n - nTest)
        var rows = (0..<Int32(n)).map { $0 }
        var assignment = [UInt8](repeating: SplitSupport.train, count: n)
        var rng = SeededGenerator(seed: seed)
        rows.withUnsafeMutableBufferPointer { r in
            SplitSupport.choosePrefix(r, 0..<n, count: nTest + nValid, rng: &rng)
            assignment.withUnsafeMutableBufferPointer { a in
                for k in 0..<nTest { a[Int(r[k])] = SplitSupport.test }
                for k in nTest..<(nTest + nValid) { a[Int(r[k])] = SplitSupport.validation }
            }
        }
        return SplitSupport.materialize(table, assignment: assignment)
    }
}
