import Foundation
import RecData
import RecProfiles
import RecSpec
import Testing
@testable import RecRunner

/// The spec's `profiles` section reaches the profile builder and its errors name their JSON path.
@Suite struct ProfileWiringTests {
    @Test func profilesSectionBuildsFromTheTrainingPartOnly() throws {
        let configs = ProfilesSpec(users: ProfileConfig { $0.normalisation = .minMax }, items: .defaults(for: .items))
        let dataset = SyntheticGenerator(.small).generate()
        let split = try UserRatioSplitter(train: 0.7, validation: 0.1, test: 0.2).split(dataset, seed: 1)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("profiles-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let prepared = PreparedData(dataset: dataset, split: split)
        let built = try FoldProfiles.build(configs, prepared: prepared, datasetKey: "k", cacheFolder: dir, log: { _ in })
        let direct = try ProfileBuilder(configs.users!).build(dataset: dataset, training: split.train)
        #expect(built.users?.values == direct.values)
        #expect(built.items?.rowCount == dataset.itemCount)
        // Different held-out parts, same training part: same profiles.
        var other = split
        other.test = other.test.subset(0..<(other.test.count / 2))
        let again = try FoldProfiles.build(configs, prepared: PreparedData(dataset: dataset, split: other),
                                           datasetKey: "k", cacheFolder: dir, log: { _ in })
        #expect(again.users?.values == built.users?.values)
        #expect(try FoldProfiles.build(ProfilesSpec(), prepared: prepared, datasetKey: "k", cacheFolder: dir, log: { _ in }).users == nil)
    }
}
