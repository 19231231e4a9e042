import Foundation

/// Everything a run's report shows, as data: written by `reclab run` as `report.json` beside
/// `report.html`, and read back by `reclab report RUN…` to draw one run or overlay several.
///
/// Values are the run's own (means, intervals, per-seed values, traces, paired tests); the report
/// only lays them out. NaN is kept (as the string `"nan"`) so a metric undefined for a trial stays visible.
public struct ReportDocument: Codable, Sendable, Equatable {
    /// Layout version of this file; a reader refuses others.
    public static let currentVersion = 1
    public var version = ReportDocument.currentVersion
    public var name: String
    public var fingerprint: String
    public var description: String?
    /// The selection metric as written (`ndcg@10`) and the split it is read on.
    public var selectionMetric: String
    public var selectionSplit: String
    public var bestModel: String?
    public var referenceModel: String?
    /// The content hashes of the data each fold ran on: runs overlay only when these and
    /// `evaluationSettings` agree.
    public var datasetCacheKeys: [String]
    /// What decides which items are ranked and which count as relevant (candidates, relevance threshold).
    public var evaluationSettings: String
    /// The split in words (`user_ratio 0.8/0.0/0.2`, `5-fold`).
    public var splitDescription: String
    /// Models in spec order.
    public var models: [String]
    /// Test first, then validation, when present.
    public var tables: [MetricTable]
    /// Every pair of models on the selection metric (test), Holm over the pairs.
    public var pairwise: PairwiseTests?
    public var traces: [TrialTrace]
    public var sweeps: [SweepResponse]
    public var subgroups: [SubgroupFigures]
    /// One line per failed trial.
    public var failures: [String]
    /// `manifest.json` and `spec.resolved.json`, as written.
    public var manifest: String
    public var spec: String

    public init(name: String, fingerprint: String, description: String?, selectionMetric: String, selectionSplit: String,
                bestModel: String?, referenceModel: String?, datasetCacheKeys: [String], evaluationSettings: String, splitDescription: String, models: [String],
                tables: [MetricTable], pairwise: PairwiseTests?, traces: [TrialTrace], sweeps: [SweepResponse],
                subgroups: [SubgroupFigures], failures: [String], manifest: String, spec: String) {
        self.name = name; self.fingerprint = fingerprint; self.description = description
        self.selectionMetric = selectionMetric; self.selectionSplit = selectionSplit
        self.bestModel = bestModel; self.referenceModel = referenceModel
        self.datasetCacheKeys = datasetCacheKeys; self.evaluationSettings = evaluationSettings; self.splitDescription = splitDescription; self.models = models
        self.tables = tables; self.pairwise = pairwise; self.traces = traces; self.sweeps = sweeps
        self.subgroups = subgroups; self.failures = failures; self.manifest = manifest; self.spec = spec
    }

    /// `name@` and the fingerprint's first 8 characters: how overlaid runs are told apart.
    public var label: String { "\(name)@\(fingerprint.prefix(8))" }

    /// The test table, when the run has one.
    public var testTable: MetricTable? { tables.first { $0.split == "test" } }
}

/// Models × metrics on one split: the selected configuration's mean, spread and interval over
/// seeds (and folds), with each repetition's value.
public struct MetricTable: Codable, Sendable, Equatable {
    public struct Cell: Codable, Sendable, Equatable {
        public var mean: Double, std: Double
        /// The 95% t interval over the repetitions.
        public var lower: Double, upper: Double
        public var n: Int
        /// Significantly different from the reference (the † mark).
        public var differs: Bool
        public var values: [Repetition]
        public init(mean: Double, std: Double, lower: Double, upper: Double, n: Int, differs: Bool, values: [Repetition]) {
            self.mean = mean; self.std = std; self.lower = lower; self.upper = upper; self.n = n; self.differs = differs; self.values = values
        }
    }

    /// One seed × fold's value.
    public struct Repetition: Codable, Sendable, Equatable {
        public var seed: UInt64
        public var fold: Int?
        public var value: Double
        public init(seed: UInt64, fold: Int?, value: Double) { self.seed = seed; self.fold = fold; self.value = value }
    }

    public struct Row: Codable, Sendable, Equatable {
        public var model: String
        /// The selected configuration (`a=1, b=x`).
        public var parameters: String
        public var refit: Bool
        /// One per metric; nil where the model has no value.
        public var cells: [Cell?]
        public init(model: String, parameters: String, refit: Bool, cells: [Cell?]) {
            self.model = model; self.parameters = parameters; self.refit = refit; self.cells = cells
        }
    }

    public var split: String
    public var metrics: [String]
    /// Per metric: whether a larger value is better (RMSE and MAE are not).
    public var higherIsBetter: [Bool]
    public var rows: [Row]

    public init(split: String, metrics: [String], higherIsBetter: [Bool], rows: [Row]) {
        self.split = split; self.metrics = metrics; self.higherIsBetter = higherIsBetter; self.rows = rows
    }
}

