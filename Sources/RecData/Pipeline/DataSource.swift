import Foundation

/// Where a dataset comes from, as a spec or the command line names it.
public indirect enum DataSource: Sendable, Equatable {
    /// A dataset known by name: `ml-100k`, `ml-1m` (fetched into the datasets root) or `synthetic`
    /// (the small embedded synthetic set).
    case known(String)
    /// A folder or file in a supported format (detected when `format` is nil).
    case path(String, format: DatasetFormat?)
    /// The seeded synthetic generator with explicit options.
    case synthetic(SyntheticOptions)
    /// Separate train / validation / test files that fix the split, laid out as `options` (nil: as
    /// `SplitFileLayout` recognises the training file's header), optionally joined with the user and
    /// item attributes and knowledge graph of the dataset `sideData` (see `SideDataJoin`).
    case predefined(train: String, validation: String?, test: String, options: DelimitedOptions?, sideData: DataSource? = nil)
    /// The rows of SQL queries against a database (see `SQLTableReader` for the columns).
    case sql(SQLSource)

    /// Names accepted by `.known`.
    public static let knownNames = ["ml-100k", "ml-1m", "synthetic"]

    /// Parses a command-line argument: a known name, else a path.
    public static func parse(_ text: String) -> DataSource {
        knownNames.contains(text) ? .known(text) : .path(text, format: nil)
    }

    /// ML-100K when it has been fetched into `root`, otherwise the embedded synthetic set.
    public static func defaultSource(root: String) -> DataSource {
        FileManager.default.fileExists(atPath: root + "/ml-100k/ml-100k.inter") ? .known("ml-100k") : .known("synthetic")
    }
}

/// A complete data request: source, preprocessing and (optionally) a seeded split.
public struct DataRequest: Sendable {
    /// Where the data comes from.
    public var source: DataSource
    /// Preprocessing applied before splitting.
    public var preprocessing: PreprocessingOptions
    /// Split method, or nil for the whole dataset (as `data info` uses it).
    public var split: (any SplitMethod)?
    /// Seed of the split.
    public var splitSeed: UInt64
    /// Datasets root folder (known datasets live under it; the cache in `<root>/.cache`).
    public var root: String

    /// Builds a request.
    public init(source: DataSource, preprocessing: PreprocessingOptions = PreprocessingOptions(),
                split: (any SplitMethod)? = nil, splitSeed: UInt64 = 0, root: String = "datasets") {
        self.source = source; self.preprocessing = preprocessing; self.split = split
        self.splitSeed = splitSeed; self.root = root
    }
}
