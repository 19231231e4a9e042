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
public struct RandomRatioSplitter: Splitter {
    /// Ratios (train, validation, test); they must sum to 1.
    public var train: Double, validation: Double, test: Double

    /// A splitter with the given ratios (checked when splitting).
    public init(train: Double, validation: Double, test: Double) {
        self.train = train; self.validation = validation; self.test = test
    }

    /// The `SplitMethod` this splitter implements.
    public var method: SplitMethod { .randomRatio(train: train, validation: validation, test: test) }

    /// `random_ratio(train=…,validation=…,test=…)`.
    public var cacheDescription: String {
        "random_ratio(train=\(SplitSupport.text(train)),validation=\(SplitSupport.text(validation)),"
            + "test=\(SplitSupport.text(test)))"
    }

    /// Splits `dataset.interactions` at random; deterministic under `seed`.
    public func split(_ dataset: Dataset, seed: UInt64) throws -> DataSplit {
        try method.validate()
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
