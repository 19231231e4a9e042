import Foundation
import RecAutodiff
import RecCore
import RecData
import RecEval
import RecModels
import RecSpec

/// One kernel of `reclab bench limits`: its best time, the work it cannot avoid (`KernelWork`) and
/// the bound that work implies on this machine.
public struct KernelLimitResult: Sendable, Codable {
    /// What was timed (`iALS epoch, CG`, …).
    public let kernel: String
    /// The data and settings it ran on.
    public let data: String
    /// Best of the timed runs, seconds.
    public let seconds: Double
    /// Every timed run, seconds.
    public let times: [Double]
    /// Threads the kernel runs on (the bound uses the peaks measured on as many).
    public let threads: Int
    /// Its counted flops and bytes.
    public let work: KernelWork
    /// The peaks the bound divides by.
    public let peakGFLOPS: Double, bandwidthGBps: Double

    /// The time the flops alone take at `sgemm` peak.
    public var flopSeconds: Double { work.flops / (peakGFLOPS * 1e9) }
    /// The time the bytes alone take at stream bandwidth.
    public var byteSeconds: Double { work.bytes / (bandwidthGBps * 1e9) }
    /// The kernel's bound: the larger of the two.
    public var boundSeconds: Double { max(flopSeconds, byteSeconds) }
    /// Whether the flops, not the bytes, set the bound (a dense kernel).
    public var isComputeBound: Bool { flopSeconds >= byteSeconds }
    /// Bound ÷ achieved: 1 is the machine's limit.
    public var fractionOfBound: Double { boundSeconds / seconds }
    /// The issue's targets: a compute-bound kernel at ≥ 60% of sgemm peak, a memory-bound one within
    /// 2× of its bandwidth bound.
    public var target: Double { isComputeBound ? 0.6 : 0.5 }
    public var meetsTarget: Bool { fractionOfBound >= target }
}

/// `reclab bench limits`: the machine's ceilings (`MachineLimits`), then RecLab's hot kernels timed on
/// the data of `experiments/bench_synthetic_16m.json` (106,666 users × 20,000 items, 15.8M training
/// interactions) and each set against the bound its counted work implies (`KernelWork`).
///
/// The kernels run as `reclab run` runs them with `"blas_threads": 1`: models parallelise over rows on
/// `Parallelism.maxThreads` threads and OpenBLAS stays on one thread inside them, except EASE, whose
/// LAPACK factorisation gets every thread (its Gram and scaling are single-threaded loops). The MLP
/// step is the one-thread `AutodiffBenchmark`. EASE runs on the 1M-interaction synthetic set
/// (6,666 users × 5,000 items): the 20,000-item inverse would take minutes and 3 GB.
///
/// ```swift
/// let (limits, kernels) = try LimitBenchmarks(root: "datasets").run()
/// print(LimitBenchmarks.markdown(limits: limits, kernels: kernels))
/// ```
public struct LimitBenchmarks {
    /// Datasets root.
    public let root: String
    /// The spec whose data and model entries (`ials_cg`, `ials_cholesky`, `bpr`, `item_knn`) are used.
    public let spec: String
    /// When set, the synthetic data is `SyntheticOptions.scaled(interactions:)` (seed 42) instead.
    public let interactions: Int?
    /// Timed runs per kernel (after one warm-up for the cheap ones).
    public let repetitions: Int
    /// Sizes of the ceiling measurements (`MachineLimits.measure`).
    public let sgemmSize: Int, streamElements: Int
    /// Interactions of the scaled synthetic set EASE runs on.
    public let easeInteractions: Int
    /// Kernel groups to run (`LimitBenchmarks.groups`); nil runs all of them.
    public let only: Set<String>?

    /// The kernel groups `only` selects from: `ials_cg` (its epoch and the dense full ranking),
    /// `ials_cholesky`, `bpr`, `item_knn` (its fit and the sparse full ranking), `ease`, `mlp`.
    public static let groups = ["ials_cg", "ials_cholesky", "bpr", "item_knn", "ease", "mlp"]
    /// Progress lines.
    public let log: @Sendable (String) -> Void

    public init(root: String, spec: String = "experiments/bench_synthetic_16m.json", interactions: Int? = nil,
                repetitions: Int = 2, sgemmSize: Int = 2048, streamElements: Int = 1 << 26,
                easeInteractions: Int = 1_000_000, only: Set<String>? = nil, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.root = root; self.spec = spec; self.interactions = interactions
        self.repetitions = max(1, repetitions); self.log = log
        self.sgemmSize = sgemmSize; self.streamElements = streamElements; self.easeInteractions = easeInteractions
        self.only = only
    }

