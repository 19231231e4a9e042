import ArgumentParser
import Foundation
import RecRunner
import RecSpec

/// `reclab run SPEC`: run (or resume) an experiment.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an experiment spec: every trial, then metric tables, significance tests and loss traces.",
        discussion: "Finished trials are recorded atomically; running the same spec again resumes and skips them. Results go to <output.folder>/<name>/<spec fingerprint>/.")

    @Argument(help: "Path to the JSON experiment spec.")
    var spec: String

    @Flag(help: "Rerun every trial; the old records and tables are replaced as the new ones are written.")
    var force = false

    @Flag(help: "Rerun only the trials that failed in an earlier run of this spec.")
    var retryFailed = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Plain progress lines even on a terminal: one per finished trial.")
    var plain = false

    @Flag(help: "With plain progress, also a line per trial start, skip and epoch.")
    var verbose = false

    @Option(help: "Run only shard I of N (0 ≤ I < N) of the sweep trials, balanced by expected cost, and write only their records; run the spec again without --shard for the refits, tables and report.")
    var shard: String?

    @Flag(help: "Print every test metric in the final table, not only those that fit the terminal.")
    var wide = false

    @Option(help: "Write results under this folder instead of the spec's output.folder.")
    var output: String?

    @Option(help: "Also write the test tables into this section of BENCHMARKS.md (e.g. biased-mf-kfold).")
    var benchmarksSection: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let parsed = try ExperimentSpec.load(path: spec, context: ExperimentRunner.specContext)
        for w in parsed.warnings { Console.error("warning: \(w)") }
        var options = RunOptions()
        options.force = force; options.retryFailed = retryFailed; options.quiet = quiet; options.datasetsRoot = common.datasets
        options.outputRoot = output; options.plainProgress = plain; options.verbose = verbose
        options.benchmarksSection = benchmarksSection
        options.wideTable = wide
        options.shard = try shard.map { text in
            do { return try Shard(parsing: text) } catch { throw ValidationError("\(error)") }
        }
        options.reproduceCommand = "reclab run \(spec)" + (benchmarksSection.map { " --benchmarks-section \($0)" } ?? "")
        try ExperimentRunner(spec: parsed, options: options).run()
    }
}

/// `reclab plan SPEC`: validate and show the resolved spec and its trials without running them.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Validate a spec and print it resolved (every default filled in) with the list of trials, without running anything.")

    @Argument(help: "Path to the JSON experiment spec.")
    var spec: String

    @Flag(help: "Print the resolved spec as JSON only.")
    var json = false

    func run() throws {
        let parsed = try ExperimentSpec.load(path: spec, context: ExperimentRunner.specContext)
        for w in parsed.warnings { Console.error("warning: \(w)") }
        if json { print(String(decoding: parsed.resolvedJSON(), as: UTF8.self)) } else { print(parsed.planDescription()) }
    }
}

/// `reclab compare RUN...`: models side by side across runs.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Print the models of several runs side by side: spec differences, deltas, and paired tests (Holm-corrected) between runs on the same data and split.")

    @Argument(help: "Run folders (results/<name>/<id>).")
    var runs: [String]

    @Option(help: "Metric to test for significance (default: the first run's selection metric).")
    var metric: String?

    @Option(help: "Test every model against this one, RUN:MODEL (RUN: 1-based index or label), instead of each model against its namesake in the first run.")
    var reference: String?

    func run() throws {
        guard !runs.isEmpty else { throw ValidationError("give at least one run folder") }
        print(try RunComparison(runs: runs, metric: metric, reference: reference).render())
    }
}

/// `reclab models`: the registered model types with their parameters.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List every model type a spec can use, with its parameters, defaults and ranges (docs/models.md is this output).")

    @Flag(help: "Print the full Markdown catalogue (what docs/models.md holds).")
    var markdown = false

    func run() throws {
        if markdown { print(ModelCatalog.markdown(), terminator: ""); return }
        for d in ModelRegistry.descriptors {
            let marks = [d.epochTrained ? "epochs" : nil, d.deterministic ? "deterministic" : nil].compactMap { $0 }
            print("\(d.type)\(marks.isEmpty ? "" : " (" + marks.joined(separator: ", ") + ")")  \(d.summary)")
            for p in d.parameters { print("    \(p.name) = \(p.defaultValue?.description ?? "required")  \(p.doc)") }
        }
    }
}
