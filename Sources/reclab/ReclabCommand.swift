import ArgumentParser
import RecAutodiff

/// The `reclab` command-line tool: one subcommand per verb.
@main
struct Reclab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclab",
        abstract: "RecLab: a recommender-systems research harness.",
        subcommands: [RunCommand.self, PlanCommand.self, CompareCommand.self, ReportCommand.self, SlurmCommand.self, ModelsCommand.self, DataCommand.self, ProfileCommand.self, ServeCommand.self, ReplayCommand.self, BenchCommand.self]
    )

    /// Process-wide settings are the program's, made once here before any work; models and
    /// library code leave them alone. `HeapTuning.keepFreedMemory()` keeps freed heap memory in the
    /// process so training steps do not page-fault their buffers back in (docs/autodiff.md).
    static func main() {
        HeapTuning.keepFreedMemory()
        main(nil)
    }
}
