/// What to do when the same (user, item) pair occurs more than once.
public enum DuplicatePolicy: String, Sendable, Codable, CaseIterable {
    /// Keep the latest occurrence (by timestamp if present, else by file order).
    case keepLast = "keep_last"
    /// Keep one row whose rating is the mean of the duplicates (latest timestamp).
    case mean
    /// Refuse the data: a duplicate is an error naming the pair.
    case error
    /// Keep every row as it is.
    case keepAll = "keep_all"
}

/// Preprocessing applied after loading and before splitting, in this order: duplicates,
/// implicit threshold, minimum counts, iterative k-core.
public struct PreprocessingOptions: Sendable, Equatable, Codable {
    /// Duplicate (user, item) policy.
    public var duplicates: DuplicatePolicy = .keepLast
    /// If set, interactions with rating ≥ threshold become positive implicit feedback (rating
    /// column dropped) and the others are removed.
    public var implicitThreshold: Float? = nil
    /// One-pass minimum number of interactions per user (0 = off).
    public var minUserInteractions: Int = 0
    /// One-pass minimum number of interactions per item (0 = off).
    public var minItemInteractions: Int = 0
    /// Iterative k-core: repeat until every user has ≥ userCore and every item ≥ itemCore (0 = off).
    public var userCore: Int = 0
    /// See `userCore`.
    public var itemCore: Int = 0

    /// Defaults: keep last duplicate, nothing else.
    public init(duplicates: DuplicatePolicy = .keepLast, implicitThreshold: Float? = nil,
                minUserInteractions: Int = 0, minItemInteractions: Int = 0, userCore: Int = 0, itemCore: Int = 0) {
        self.duplicates = duplicates; self.implicitThreshold = implicitThreshold
        self.minUserInteractions = minUserInteractions; self.minItemInteractions = minItemInteractions
        self.userCore = userCore; self.itemCore = itemCore
    }

    /// Stable text of every option (part of the cache key).
    public var cacheDescription: String {
        "dup=\(duplicates.rawValue);implicit=\(implicitThreshold.map { "\($0)" } ?? "none");"
            + "minU=\(minUserInteractions);minI=\(minItemInteractions);coreU=\(userCore);coreI=\(itemCore)"
    }
}

/// How to partition interactions into train / validation / test. Every method is seeded.
/// Ratios are (train, validation, test) and must sum to 1; validation may be 0.
public enum SplitMethod: Sendable, Equatable, Codable {
    /// Global random split of all interactions.
    case randomRatio(train: Double, validation: Double, test: Double)
    /// Random split within each user's interactions (each user keeps ≥ 1 training row when possible).
    case userRatio(train: Double, validation: Double, test: Double)
    /// Global cut by time: the earliest `train` fraction trains, the next validates, the latest tests.
    case temporal(train: Double, validation: Double, test: Double)
    /// Per user by time: the last `lastN` interactions (or last `lastFraction`) test, the ones before
    /// them (same amount) validate when `validation` is true.
    case userTemporal(lastN: Int?, lastFraction: Double?, validation: Bool)
    /// One test and (optionally) one validation interaction per user, chosen at random or the latest.
    case leaveOneOut(latest: Bool, validation: Bool)
    /// K-fold cross-validation over interactions: fold `fold` (0-based) tests; `validationFraction` of
    /// the remaining rows validate.
    case kFold(folds: Int, fold: Int, validationFraction: Double)
    /// A `testFraction` of users (and `validationFraction` more) are held out entirely.
    case userColdStart(validationFraction: Double, testFraction: Double)
    /// K-fold over users: the users are cut into `folds` blocks under the seed and the users of block
    /// `fold` (0-based) are held out entirely for test, so across folds every user is a cold test user
    /// once; `validationFraction` of the remaining users are held out entirely for validation.
    case userColdStartKFold(folds: Int, fold: Int, validationFraction: Double)
    /// A `testFraction` of items (and `validationFraction` more) are held out entirely.
    case itemColdStart(validationFraction: Double, testFraction: Double)
    /// The split comes with the data (separate train/valid/test files).
    case predefined
}
