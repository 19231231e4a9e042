import RecConfig

/// The split that comes with the data: separate train / validation / test files, read by the
/// `PredefinedSplitLoader` (`dataset.format` = `predefined`). It has no options and computes nothing;
/// `split` throws, pointing to the loader.
public struct PredefinedSplit: SplitMethod {
    public static let methodName = "predefined"
    public static let summary = "The data comes split (`dataset.format` = `predefined`)."

    /// The predefined split.
    public init() {}

    public var cacheDescription: String { "predefined" }

    /// Throws: predefined parts are read from files, not computed.
    public func split(_ dataset: Dataset, seed: UInt64) throws -> DataSplit {
        throw DataError.invalidOption(
            name: "split",
            detail: "predefined splits are not computed by a splitter: they come from the PredefinedSplitLoader "
                + "(separate train / validation / test files)")
    }
}
