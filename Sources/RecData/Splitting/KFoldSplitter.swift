import RecConfig
import RecCore

/// K-fold cross-validation over interactions: the rows are shuffled once under the seed and cut into
/// `folds` consecutive blocks whose sizes differ by at most one (block `f` is ranks
/// `f·n/folds ..< (f+1)·n/folds`); block `fold` tests. Of the remaining rows, `validationFraction`
/// (rounded half up) validate, chosen at random from a second stream derived from `(seed, fold)`.
///
/// Because the shuffle depends only on the seed, the test blocks of `fold = 0 ..< folds` under one seed
/// partition the interactions exactly (Kohavi, "A study of cross-validation and bootstrap", IJCAI 1995).
///
/// ```swift
/// for f in 0..<5 { let s = try KFoldSplitter(folds: 5, fold: f, validationFraction: 0).split(dataset, seed: 7) }
/// ```
public struct KFoldSplitter: FoldedSplitMethod {
    public static let methodName = "kfold"
    public static let summary = "K-fold cross-validation over interactions."

    @Param(in: 2...1000, doc: "number of folds")
    public var folds = 5
    @Param(in: 0...999, doc: "the test fold (0-based, below `folds`), or `\"all\"`: every trial runs once per fold")
    public var fold: FoldChoice = .index(0)
    @Param(in: 0..<1, doc: "share of the non-test rows that validates")
    public var validationFraction = 0.1

    /// Fold 0 of 5 tests; 10 % of the rest validates.
    public init() {}

    /// A splitter for one fold (options checked when splitting).
    public init(folds: Int, fold: Int, validationFraction: Double) {
        self.folds = folds; self.fold = .index(fold); self.validationFraction = validationFraction
    }

    public func violations() -> [ConfigurationViolation] { SplitRules.fold(fold, folds: folds) }
    public var missingValidation: String? { validationFraction > 0 ? nil : "\"validation_fraction\" is 0" }

    /// `k_fold(folds=…,fold=…,validationFraction=…)`.
    public var cacheDescription: String {
        "k_fold(folds=\(folds),fold=\(SplitRules.text(fold)),validationFraction=\(SplitSupport.text(validationFraction)))"
    }

    /// Holds out fold `fold` for testing.
    public func split(_ dataset: Dataset, seed: UInt64) throws -> DataSplit {
        try requireValid()
        let fold = try testFold()
        let table = dataset.interactions
        try SplitSupport.checkSize(table, datasetName: dataset.name)
        let n = table.count
        var rows = (0..<Int32(n)).map { $0 }
        var assignment = [UInt8](repeating: SplitSupport.train, count: n)
        rows.withUnsafeMutableBufferPointer { r in
            let block = SplitSupport.foldBlock(r, folds: folds, fold: fold, seed: seed)
            assignment.withUnsafeMutableBufferPointer { a in
                for k in block { a[Int(r[k])] = SplitSupport.test }
            }
        }
        if validationFraction > 0 {
            // The non-test rows in table order, so the validation draw does not depend on the fold shuffle.
            var rest = [Int32]()
            rest.reserveCapacity(n)
            for p in 0..<n where assignment[p] == SplitSupport.train { rest.append(Int32(p)) }
            let nValid = SplitSupport.share(of: rest.count, validationFraction)
            rest.withUnsafeMutableBufferPointer { r in
                SplitSupport.foldValidationDraw(r, count: nValid, seed: seed, fold: fold)
                assignment.withUnsafeMutableBufferPointer { a in
                    for k in 0..<nValid { a[Int(r[k])] = SplitSupport.validation }
                }
            }
        }
        return SplitSupport.materialize(table, assignment: assignment)
    }
}
