import RecConfig
import RecCore

/// User cold start by k-fold over users: the users that have at least one interaction are shuffled once
/// under the seed and cut into `folds` consecutive blocks whose sizes differ by at most one (block `f` is
/// ranks `f·E/folds ..< (f+1)·E/folds` of the `E` users); the users of block `fold` test with all their
/// interactions. Of the remaining `R` users, `round(R · validationFraction)` (rounded half up) validate
/// with all their interactions, drawn from a second stream derived from `(seed, fold)`; the rest train.
///
/// Because the user shuffle depends only on the seed, the test users of `fold = 0 ..< folds` under one
/// seed partition the users exactly, so every user is a cold test user once — the new-user protocol of
/// Schein et al. ("Methods and metrics for cold-start recommendations", SIGIR 2002) run as k-fold
/// cross-validation over users (Kohavi, IJCAI 1995). No test or validation user has a training row.
///
/// Splitting throws when there are fewer users with interactions than folds (a fold would have no test
/// user) or when the rounded validation share would leave no training user.
///
/// ```swift
/// for f in 0..<5 {
///     let s = try UserColdStartKFoldSplitter(folds: 5, fold: f, validationFraction: 0.1).split(dataset, seed: 0)
/// }
/// ```
public struct UserColdStartKFoldSplitter: FoldedSplitMethod {
    public static let methodName = "user_cold_start_kfold"
    public static let summary = "K-fold over users: the users with interactions are shuffled once under the seed and cut into `folds` blocks "
        + "(sizes differ by ≤ 1); the users of block `fold` are held out whole for test, `validation_fraction` of the other "
        + "users (rounded half up) whole for validation, drawn from a stream of (seed, fold). Under one seed the test users "
        + "of all folds partition the users, so with `\"fold\": \"all\"` every user is a cold test user exactly once. "
        + "Splitting fails when there are fewer users than folds or the validation share would leave no training user."

    @Param(in: 2...1000, doc: "number of folds")
    public var folds = 5
    @Param(in: 0...999, doc: "the test fold (0-based, below `folds`), or `\"all\"`: every trial runs once per fold")
    public var fold: FoldChoice = .index(0)
    @Param(in: 0..<1, doc: "share of the non-test users held out whole for validation")
    public var validationFraction = 0.1

    /// Fold 0 of 5 tests; 10 % of the rest validates.
    public init() {}

    /// A splitter for one fold (options checked when splitting).
    public init(folds: Int, fold: Int, validationFraction: Double) {
        self.folds = folds; self.fold = .index(fold); self.validationFraction = validationFraction
    }

    public func violations() -> [ConfigurationViolation] { SplitRules.fold(fold, folds: folds) }
    public var missingValidation: String? { validationFraction > 0 ? nil : "\"validation_fraction\" is 0" }

    /// `user_cold_start_kfold(folds=…,fold=…,validationFraction=…)`.
    public var cacheDescription: String {
        "user_cold_start_kfold(folds=\(folds),fold=\(SplitRules.text(fold)),validationFraction=\(SplitSupport.text(validationFraction)))"
    }

    /// Holds out the users of fold `fold` for testing.
    public func split(_ dataset: Dataset, seed: UInt64) throws -> DataSplit {
        try requireValid()
        let fold = try testFold()
        let table = dataset.interactions
        try SplitSupport.checkSize(table, datasetName: dataset.name)
        let (users, slots) = SplitSupport.presentEntities(keys: table.users, keyCount: dataset.userCount)
        let e = users.count
        if e < folds {
            throw DataError.invalidOption(
                name: "user_cold_start_kfold.folds",
                detail: "dataset '\(dataset.name)' has \(e) users with interactions, fewer than the \(folds) folds; "
                    + "use at most \(e) folds")
        }
        var partOf = [UInt8](repeating: SplitSupport.train, count: slots)
        var shuffled = users
        shuffled.withUnsafeMutableBufferPointer { u in
            for k in SplitSupport.foldBlock(u, folds: folds, fold: fold, seed: seed) { partOf[Int(u[k])] = SplitSupport.test }
        }
        if validationFraction > 0 {
            // The non-test users in index order, so the validation draw does not depend on the fold shuffle.
            var rest = users.filter { partOf[Int($0)] == SplitSupport.train }
            let nValid = SplitSupport.share(of: rest.count, validationFraction)
            if nValid >= rest.count {
                throw DataError.invalidOption(
                    name: "user_cold_start_kfold.validation_fraction",
                    detail: "\(validationFraction) of the \(rest.count) non-test users of dataset '\(dataset.name)' "
                        + "rounds to \(nValid) validation users and leaves none to train; lower the validation fraction")
            }
            rest.withUnsafeMutableBufferPointer { r in
                SplitSupport.foldValidationDraw(r, count: nValid, seed: seed, fold: fold)
                for k in 0..<nValid { partOf[Int(r[k])] = SplitSupport.validation }
            }
        }
        return SplitSupport.materialize(table, assignment: table.users.map { partOf[Int($0)] })
    }
}