    /// Measures the limits, then every kernel (of the `only` groups).
    public func run() throws -> (limits: MachineLimits, kernels: [KernelLimitResult]) {
        if let unknown = only?.subtracting(Self.groups).sorted().first {
            throw DataError.invalidOption(name: unknown, detail: "no such kernel group; choose from \(Self.groups.joined(separator: ", "))")
        }
        func wants(_ group: String) -> Bool { only?.contains(group) ?? true }
        let limits = MachineLimits.measure(sgemmSize: sgemmSize, streamElements: streamElements, log: log)
        BLAS.setThreads(1)
        let threads = Parallelism.maxThreads
        let experiment = try ExperimentSpec.load(path: spec, context: ExperimentRunner.specContext)
        let trials = try experiment.trials()
        let prepared = try prepare(experiment, interactions: interactions)
        let data = TrainingData(prepared)
        let x = data.userItem
        let sizes = "\(x.rows.grouped) × \(x.cols.grouped), \(x.nnz.grouped) interactions"
        func model(_ name: String) throws -> any Recommender {
            guard let t = trials.first(where: { $0.modelName == name }) else {
                throw DataError.invalidOption(name: name, detail: "no model named '\(name)' in \(spec)")
            }
            return try ModelRegistry.make(type: t.modelType, parameters: t.params, seed: t.seed)
        }
        func result(_ kernel: String, _ detail: String, _ times: [Double], threads: Int, _ work: KernelWork) -> KernelLimitResult {
            let r = KernelLimitResult(kernel: kernel, data: detail, seconds: times.min() ?? .nan, times: times, threads: threads,
                                      work: work, peakGFLOPS: limits.sgemmGFLOPS(threads: threads),
                                      bandwidthGBps: limits.streamGBps(threads: threads))
            log(String(format: "%@: %.3f s, bound %.3f s (%@), %.0f%% of the limit", kernel, r.seconds, r.boundSeconds,
                       r.isComputeBound ? "flops" : "bytes", 100 * r.fractionOfBound))
            return r
        }
        var out: [KernelLimitResult] = []
        let evaluator = Evaluator(train: x, test: prepared.split.test)
        let ndcg = try MetricRequest.parseList("ndcg@10")
        let evalDetail = "\(evaluator.users.count.grouped) users × \(x.cols.grouped) items, NDCG@10"

        // iALS, both solvers; the CG model then scores every test user (dense full ranking).
        for (name, label) in [("ials_cg", "iALS epoch, conjugate gradient"), ("ials_cholesky", "iALS epoch, Cholesky")] where wants(name) {
            guard let als = try model(name) as? ImplicitALS else { continue }
            let f = als.config.factors
            let times = try epochTimes(als, data)
            let work = als.config.solver == .cg
                ? KernelWork.ialsCGEpoch(users: x.rows, items: x.cols, interactions: x.nnz, factors: f, steps: als.config.cgSteps)
                : KernelWork.ialsCholeskyEpoch(users: x.rows, items: x.cols, interactions: x.nnz, factors: f)
            out.append(result(label, "\(sizes), f = \(f)" + (als.config.solver == .cg ? ", \(als.config.cgSteps) steps" : ""),
                              times, threads: threads, work))
            if als.config.solver == .cg {
                let evalTimes = try (0..<repetitions).map { _ in
                    try Stopwatch.seconds { _ = try evaluator.evaluate(ndcg) { als.score(users: $0, items: nil) } }
                }
                out.append(result("Full-ranking evaluation, iALS (sgemm + top-K)", evalDetail + ", f = \(f)", evalTimes,
                                  threads: threads, .denseRanking(users: evaluator.users.count, items: x.cols, factors: f)))
            }
        }

        if wants("bpr"), let bpr = try model("bpr") as? BPR {
            let times = try epochTimes(bpr, data)
            out.append(result("BPR epoch (SGD)", "\(sizes), f = \(bpr.config.factors), \(bpr.config.threads) threads",
                              times, threads: bpr.config.threads, .bprEpoch(samples: x.nnz, factors: bpr.config.factors)))
        }

        if wants("item_knn"), let knn = try model("item_knn") as? ItemKNN {
            let times = try (0..<repetitions).map { _ in try Stopwatch.seconds { try knn.fit(data, observer: nil) } }
            var pairs = 0.0
            for u in 0..<x.rows { let n = Double(x.rowCount(u)); pairs += n * n }
            let weighted = !(knn.config.similarity == .cosine || knn.config.similarity == .jaccard) || x.values.contains { $0 != 1 }
            out.append(result("item-kNN fit (co-occurrence + top-k)", "\(sizes), \(knn.config.savedNeighbours) neighbours",
                              times, threads: threads, .itemKNNFit(pairs: pairs, weighted: weighted)))
            let listLengths = knn.similarities.columnCounts()
            var scored = 0.0
            for u in evaluator.users {
                let row = x.row(Int(u))
                for i in row.indices { scored += Double(listLengths[Int(i)]) }
            }
            let evalTimes = try (0..<repetitions).map { _ in
                try Stopwatch.seconds { _ = try evaluator.evaluate(ndcg) { knn.score(users: $0, items: nil) } }
            }
            out.append(result("Full-ranking evaluation, item-kNN (sparse accumulation + top-K)",
                              evalDetail + ", \(knn.config.neighbours) neighbours", evalTimes, threads: threads,
                              .neighbourRanking(users: evaluator.users.count, items: x.cols, pairs: scored)))
        }

        if wants("ease") { out.append(try ease(experiment, threads: threads, result: result)) }
        if wants("mlp") { out.append(mlp(result: result)) }
        BLAS.setThreads(1)
        return (limits, out)
    }

