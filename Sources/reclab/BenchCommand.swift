import ArgumentParser
import Foundation
import RecAutodiff
import RecCore
import RecData
import RecModels
import RecRunner
import RecSpec

/// `reclab bench`: RecLab's benchmarks. It has no options of its own: options given to `bench` itself
/// go to its default subcommand `core`, and a subcommand's `--dry-run` or `--output` is its own
/// (a parent's options of the same name would take them).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the data layer, evaluation and models; write the figures into BENCHMARKS.md.",
        subcommands: [BenchCoreCommand.self, BenchModelsCommand.self, BenchMLPCommand.self, BenchAutodiffCommand.self,
                      BenchLimitsCommand.self],
        defaultSubcommand: BenchCoreCommand.self)
}

/// `reclab bench [core]`: times the data layer and evaluation and records the figures in BENCHMARKS.md.
struct BenchCoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core",
        abstract: "Time loading, caching, splitting, synthetic generation and full-ranking evaluation; write the figures into BENCHMARKS.md (section core).")

    @Option(help: "Timed repetitions per figure (median reported).")
    var repetitions = 5

    @Flag(help: "Also generate the 16M-interaction synthetic set.")
    var large = false

    @Option(help: "File to update (section 'core').")
    var output = "BENCHMARKS.md"

    @Flag(help: "Print the table without writing the file.")
    var dryRun = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        BLAS.setThreads(1)
        let results = try CoreBenchmarks(root: common.datasets, repetitions: repetitions, large: large) { Console.error($0) }.run()
        let cpu = BenchCommand.cpuName
        var body = "Measured \(ISO8601DateFormatter().string(from: Date()).prefix(10)) on \(cpu), "
        body += "\(Parallelism.maxThreads) threads, release build. Reproduce: `.build/release/reclab bench\(large ? " --large" : "")`.\n\n"
        body += CoreBenchmarks.markdown(results)
        print(body)
        if !dryRun { try BenchmarksFile.update(path: output, section: "core", body: body) }
    }
}

extension BenchCommand {
    /// The CPU's model name from /proc/cpuinfo.
    static var cpuName: String {
        (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
    }
}

/// `reclab bench limits`: the machine's sgemm and stream ceilings and RecLab's hot kernels against
/// them (BENCHMARKS.md, section `limits`).
struct BenchLimitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limits",
        abstract: "Measure sgemm GFLOP/s and stream GB/s, then time iALS (CG, Cholesky), BPR, item-kNN, EASE, full-ranking evaluation and an MLP step against the bound their work implies.")

    @Option(help: "Spec whose data and model entries (ials_cg, ials_cholesky, bpr, item_knn) are timed.")
    var spec = "experiments/bench_synthetic_16m.json"

    @Option(help: "Use SyntheticOptions.scaled(interactions: N) instead of the spec's sizes (quick runs).")
    var interactions: Int?

    @Option(help: "Timed runs per kernel (the best is reported).")
    var repetitions = 2

    @Option(help: "Comma-separated kernel groups: \(LimitBenchmarks.groups.joined(separator: ", ")) (default: all; e.g. to profile one).")
    var only: String?

    @Option(help: "File to update (section 'limits').")
    var output = "BENCHMARKS.md"

    @Flag(help: "Print the tables without writing the file.")
    var dryRun = false

    @Option(help: "Also write the results as JSON to this file.")
    var json: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let groups = only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        let bench = LimitBenchmarks(root: common.datasets, spec: spec, interactions: interactions, repetitions: repetitions,
                                    only: groups) { Console.error($0) }
        let (limits, kernels) = try bench.run()
        var body = "Measured \(ISO8601DateFormatter().string(from: Date()).prefix(10)) on \(BenchCommand.cpuName), "
        body += "\(Parallelism.maxThreads) threads, release build. Reproduce: `.build/release/reclab bench limits"
        body += (interactions.map { " --interactions \($0)" } ?? "") + "`.\n\n"
        body += LimitBenchmarks.markdown(limits: limits, kernels: kernels)
        print(body)
        if let json {
            struct Output: Encodable { let limits: MachineLimits; let kernels: [KernelLimitResult] }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(try encoder.encode(Output(limits: limits, kernels: kernels)), to: json)
        }
        // A partial run (--only) is for profiling: it never replaces the whole table.
        if !dryRun && only == nil { try BenchmarksFile.update(path: output, section: "limits", body: body) }
    }
}

