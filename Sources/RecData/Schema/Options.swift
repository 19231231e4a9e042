import RecConfig

/// What to do when the same (user, item) pair occurs more than once.
public enum DuplicatePolicy: String, Sendable, Codable, ChoiceParameter {
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
/// implicit threshold, minimum counts, iterative k-core. The spec's `dataset.preprocessing` section
/// is read straight from these declarations.
public struct PreprocessingOptions: Configuration {
    @Param(doc: "repeated (user, item) pairs: keep the latest (by timestamp, else file order), average their ratings, "
           + "refuse the data, or keep them all")
    public var duplicates = DuplicatePolicy.keepLast
    /// Rows rated at or above it become positive implicit feedback (the rating column is dropped); the
    /// others are removed.
    @Param(doc: "if set, interactions rated ≥ threshold become positive implicit feedback and the rest are dropped")
    public var implicitThreshold: Float? = nil
    @Param(in: .atLeast(0), doc: "one-pass minimum interactions per user (0 = off)")
    public var minUserInteractions = 0
    @Param(in: .atLeast(0), doc: "one-pass minimum interactions per item (0 = off)")
    public var minItemInteractions = 0
    @Param(in: .atLeast(0), doc: "iterative k-core: repeat filtering until every user has ≥ `user_core` and every item "
           + "≥ `item_core` interactions (0 = off)")
    public var userCore = 0
    @Param(in: .atLeast(0), doc: "see `user_core`")
    public var itemCore = 0

    /// Defaults: keep last duplicate, nothing else.
    public init() {}

    /// Options with the given values; the defaults keep the last duplicate and nothing else.
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
