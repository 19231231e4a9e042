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
