import RecCore

/// Reads one data source into a `Dataset`. Errors are `DataError`s that name file and line.
public protocol DataLoader: Sendable {
    /// Loads the source. Throws `DataError` on any malformed input; never returns partial data.
    func load() throws -> Dataset
    /// The files whose bytes determine the result (for the cache key), in a stable order.
    func sourceFiles() throws -> [String]
}

/// Partitions interactions into train / validation / test, deterministically under `seed`.
public protocol Splitter: Sendable {
    /// A stable, human-readable description of the splitter and all its options (part of the cache key).
    var cacheDescription: String { get }
    /// Splits `dataset.interactions`. Positions refer to the same user and item index space.
    func split(_ dataset: Dataset, seed: UInt64) throws -> DataSplit
}
