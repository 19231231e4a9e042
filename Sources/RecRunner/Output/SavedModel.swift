import Foundation
import RecConfig
import RecData
import RecHDF5
import RecModels

/// A trained model on disk, enough to rebuild it and serve or score it again without the run: what
/// `reclab run` keeps as `models/<model>.h5` in a run folder (`output.save_models`) and what
/// `reclab serve` loads. Written atomically with a checksum sidecar (`SealedFile`); a damaged file is
/// refused, never trusted.
///
/// Layout (version 1, documented in docs/cache-format.md):
///
///     /        attrs: format="reclab-model", version=1, model (the spec's name), type,
///                     parameters (JSON object of the resolved values), seed, trial, fold (−1: none),
///                     refit (0/1), dataset_key
///     /model   the model's own state (`Recommender.save(to:)`)
///     /data    the dataset and split it was trained on, in the dataset cache layout: split/train is
///              exactly what it was fitted on (train + validation for a refit), split/test the test part
///
/// The trial store keeps the same file without `/data` for each trial that may be kept
/// (`<trial>.model.h5`); the run folder's copy adds the data.
public struct SavedModel {
    /// Layout version.
    public static let version: Int64 = 1

    /// What identifies the model: its spec name, type, resolved parameters and seed.
    public struct Header: Sendable, Equatable {
        /// The model's name in the spec (`ials`).
        public var model: String
        /// Its registered type (`implicit_als`).
        public var type: String
        /// Resolved parameter values (a composite's components as `c.type`, `c.<parameter>`).
        public var parameters: [String: ParamValue]
        /// The trial's seed.
        public var seed: UInt64
        /// The trial store key it was trained under.
        public var trial: String
        /// Cross-validation fold, or nil.
        public var fold: Int?
        /// Whether it was refitted on train + validation.
        public var refit: Bool
        /// The dataset cache key of the data it was trained on.
        public var datasetKey: String

        /// A header.
        public init(model: String, type: String, parameters: [String: ParamValue], seed: UInt64, trial: String,
                    fold: Int?, refit: Bool, datasetKey: String) {
            self.model = model; self.type = type; self.parameters = parameters; self.seed = seed; self.trial = trial
            self.fold = fold; self.refit = refit; self.datasetKey = datasetKey
        }
    }

    /// Who the model is.
    public var header: Header
    /// The fitted model.
    public var model: any Recommender
    /// The data it was trained on (nil in a trial store's copy).
    public var data: PreparedData?

    /// A saved model.
    public init(header: Header, model: any Recommender, data: PreparedData?) {
        self.header = header; self.model = model; self.data = data
    }

    /// Writes the file at `path` atomically (never a half-written file under that name).
    public func write(to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try SealedFile.produce(path) { tmp in
            let f = try HDF5File.create(path: tmp)
            defer { f.close() }
            let root = f.root
            try root.setAttribute("format", "reclab-model")
            try root.setAttribute("version", Self.version)
            try root.setAttribute("model", header.model)
            try root.setAttribute("type", header.type)
            let json = try JSONEncoder.sorted.encode(header.parameters)
            try root.setAttribute("parameters", String(decoding: json, as: UTF8.self))
            try root.setAttribute("seed", Int64(bitPattern: header.seed))
            try root.setAttribute("trial", header.trial)
            try root.setAttribute("fold", Int64(header.fold ?? -1))
            try root.setAttribute("refit", Int64(header.refit ? 1 : 0))
            try root.setAttribute("dataset_key", header.datasetKey)
            try model.save(to: root.createGroup("model"))
            if let data {
                // A run keeps only the split's parts (`ExperimentRunner.loadFolds`): the dataset's table
                // is then written as their union, so `/data` is a whole dataset-cache entry.
                var dataset = data.dataset
                if dataset.interactions.count == 0 {
                    dataset.interactions = data.split.train.appending(data.split.validation).appending(data.split.test)
                }
                try CacheFormat.write(dataset, split: data.split, key: header.datasetKey, into: root.createGroup("data"))
            }
        }
    }

    /// Reads the file at `path`: rebuilds the model from its header through the registry and loads its
    /// state. A file whose checksum does not match, or that is not a RecLab model of this version, is
    /// an error naming the path.
    public static func read(from path: String) throws -> SavedModel {
        let state = SealedFile.check(path)
        if let problem = state.problem { throw SavedModelError(path: path, detail: problem) }
        let f = try HDF5File.open(path: path, readOnly: true)
        defer { f.close() }
        let root = f.root
        guard try root.attribute("format", as: String.self) == "reclab-model",
              try root.attribute("version", as: Int64.self) == version else {
            throw SavedModelError(path: path, detail: "not a RecLab model file of version \(version)")
        }
        func text(_ name: String) throws -> String {
            guard let v = try root.attribute(name, as: String.self) else { throw SavedModelError(path: path, detail: "attribute '\(name)' is missing") }
            return v
        }
        let parameters = try JSONDecoder().decode([String: ParamValue].self, from: Data(try text("parameters").utf8))
        let fold = try root.attribute("fold", as: Int64.self) ?? -1
        let header = Header(model: try text("model"), type: try text("type"), parameters: parameters,
                            seed: UInt64(bitPattern: try root.attribute("seed", as: Int64.self) ?? 0), trial: try text("trial"),
                            fold: fold < 0 ? nil : Int(fold), refit: (try root.attribute("refit", as: Int64.self) ?? 0) == 1,
                            datasetKey: try text("dataset_key"))
        let model = try ModelRegistry.make(type: header.type, parameters: parameters, seed: header.seed)
        try model.load(from: root.openGroup("model"))
        var data: PreparedData?
        if root.contains("data") {
            let (dataset, split) = try CacheFormat.read(from: root.openGroup("data"), path: path + ":/data", expectedKey: header.datasetKey)
            guard let split else { throw SavedModelError(path: path, detail: "/data has no split") }
            data = PreparedData(dataset: dataset, split: split)
        }
        return SavedModel(header: header, model: model, data: data)
    }
}

/// A saved model file that cannot be used.
public struct SavedModelError: Error, CustomStringConvertible {
    /// The file.
    public let path: String
    /// What is wrong with it.
    public let detail: String

    /// An error about `path`.
    public init(path: String, detail: String) { self.path = path; self.detail = detail }

    public var description: String { "\(path): \(detail)" }
}

extension JSONEncoder {
    /// An encoder with sorted keys, so the same values always give the same bytes.
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
