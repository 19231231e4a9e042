import RecConfig

/// The files of a split that comes with the data — the spec's `dataset.predefined`, read straight
/// from these declarations — which `PredefinedSplitLoader` reads, and the dataset whose side data
/// (user and item attributes, knowledge graph) the split is joined with. Relative split files are
/// resolved against a folder with `resolved(against:)`; `sideData` names a dataset as
/// `dataset.source` does (a known name or a path from the working directory).
///
/// ```swift
/// let files = try PredefinedFiles.decode(["train": .string("train.tsv"), "test": .string("test.tsv"),
///                                         "side_data": .string("ml-100k")])
/// let source = files.resolved(against: "exports/run1").dataSource(options: nil)
/// ```
public struct PredefinedFiles: Configuration {
    @Param(doc: "training file")
    public var train = ""
    @Param(doc: "validation file (needed for selection on validation and early stopping)")
    public var validation: String? = nil
    @Param(doc: "test file")
    public var test = ""
    @Param(doc: "dataset whose user and item attributes and knowledge graph the split is joined with, named as "
        + "`dataset.source` names one (`ml-100k`, or an atomic or GroupLens folder); null means the split files alone")
    public var sideData: String? = nil

    /// No files yet: `train` and `test` must be given.
    public init() {}

    /// The given files.
    public init(train: String, validation: String? = nil, test: String, sideData: String? = nil) {
        self.train = train; self.validation = validation; self.test = test; self.sideData = sideData
    }

    /// The keys a spec must give (their declared default, the empty path, is no file).
    public static let requiredKeys = ["train", "test"]

    /// `train` and `test` are required.
    public func violations() -> [ConfigurationViolation] {
        zip(Self.requiredKeys, [train, test]).filter { $0.1.isEmpty }.map { ConfigurationViolation($0.0, "required key is missing") }
    }

    /// The files with relative paths taken relative to `folder` (unchanged when `folder` is nil).
    /// `sideData` names a dataset, not a split file, so it is left as it is.
    public func resolved(against folder: String?) -> PredefinedFiles {
        func path(_ file: String) -> String { file.hasPrefix("/") || folder == nil ? file : folder! + "/" + file }
        return PredefinedFiles(train: path(train), validation: validation.map(path), test: path(test), sideData: sideData)
    }

    /// The pipeline's source for these files, read as `options` (nil: recognised from the training
    /// file's header, see `SplitFileLayout`), joined with `sideData` when it is given.
    public func dataSource(options: DelimitedOptions?) -> DataSource {
        .predefined(train: train, validation: validation, test: test, options: options,
                    sideData: sideData.map(DataSource.parse))
    }
}

extension PredefinedSplitLoader {
    /// A loader for `files`, all laid out as `options` (`files.sideData` is joined by the pipeline).
    public init(_ files: PredefinedFiles, options: DelimitedOptions, name: String? = nil) {
        self.init(train: files.train, validation: files.validation, test: files.test, options: options, name: name)
    }
}