/// `reclab bench models`: RecLab's side of the peer comparison (BENCHMARKS.md, section `peers`,
/// assembled with the peers' figures by `scripts/peers/run.sh`).
struct BenchModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Time biased MF, iALS (CG, Cholesky), BPR and item-kNN on the benchmark specs' data (experiments/bench_*.json).")

    @Option(help: "Comma-separated cases: biased_mf, ials_cg, ials_cholesky, bpr, item_knn (default: all).")
    var only: String?

    @Option(help: "Use SyntheticOptions.scaled(interactions: N) instead of the synthetic spec's sizes (quick or profiling runs).")
    var interactions: Int?

    @Option(help: "Write the results as JSON to this file (read by scripts/peers/report.py).")
    var json: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        BLAS.setThreads(1)   // the models parallelise over rows themselves (RECLAB_THREADS); BLAS stays single-threaded inside
        let only = self.only.map { Set($0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }) }
        let results = try ModelBenchmarks(root: common.datasets, only: only, interactions: interactions) { Console.error($0) }.run()
        print(ModelBenchmarks.markdown(results))
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(try encoder.encode(results), to: json)
        }
    }
}

/// `reclab bench mlp`: training throughput of the `mlp` and `neumf` models on a spec's training
/// data, the RecLab side of `scripts/peers/torch_mlp.py`.
struct BenchMLPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlp",
        abstract: "Training samples per second of the MLP and NeuMF recommenders (default settings) on a spec's training part.")

    @Option(help: "Spec whose dataset and split give the training data.")
    var spec = "experiments/baselines_8020.json"

    @Option(help: "Epochs timed per model (the whole fit, profiles and negative sampling included).")
    var epochs = 3

    @OptionGroup var common: CommonOptions

    func run() throws {
        BLAS.setThreads(1)
        let parsed = try ExperimentSpec.load(path: spec, context: ExperimentRunner.specContext)
        let prepared = try DataPipeline().prepare(try parsed.dataRequest(fold: nil, root: common.datasets))
        let data = TrainingData(prepared)
        let samplesPerEpoch = data.train.count * (1 + 4)
        print("| model | training rows × (1 + 4 negatives) per epoch | epochs | fit seconds | samples per second |")
        print("| --- | ---: | ---: | ---: | ---: |")
        let config = NeuralConfig { $0.epochs = self.epochs }
        for (name, make) in [("mlp", { NeuralMLP(config, seed: 0) as any Recommender }),
                             ("neumf", { NeuMF(config, seed: 0) as any Recommender })] {
            let model = make()
            let start = Date()
            try model.fit(data, observer: nil)
            let seconds = Date().timeIntervalSince(start)
            print("| \(name) | \(samplesPerEpoch) | \(epochs) | \(String(format: "%.2f", seconds)) | \(String(format: "%.0f", Double(samplesPerEpoch * epochs) / seconds)) |")
        }
    }
}

/// `reclab bench autodiff`: RecAutodiff's bare training step (forward + backward + Adam) on the
/// benchmark MLP, one thread; the figure docs/autodiff.md quotes.
struct BenchAutodiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autodiff",
        abstract: "Samples per second of RecAutodiff's forward + backward + Adam step on a 943/1682 × 32 embedding MLP (one thread).")

    @Option(help: "Examples per batch.")
    var batchSize = 256

    @Option(help: "Steps per timed round.")
    var steps = 1000

    @Option(help: "Timed rounds (the fastest is reported, every round is printed).")
    var repetitions = 3

    @Option(help: "Untimed steps before the first round.")
    var warmup = 300

    func run() throws {
        BLAS.setThreads(1)   // single-threaded, as the other bench commands: the step's sgemms are small
        let result = AutodiffBenchmark.run(batchSize: batchSize, steps: steps, repetitions: repetitions, warmup: warmup)
        let cpu = BenchCommand.cpuName
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
            .split(separator: " ").prefix(3).joined(separator: " ") ?? "unknown"
        print("\(cpu), load average \(load)")
        print(result)
    }
}
