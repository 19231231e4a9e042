import ArgumentParser
import Foundation
import RecData
import RecProfiles
import RecRunner

/// `reclab profile ml-100k --user 196`: one user's profile in readable form.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Print one user's profile: attributes, activity, rating mean/variance, recency, top genres, diversity.",
        discussion: "Dynamic features are computed over all of the dataset's interactions (there is no train/test split here); experiments build them from the training split only.")

    @Argument(help: "ml-100k, ml-1m, synthetic, or a path to a folder/file in a supported format.")
    var dataset: String

    @Option(help: "External user id (as in the data files).")
    var user: String

    @Option(help: "Number of top genres to show.")
    var genres: Int = 5

    @Flag(help: "Print the profile as JSON.")
    var json = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        let result = try DataPipeline(log: { Console.error($0) })
            .run(DataRequest(source: DataSource.parse(dataset), root: common.datasets))
        let data = result.dataset
        let start = ContinuousClock.now
        let profiles = try ProfileBuilder(.defaults(for: .users)).build(dataset: data, training: data.interactions)
        let elapsed = (ContinuousClock.now - start).components
        let ms = Double(elapsed.seconds) * 1e3 + Double(elapsed.attoseconds) * 1e-15
        Console.error("built \(profiles.rowCount) user profiles × \(profiles.featureCount) features in \(String(format: "%.1f", ms)) ms")
        for note in profiles.notes { Console.error("note: \(note)") }
        let scope = "all \(data.interactions.count) interactions of the dataset (no split)"
        let report = try UserProfileReport(profiles: profiles, dataset: data, user: user, scope: scope, topGenres: genres)
        print(json ? try report.json() : report.render())
    }
}
