import ArgumentParser

/// The `reclab` command-line tool: one subcommand per verb.
@main
struct Reclab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclab",
        abstract: "RecLab: a recommender-systems research harness.",
        subcommands: [RunCommand.self, PlanCommand.self, CompareCommand.self, ModelsCommand.self, DataCommand.self, ProfileCommand.self, BenchCommand.self]
    )
}
