import RecConfig

/// The files of a split that comes with the data — the spec's `dataset.predefined`, read straight
/// from these declarations — which `PredefinedSplitLoader` reads. Relative paths are resolved
/// against a folder with `resolved(against:)`.
///
/// ```swift
/// let files = try PredefinedFiles.decode(["train": .string("u1.base"), "test": .string("u1.test")])
/// let loader = PredefinedSplitLoader(files.resolved(against: "datasets/ml-100k-raw"), options: DelimitedOptions())
/// ```
public struct PredefinedFiles: Configuration {
    @Param(doc: "training file")
    public var train = ""
    @Param(doc: "validation file (needed for selection on validation and early stopping)")
    public var validation: String? = nil
    @Param(doc: "test file")
    public var test = ""

    /// No files yet: `train` and `test` must be given.
    public init() {}

    /// The given files.
    public init(train: String, validation: String? = nil, test: String) {
        self.train = train; self.validation = validation; self.test = test
    }

    /// The keys a spec must give (their declared default, the empty path, is no file).
    public static let requiredKeys = ["train", "test"]

    /// `train` and `test` are required.
    public func violations() -> [ConfigurationViolation] {
        zip(Self.requiredKeys, [train, test]).filter { $0.1.isEmpty }.map { ConfigurationViolation($0.0, "required key is missing") }
    }

    /// The files with relative paths taken relative to `folder` (unchanged when `folder` is nil).
    public func resolved(against folder: String?) -> PredefinedFiles {
        func path(_ file: String) -> String { file.hasPrefix("/") || folder == nil ? file : folder! + "/" + file }
        return PredefinedFiles(train: path(train), validation: validation.map(path), test: path(test))
    }
}

extension PredefinedSplitLoader {
    /// A loader for `files`, all laid out as `options`.
    public init(_ files: PredefinedFiles, options: DelimitedOptions, name: String? = nil) {
        self.init(train: files.train, validation: files.validation, test: files.test, options: options, name: name)
    }
}
