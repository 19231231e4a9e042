import Foundation
import RecCore

/// Load → preprocess → split, through the HDF5 cache. Every command that needs data calls this, so a
/// second run with the same source bytes and options reads one HDF5 file instead of parsing text.
///
/// ```swift
/// let prepared = try DataPipeline().prepare(DataRequest(source: .known("ml-100k"),
///                                                       split: UserRatioSplitter(train: 0.8, validation: 0, test: 0.2)))
/// ```
public struct DataPipeline: Sendable {
    /// Receives progress and warnings.
    public let log: @Sendable (String) -> Void

    /// A pipeline reporting through `log`.
    public init(log: @escaping @Sendable (String) -> Void = { _ in }) { self.log = log }

    /// The outcome of `run`: dataset, split (nil when none was requested), cache key and whether it was a hit.
    public struct Result: Sendable {
        public let dataset: Dataset
        public let split: DataSplit?
        public let cacheKey: String
        public let cacheHit: Bool
        public let cachePath: String
    }

    /// Loads (or reads from cache) the dataset and split that `request` describes.
    public func run(_ request: DataRequest) throws -> Result {
        let (sourceFiles, options, build) = try keyParts(request)
        let key = try DatasetCache.key(sourceFiles: sourceFiles, options: options)
        let cache = DatasetCache(folder: request.root + "/.cache")
        // Processes that need one entry at once (shards of a sweep starting together) build it once:
        // the first holds the entry's lock, the others wait and then read what it wrote.
        try FileManager.default.createDirectory(at: cache.folder, withIntermediateDirectories: true)
        let entry = try FileLock.holding(cache.path(for: key) + ".lock", wait: 3600, log: log) { try cache.entry(key: key, warn: log) {
            var (dataset, predefinedSplit) = try build()
            let before = dataset.interactions.count
            if predefinedSplit == nil {
                dataset = try Preprocessor.apply(request.preprocessing, to: dataset)
            }
            if dataset.interactions.count != before {
                log("preprocessing kept \(dataset.interactions.count) of \(before) interactions")
            }
            var split = predefinedSplit
            if split == nil, let method = request.split, !(method is PredefinedSplit) {
                split = try method.split(dataset, seed: request.splitSeed)
            }
            return (dataset, split)
        } }
        return Result(dataset: entry.dataset, split: entry.split, cacheKey: key, cacheHit: entry.hit,
                      cachePath: cache.path(for: key))
    }

    /// The whole dataset and split as `PreparedData` (throws if no split was produced).
    public func prepare(_ request: DataRequest) throws -> PreparedData {
        let r = try run(request)
        guard let split = r.split else { throw DataError.invalidOption(name: "split", detail: "a split method is required") }
        return PreparedData(dataset: r.dataset, split: split)
    }

    /// The cache key of `request` — what `run` would read or build — without loading anything but
    /// the bytes of the source files it hashes.
    public func cacheKey(for request: DataRequest) throws -> String {
        let (sourceFiles, options, _) = try keyParts(request)
        return try DatasetCache.key(sourceFiles: sourceFiles, options: options)
    }

    typealias Builder = () throws -> (Dataset, DataSplit?)

    /// The source files and option texts the cache key hashes, and how to build the entry.
    private func keyParts(_ request: DataRequest) throws -> ([String], [String], Builder) {
        let (loaderDescription, sourceFiles, build) = try resolve(request)
        var options = [loaderDescription, request.preprocessing.cacheDescription]
        if let split = request.split {
            try split.requireValid()
            if !(split is PredefinedSplit) {
                options.append("split=\(split.cacheDescription);seed=\(request.splitSeed)")
            }
        } else if case .predefined = request.source {
            options.append("split=predefined")
        } else {
            options.append("split=none")
        }
        return (sourceFiles, options, build)
    }

    /// The loader description (part of the cache key), source files and builder of `request.source`.
    func resolve(_ request: DataRequest) throws -> (String, [String], Builder) {
        switch request.source {
        case .known("synthetic"):
            return try resolve(DataRequest(source: .synthetic(.small), preprocessing: request.preprocessing,
                                           split: request.split, splitSeed: request.splitSeed, root: request.root))
        case .known("ml-100k"):
            let folder = request.root + "/ml-100k"
            guard FileManager.default.fileExists(atPath: folder + "/ml-100k.inter") else {
                throw DataError.missingFile(path: folder + "/ml-100k.inter (run `reclab data fetch ml-100k` first)")
            }
            return try resolve(DataRequest(source: .path(folder, format: .atomic), preprocessing: request.preprocessing,
                                           split: request.split, splitSeed: request.splitSeed, root: request.root), name: "ml-100k")
        case .known("ml-1m"):
            let folder = request.root + "/ml-1m-grouplens"
            guard FileManager.default.fileExists(atPath: folder + "/ratings.dat") else {
                throw DataError.missingFile(path: folder + "/ratings.dat (run `reclab data fetch PATH/ml-1m.zip` with the GroupLens zip first)")
            }
            return try resolve(DataRequest(source: .path(folder, format: .groupLens), preprocessing: request.preprocessing,
                                           split: request.split, splitSeed: request.splitSeed, root: request.root), name: "ml-1m")
        case .known(let other):
            throw DataError.invalidOption(name: "dataset", detail: "unknown dataset '\(other)'; known: \(DataSource.knownNames.joined(separator: ", ")) or a path")
        case let .synthetic(options):
            return ("synthetic:\(options.cacheDescription)", [], { (SyntheticGenerator(options).generate(), nil) })
        case let .path(path, format):
            return try resolve(request, name: nil, path: path, format: format)
        case let .predefined(train, validation, test, options, sideData):
            return try resolvePredefined(PredefinedSplitLoader(train: train, validation: validation, test: test,
                                                               options: options ?? SplitFileLayout.recognise(train)),
                                         sideData: sideData, root: request.root)
        case let .sql(source):
            return try resolveSQL(source)
        }
    }

    private func resolve(_ request: DataRequest, name: String) throws -> (String, [String], Builder) {
        guard case let .path(path, format) = request.source else { fatalError("unreachable") }
        return try resolve(request, name: name, path: path, format: format)
    }

    private func resolve(_ request: DataRequest, name: String?, path: String, format: DatasetFormat?) throws -> (String, [String], Builder) {
        let loader = try makeLoader(path: path, format: format)
        let files = try loader.sourceFiles()
        var formatText = format?.cacheDescription ?? "auto"
        if format == nil, let delimited = loader as? DelimitedLoader {
            // A guessed layout is part of the key: a better guess must not reuse an entry read another way.
            formatText += ":" + delimited.options.cacheDescription
            log("\(path): read as a delimited file: \(DelimitedSniffer.describe(delimited.options)) (guessed; name the layout in dataset.delimited to change it)")
        }
        return ("loader:\(type(of: loader)):\(formatText)", files, {
            var d = try loader.load()
            if let name { d.name = name }
            return (d, nil)
        })
    }
}
