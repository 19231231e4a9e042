/// Checking split options and turning a `SplitMethod` into the `Splitter` that implements it.
///
/// ```swift
/// let method = SplitMethod.userRatio(train: 0.8, validation: 0.1, test: 0.1)
/// try method.validate()
/// let split = try method.makeSplitter().split(dataset, seed: 42)
/// ```
extension SplitMethod {
    /// Tolerance on the sum of (train, validation, test) ratios.
    public static let ratioTolerance = 1e-6

    /// The concrete splitter for this method, after `validate()`.
    ///
    /// Throws `DataError.invalidOption` for impossible values and for `.predefined`, whose partitions are
    /// read from files by the `PredefinedSplitLoader` rather than computed.
    public func makeSplitter() throws -> any Splitter {
        try validate()
        switch self {
        case let .randomRatio(train, validation, test):
            return RandomRatioSplitter(train: train, validation: validation, test: test)
        case let .userRatio(train, validation, test):
            return UserRatioSplitter(train: train, validation: validation, test: test)
        case let .temporal(train, validation, test):
            return TemporalSplitter(train: train, validation: validation, test: test)
        case let .userTemporal(lastN, lastFraction, validation):
            return UserTemporalSplitter(lastN: lastN, lastFraction: lastFraction, validation: validation)
        case let .leaveOneOut(latest, validation):
            return LeaveOneOutSplitter(latest: latest, validation: validation)
        case let .kFold(folds, fold, validationFraction):
            return KFoldSplitter(folds: folds, fold: fold, validationFraction: validationFraction)
        case let .userColdStart(validationFraction, testFraction):
            return UserColdStartSplitter(validationFraction: validationFraction, testFraction: testFraction)
        case let .userColdStartKFold(folds, fold, validationFraction):
            return UserColdStartKFoldSplitter(folds: folds, fold: fold, validationFraction: validationFraction)
        case let .itemColdStart(validationFraction, testFraction):
            return ItemColdStartSplitter(validationFraction: validationFraction, testFraction: testFraction)
        case .predefined:
            throw DataError.invalidOption(
                name: "split",
                detail: "predefined splits are not computed by a splitter: they come from the PredefinedSplitLoader "
                    + "(separate train / validation / test files)")
        }
    }

    /// Throws `DataError.invalidOption` (naming the option and the fix) when the values are impossible:
    /// ratios negative, not finite, with train = 0 or not summing to 1 ± `ratioTolerance`; `folds < 2` or
    /// `fold` outside `0..<folds`; fractions outside [0, 1) or held-out fractions summing to ≥ 1;
    /// `userTemporal` without exactly one of `lastN ≥ 1` / `lastFraction` in (0, 1). (Whether a
    /// `userColdStartKFold` split leaves a training user depends on the data and is checked when splitting.)
    public func validate() throws {
        switch self {
        case let .randomRatio(t, v, s): try Self.checkRatios("random_ratio", t, v, s)
        case let .userRatio(t, v, s): try Self.checkRatios("user_ratio", t, v, s)
        case let .temporal(t, v, s): try Self.checkRatios("temporal", t, v, s)
        case let .userTemporal(lastN, lastFraction, _):
            switch (lastN, lastFraction) {
            case (nil, nil), (.some, .some):
                throw DataError.invalidOption(name: "user_temporal",
                                              detail: "give exactly one of lastN or lastFraction")
            case (.some(let n), nil) where n < 1:
                throw DataError.invalidOption(name: "user_temporal.lastN", detail: "must be ≥ 1, got \(n)")
            case (nil, .some(let f)) where !(f > 0 && f < 1):
                throw DataError.invalidOption(name: "user_temporal.lastFraction",
                                              detail: "must lie in (0, 1), got \(f)")
            default: break
            }
        case .leaveOneOut: break
        case let .kFold(folds, fold, validationFraction):
            try Self.checkFolds("k_fold", folds: folds, fold: fold, validationFraction: validationFraction)
        case let .userColdStartKFold(folds, fold, validationFraction):
            try Self.checkFolds("user_cold_start_kfold", folds: folds, fold: fold, validationFraction: validationFraction)
        case let .userColdStart(v, t): try Self.checkHeldOut("user_cold_start", validation: v, test: t)
        case let .itemColdStart(v, t): try Self.checkHeldOut("item_cold_start", validation: v, test: t)
        case .predefined: break
        }
    }

    private static func checkRatios(_ name: String, _ train: Double, _ validation: Double, _ test: Double) throws {
        for (label, r) in [("train", train), ("validation", validation), ("test", test)] where !(r.isFinite && r >= 0) {
            throw DataError.invalidOption(name: "\(name).\(label)", detail: "ratio must be a number ≥ 0, got \(r)")
        }
        if train == 0 {
            throw DataError.invalidOption(name: "\(name).train", detail: "train ratio must be positive")
        }
        let sum = train + validation + test
        if abs(sum - 1) > ratioTolerance {
            throw DataError.invalidOption(
                name: name, detail: "train + validation + test must sum to 1, got \(train) + \(validation) + \(test) = \(sum)")
        }
    }

    private static func checkFolds(_ name: String, folds: Int, fold: Int, validationFraction: Double) throws {
        if folds < 2 {
            throw DataError.invalidOption(name: "\(name).folds", detail: "needs at least 2 folds, got \(folds)")
        }
        if fold < 0 || fold >= folds {
            throw DataError.invalidOption(name: "\(name).fold",
                                          detail: "fold \(fold) is outside 0..<\(folds) (folds are 0-based)")
        }
        try checkFraction("\(name).validationFraction", validationFraction)
    }

    private static func checkFraction(_ name: String, _ f: Double) throws {
        if !(f >= 0 && f < 1) {
            throw DataError.invalidOption(name: name, detail: "fraction must lie in [0, 1), got \(f)")
        }
    }

    private static func checkHeldOut(_ name: String, validation: Double, test: Double) throws {
        try checkFraction("\(name).validationFraction", validation)
        try checkFraction("\(name).testFraction", test)
        if validation + test >= 1 {
            throw DataError.invalidOption(
                name: name, detail: "validationFraction + testFraction must be < 1 so some remain for training, "
                    + "got \(validation) + \(test)")
        }
    }
}
