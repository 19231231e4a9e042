import ArgumentParser
import Foundation
import RecCore
import RecRunner

/// `reclab bench`: times the data layer and evaluation and records the figures in BENCHMARKS.md.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time loading, caching, splitting, synthetic generation and full-ranking evaluation; write the figures into BENCHMARKS.md.")

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
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        var body = "Measured \(ISO8601DateFormatter().string(from: Date()).prefix(10)) on \(cpu), "
        body += "\(Parallelism.maxThreads) threads, release build. Reproduce: `.build/release/reclab bench\(large ? " --large" : "")`.\n\n"
        body += CoreBenchmarks.markdown(results)
        print(body)
        if !dryRun { try BenchmarksFile.update(path: output, section: "core", body: body) }
    }
}