/// Paired t-tests over users between every two models on one metric, Holm-adjusted over all pairs.
public struct PairwiseTests: Codable, Sendable, Equatable {
    public struct Pair: Codable, Sendable, Equatable {
        public var a: String, b: String
        /// Mean over users of a − b.
        public var meanDifference: Double
        public var p: Double, holmP: Double
        /// Cohen's d_z: mean difference over the standard deviation of the differences.
        public var effect: Double
        public var users: Int
        public init(a: String, b: String, meanDifference: Double, p: Double, holmP: Double, effect: Double, users: Int) {
            self.a = a; self.b = b; self.meanDifference = meanDifference; self.p = p; self.holmP = holmP; self.effect = effect; self.users = users
        }
    }

    public var metric: String
    public var models: [String]
    public var pairs: [Pair]
    public init(metric: String, models: [String], pairs: [Pair]) { self.metric = metric; self.models = models; self.pairs = pairs }

    /// The test of `a` against `b` in either order, signed as a − b.
    public func pair(_ a: String, _ b: String) -> Pair? {
        if let p = pairs.first(where: { $0.a == a && $0.b == b }) { return p }
        guard var p = pairs.first(where: { $0.a == b && $0.b == a }) else { return nil }
        (p.a, p.b, p.meanDifference, p.effect) = (a, b, -p.meanDifference, -p.effect)
        return p
    }
}

/// One trial's per-epoch trace: training losses and validation metrics.
public struct TrialTrace: Codable, Sendable, Equatable {
    public struct Series: Codable, Sendable, Equatable {
        /// `loss`, `valid_ndcg@10`, …
        public var name: String
        public var epochs: [Int]
        public var values: [Double]
        public init(name: String, epochs: [Int], values: [Double]) { self.name = name; self.epochs = epochs; self.values = values }

        /// A validation metric (drawn on the right axis) rather than a training loss.
        public var isValidation: Bool { name.hasPrefix("valid") }
    }

    public var model: String
    public var parameters: String
    public var seed: UInt64
    public var fold: Int?
    public var refit: Bool
    /// The trial belongs to the model's selected configuration (or is its refit).
    public var selected: Bool
    /// The epoch early stopping kept.
    public var bestEpoch: Int?
    public var series: [Series]

    public init(model: String, parameters: String, seed: UInt64, fold: Int?, refit: Bool, selected: Bool, bestEpoch: Int?, series: [Series]) {
        self.model = model; self.parameters = parameters; self.seed = seed; self.fold = fold
        self.refit = refit; self.selected = selected; self.bestEpoch = bestEpoch; self.series = series
    }
}

/// A model's sweep: each configuration's selection score against the parameters it varies.
public struct SweepResponse: Codable, Sendable, Equatable {
    public struct Parameter: Codable, Sendable, Equatable {
        public var name: String
        /// `linear`, `log` (a log-uniform distribution, or a grid spanning two decades or more) or `categorical`.
        public var scale: String
        public init(name: String, scale: String) { self.name = name; self.scale = scale }
    }

    public struct Configuration: Codable, Sendable, Equatable {
        public var index: Int
        /// Parameter name → value as text.
        public var values: [String: String]
        /// Mean selection metric over the configuration's trials (NaN when none succeeded).
        public var score: Double
        public var selected: Bool
        public init(index: Int, values: [String: String], score: Double, selected: Bool) {
            self.index = index; self.values = values; self.score = score; self.selected = selected
        }
    }

    public var model: String
    public var metric: String
    public var split: String
    public var parameters: [Parameter]
    public var configurations: [Configuration]
    public init(model: String, metric: String, split: String, parameters: [Parameter], configurations: [Configuration]) {
        self.model = model; self.metric = metric; self.split = split; self.parameters = parameters; self.configurations = configurations
    }
}

/// The ranking metric per subgroup of users or items (activity quartiles, cold vs warm, an attribute).
public struct SubgroupFigures: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public var model: String
        /// Per group: the mean (nil: nobody evaluated in it) and the users it averages.
        public var means: [Double?]
        public var users: [Int?]
        public init(model: String, means: [Double?], users: [Int?]) { self.model = model; self.means = means; self.users = users }
    }

    public var name: String
    public var metric: String
    public var labels: [String]
    public var rows: [Row]
    /// What to keep in mind (multi-valued groups, one fold only).
    public var note: String?
    public init(name: String, metric: String, labels: [String], rows: [Row], note: String?) {
        self.name = name; self.metric = metric; self.labels = labels; self.rows = rows; self.note = note
    }
}

extension ReportDocument {
    /// The encoder of `report.json` (NaN and infinities as strings, keys sorted).
    public static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    /// Reads `report.json` of the run folder `folder` (or a `report.json` path).
    public static func read(_ path: String) throws -> ReportDocument {
        var isDir: ObjCBool = false
        let file = FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue ? path + "/report.json" : path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ReportError("\(file): no report data; run folders written before reports existed get one when `reclab run SPEC` runs again (finished trials are reused, not retrained)")
        }
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let doc: ReportDocument
        do { doc = try d.decode(ReportDocument.self, from: data) } catch {
            throw ReportError("\(file): not a RecLab report data file (\(error))")
        }
        guard doc.version == currentVersion else {
            throw ReportError("\(file): report data version \(doc.version); this reclab reads version \(currentVersion) — rerun `reclab run SPEC`")
        }
        return doc
    }
}

/// A report that cannot be made, with what to do.
public struct ReportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
