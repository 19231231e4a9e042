import ArgumentParser
import Foundation
import RecRunner
import RecSpec

/// `reclab replay SPEC`: prequential evaluation in time order (static vs fold-in vs periodic retraining).
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay the spec's data in time order: train before the cut, then recommend before each event is revealed — static model vs fold-in vs retraining every N events.",
        discussion: "Settings in the spec's `streaming` section (docs/spec.md). Writes replay.json and replay.md to <output.folder>/<name>/replay/<spec fingerprint>/.")

    @Argument(help: "Path to the JSON experiment spec.")
    var spec: String

    @Option(help: "Write results under this folder instead of the spec's output.folder.")
    var output: String?

    @Option(help: "Also write the table into this section of BENCHMARKS.md.")
    var benchmarksSection: String?

    @Flag(help: "Print nothing but errors and the table.")
    var quiet = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        let parsed = try ExperimentSpec.load(path: spec, context: ExperimentRunner.specContext)
        for w in parsed.warnings { Console.error("warning: \(w)") }
        let quiet = self.quiet
        let result = try StreamingReplay(spec: parsed, datasetsRoot: common.datasets) { if !quiet { Console.error($0) } }.run()
        let command = "reclab replay \(spec)" + (benchmarksSection.map { " --benchmarks-section \($0)" } ?? "")
        let folder = "\(output ?? parsed.output.folder)/\(parsed.name)/replay/\(parsed.fingerprint.prefix(12))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try result.write(to: folder, command: command)
        if let section = benchmarksSection {
            try BenchmarksFile.update(path: "BENCHMARKS.md", section: section, body: result.markdown(command: command))
        }
        print(result.markdown(command: command))
        print("results: \(folder)")
    }
}
