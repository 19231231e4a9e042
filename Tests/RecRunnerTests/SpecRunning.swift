import Foundation
import RecSpec
import RecTestSupport
@testable import RecRunner

/// A runner for spec `text`, written to `dir/<file>`: quiet, reading datasets from `datasets`
/// (default `dir/datasets`) and writing runs under `dir/results`; `configure` sets any other option.
func specRunner(_ text: String, in dir: URL, datasets: String? = nil, file: String = "spec.json",
                configure: (inout RunOptions) -> Void = { _ in }) throws -> ExperimentRunner {
    let url = try Fixtures.write(text, to: file, in: dir)
    var options = RunOptions()
    options.quiet = true
    options.datasetsRoot = datasets ?? dir.appendingPathComponent("datasets").path
    options.outputRoot = dir.appendingPathComponent("results").path
    configure(&options)
    return ExperimentRunner(spec: try ExperimentSpec.load(path: url.path, context: ExperimentRunner.specContext), options: options)
}

/// Runs spec `text` as `specRunner` sets it up and returns the run folder.
func runSpecText(_ text: String, in dir: URL, datasets: String? = nil, file: String = "spec.json",
                 configure: (inout RunOptions) -> Void = { _ in }) throws -> String {
    try specRunner(text, in: dir, datasets: datasets, file: file, configure: configure).run()
}
