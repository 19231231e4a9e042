import Foundation
import RecCore
import RecData
import RecModels
import RecSpec

/// One model timing of `reclab bench models`, in the JSON form `scripts/peers/report.py` reads.
public struct ModelBenchmarkResult: Sendable, Codable {
    /// Case name (`biased_mf`, `ials_cg`, `ials_cholesky`, `bpr`, `item_knn`).
    public let name: String
    /// Model type and its parameters as the spec gives them.
    public let model: String
    /// The spec whose data and model entry were used.
    public let spec: String
    /// `fit` (one whole `fit`) or `epoch` (one `trainEpoch` after `prepare`).
    public let unit: String
    /// Median of the timed runs, seconds.
    public let seconds: Double
    /// Every timed run, seconds (the warm-up excluded).
    public let times: [Double]
    /// Users × items of the index space and training interactions.
    public let users: Int, items: Int, trainInteractions: Int
    /// Quality figures: test `rmse` (mean and `rmse_std` over the timed fits' seeds) for rating models,
    /// the last epoch's `loss` for epoch cases.
    public let quality: [String: Double]
    /// `Parallelism.maxThreads` (RECLAB_THREADS) and the model's own thread count where it has one.
    public let threads: Int
    /// 1-minute load average before and after the case (other processes share the cores).
    public let loadBefore: Double, loadAfter: Double
}

/// Times RecLab's collaborative-filtering models on the data of the benchmark specs
/// (`experiments/bench_ml100k_ratings.json`, `experiments/bench_synthetic_16m.json`), each model built
/// from its entry in the spec through the model registry, so the peer scripts in `scripts/peers/`
/// read the same settings and the same split (`reclab data export`).
///
/// A `fit` case times `fit` on a fresh model (one warm-up, then `repetitions` runs); an `epoch` case
/// calls `prepare` once, runs one warm-up `trainEpoch` and times the next `repetitions` epochs one by
/// one. The figure is the median.
///
/// ```swift
/// let results = try ModelBenchmarks(root: "datasets", only: ["biased_mf"]).run()
/// ```
public struct ModelBenchmarks {
    /// What one case measures.
    public enum Unit: String, Sendable { case fit, epoch }

    /// One benchmark case: a model entry of a spec and what to time.
    public struct Case: Sendable {
        public let name: String, spec: String, unit: Unit, repetitions: Int
        public init(name: String, spec: String, unit: Unit, repetitions: Int) {
            self.name = name; self.spec = spec; self.unit = unit; self.repetitions = repetitions
        }
    }

    /// The cases of BENCHMARKS.md's peers section; the case name is the model's name in its spec.
    public static func standardCases(ratingsSpec: String = "experiments/bench_ml100k_ratings.json",
                                     syntheticSpec: String = "experiments/bench_synthetic_16m.json") -> [Case] {
        [Case(name: "biased_mf", spec: ratingsSpec, unit: .fit, repetitions: 5),
         Case(name: "ials_cg", spec: syntheticSpec, unit: .epoch, repetitions: 3),
         Case(name: "ials_cholesky", spec: syntheticSpec, unit: .epoch, repetitions: 3),
         Case(name: "bpr", spec: syntheticSpec, unit: .epoch, repetitions: 3),
         Case(name: "item_knn", spec: syntheticSpec, unit: .fit, repetitions: 3)]
    }

    /// Datasets root.
    public let root: String
    /// Cases to run.
    public let cases: [Case]
    /// When set, synthetic specs use `SyntheticOptions.scaled(interactions:)` (seed 42) instead of their
    /// own sizes (smaller runs, e.g. for profiling; peers then do not see the same data).
    public let interactions: Int?
    /// Progress lines.
    public let log: @Sendable (String) -> Void

    /// A suite over `cases` (the standard ones by default), restricted to the names in `only` when given.
    public init(root: String, cases: [Case] = ModelBenchmarks.standardCases(), only: Set<String>? = nil,
                interactions: Int? = nil, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.root = root; self.interactions = interactions; self.log = log
        self.cases = cases.filter { only?.contains($0.name) ?? true }
    }

    /// Runs every case; data of a spec is prepared once (through the HDF5 cache) and shared.
    public func run() throws -> [ModelBenchmarkResult] {
        var prepared: [String: (TrainingData, PreparedData)] = [:]
        var out: [ModelBenchmarkResult] = []
        for c in cases {
            let spec = try ExperimentSpec.load(path: c.spec, context: ExperimentRunner.specContext)
            if prepared[c.spec] == nil {
                var request = try spec.dataRequest(fold: nil, root: root)
                if let n = interactions, case .synthetic = request.source {
                    var o = SyntheticOptions.scaled(interactions: n); o.seed = 42
                    request.source = .synthetic(o)
                }
                let p = try DataPipeline(log: log).prepare(request)
                prepared[c.spec] = (TrainingData(p), p)
            }
            let (data, p) = prepared[c.spec]!
            let trials = try spec.trials().filter { $0.modelName == c.name }
            guard !trials.isEmpty else {
                throw DataError.invalidOption(name: c.name, detail: "no model named '\(c.name)' in \(c.spec)")
            }
            out.append(try measure(c, trials: trials, data: data, test: p.split.test))
        }
        return out
    }