    /// The spec's data, or the scaled synthetic set when `interactions` is given.
    func prepare(_ experiment: ExperimentSpec, interactions: Int?) throws -> PreparedData {
        var request = try experiment.dataRequest(fold: nil, root: root)
        if let n = interactions, case .synthetic = request.source {
            var o = SyntheticOptions.scaled(interactions: n); o.seed = 42
            request.source = .synthetic(o)
        }
        return try DataPipeline(log: log).prepare(request)
    }

    /// `prepare`, one warm-up epoch, then `repetitions` timed epochs.
    func epochTimes(_ model: any EpochTrainable, _ data: TrainingData) throws -> [Double] {
        try model.prepare(data)
        _ = try model.trainEpoch(1)
        return try (0..<repetitions).map { k in try Stopwatch.seconds { _ = try model.trainEpoch(k + 2) } }
    }

    /// EASE (λ = 500) on the `easeInteractions` synthetic set, LAPACK on every thread.
    func ease(_ experiment: ExperimentSpec, threads: Int,
              result: (String, String, [Double], Int, KernelWork) -> KernelLimitResult) throws -> KernelLimitResult {
        let data = TrainingData(try prepare(experiment, interactions: easeInteractions))
        let x = data.userItem
        var updates = 0.0
        for u in 0..<x.rows { let n = Double(x.rowCount(u)); updates += n * (n + 1) / 2 }
        BLAS.setThreads(threads)
        defer { BLAS.setThreads(1) }
        let times = try (0..<repetitions).map { _ in try Stopwatch.seconds { try EASE().fit(data, observer: nil) } }
        return result("EASE fit (sparse Gram + Cholesky inverse)",
                      "\(x.rows.grouped) × \(x.cols.grouped), \(x.nnz.grouped) interactions, λ = 500",
                      times, threads, .easeFit(items: x.cols, gramUpdates: updates))
    }

    /// The MLP training step of `AutodiffBenchmark` (one thread).
    func mlp(result: (String, String, [Double], Int, KernelWork) -> KernelLimitResult) -> KernelLimitResult {
        let steps = 500
        let run = AutodiffBenchmark.run(batchSize: 256, steps: steps, repetitions: max(3, repetitions), warmup: 100)
        let layers = AutodiffBenchmark.denseLayers
        let shape = layers.map { "\($0.inputs)" }.joined(separator: "→") + "→\(layers.last!.outputs)"
        return result("MLP training step (forward + backward + Adam)", "batch 256, \(shape), embeddings \(AutodiffBenchmark.sizes.dimension)",
                      run.roundSeconds.map { $0 / Double(steps) }, 1,
                      .mlpStep(batch: 256, layers: layers, embeddingWidth: AutodiffBenchmark.sizes.dimension))
    }

    /// The limits and the distance-to-the-limit table, with each kernel's counting model listed below.
    public static func markdown(limits: MachineLimits, kernels: [KernelLimitResult]) -> String {
        func f(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }
        var md = "| ceiling | 1 thread | \(limits.threads) threads |\n| --- | ---: | ---: |\n"
        md += "| OpenBLAS sgemm, \(limits.sgemmSize)³ (GFLOP/s) | \(f(limits.sgemmSingleThread)) | \(f(limits.sgemmAllThreads)) |\n"
        md += "| stream b = s·a, \((limits.streamElements * 4) >> 20) MB arrays (GB/s) | \(f(limits.streamSingleThread)) | \(f(limits.streamAllThreads)) |\n\n"
        md += "| kernel | data | threads | time (s) | GFLOP | GB | GFLOP/s | GB/s | bound (s) | bound by | achieved / bound | target |\n"
        md += "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |\n"
        for k in kernels {
            let digits = k.seconds < 0.01 ? 5 : 3
            md += "| \(k.kernel) | \(k.data) | \(k.threads) | \(f(k.seconds, digits)) | \(f(k.work.flops / 1e9, 2)) | "
            md += "\(f(k.work.bytes / 1e9, 2)) | \(f(k.work.flops / k.seconds / 1e9)) | \(f(k.work.bytes / k.seconds / 1e9)) | "
            md += "\(f(k.boundSeconds, digits)) | \(k.isComputeBound ? "flops" : "bytes") | \(f(100 * k.fractionOfBound, 0))% | "
            md += "\(k.isComputeBound ? "≥ 60%" : "≥ 50%") \(k.meetsTarget ? "met" : "**not met**") |\n"
        }
        md += "\nWork counted (N interactions, U users, I items, f factors, s CG steps; `KernelWork` in "
        md += "Sources/RecRunner/Benchmarks/KernelWork.swift documents each):\n\n"
        for k in kernels { md += "- \(k.kernel): \(k.work.model)\n" }
        return md
    }
}

private extension Int {
    /// The number with thousands separated by commas (106,666).
    var grouped: String {
        let digits = String(magnitude)
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (self < 0 ? "-" : "") + out
    }
}