    /// Times one case. `trials` are the model's trials, one per seed of the spec: a `fit` case cycles
    /// through them over its repetitions (so test RMSE is a mean over seeds); an `epoch` case uses the first.
    func measure(_ c: Case, trials: [TrialPlan], data: TrainingData, test: InteractionTable) throws -> ModelBenchmarkResult {
        let trial = trials[0]
        func make(_ t: TrialPlan) throws -> any Recommender { try ModelRegistry.make(type: t.modelType, parameters: t.params, seed: t.seed) }
        let loadBefore = Self.loadAverage()
        log("\(c.name): \(trial.modelType) \(trial.paramsText()) on \(data.userCount) users × \(data.itemCount) items, "
            + "\(data.train.count) training interactions; load \(loadBefore)")
        var times: [Double] = []
        var quality: [String: Double] = [:]
        switch c.unit {
        case .fit:
            try make(trial).fit(data, observer: nil)   // warm-up
            var rmse: [Double] = []
            for k in 0..<c.repetitions {
                let model = try make(trials[k % trials.count])
                times.append(try Stopwatch.seconds { try model.fit(data, observer: nil) })
                log(String(format: "  fit %.3f s (seed %d)", times.last!, trials[k % trials.count].seed))
                if model.predictsRatings, let ratings = test.ratings, test.count > 0 {
                    let predicted = model.predict(users: test.users, items: test.items)
                    var squared = 0.0
                    for i in 0..<test.count { let e = Double(predicted[i] - ratings[i]); squared += e * e }
                    rmse.append((squared / Double(test.count)).squareRoot())
                }
            }
            if !rmse.isEmpty {
                let mean = rmse.reduce(0, +) / Double(rmse.count)
                quality["rmse"] = mean
                quality["rmse_std"] = rmse.count > 1
                    ? (rmse.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(rmse.count - 1)).squareRoot() : 0
                quality["seeds"] = Double(rmse.count)
            }
        case .epoch:
            guard let model = try make(trial) as? any EpochTrainable else {
                throw DataError.invalidOption(name: c.name, detail: "\(trial.modelType) is not trained by epochs")
            }
            try model.prepare(data)
            var losses = try model.trainEpoch(1)   // warm-up
            for epoch in 2...(c.repetitions + 1) {
                times.append(try Stopwatch.seconds { losses = try model.trainEpoch(epoch) })
                log(String(format: "  epoch %d: %.3f s, loss %.6g", epoch, times.last!, losses["loss"] ?? .nan))
            }
            quality["loss"] = losses["loss"]
            quality["epochs"] = Double(c.repetitions + 1)
        }
        let sorted = times.sorted()
        return ModelBenchmarkResult(
            name: c.name, model: "\(trial.modelType) \(trial.paramsText())", spec: c.spec, unit: c.unit.rawValue,
            seconds: sorted[sorted.count / 2], times: times, users: data.userCount, items: data.itemCount,
            trainInteractions: data.train.count, quality: quality, threads: Parallelism.maxThreads,
            loadBefore: loadBefore, loadAfter: Self.loadAverage())
    }

    /// The 1-minute load average from /proc/loadavg (-1 where unavailable).
    static func loadAverage() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
              let first = text.split(separator: " ").first, let v = Double(first) else { return -1 }
        return v
    }

    /// The results as a Markdown table (RecLab's side only; the peers table is assembled by
    /// `scripts/peers/report.py`).
    public static func markdown(_ results: [ModelBenchmarkResult]) -> String {
        var md = "| case | model | unit | median (s) | runs | train interactions | quality | load |\n"
        md += "| --- | --- | --- | ---: | ---: | ---: | --- | --- |\n"
        for r in results {
            let q = r.quality.keys.sorted().map { "\($0) \(String(format: "%.4g", r.quality[$0]!))" }.joined(separator: ", ")
            md += "| \(r.name) | \(r.model) | \(r.unit) | \(String(format: "%.3f", r.seconds)) | \(r.times.count) | "
            md += "\(r.trainInteractions) | \(q) | \(String(format: "%.2f→%.2f", r.loadBefore, r.loadAfter)) |\n"
        }
        return md
    }
}
