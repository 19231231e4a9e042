import Foundation
import RecData
import RecTestSupport
import Testing
@testable import RecProfiles

/// MovieLens-100K (RecBole atomic release) when present under `datasets/ml-100k/`, found as
/// RecDataTests finds it; skipped otherwise.
@Suite struct ProfileRealDataTests {
    static let folder = LoaderFixtures.packageRoot(from: #filePath).appendingPathComponent("datasets/ml-100k")
    static let present = FileManager.default.fileExists(atPath: folder.appendingPathComponent("ml-100k.inter").path)

    @Test(.enabled(if: present, "datasets/ml-100k/ml-100k.inter is not present"))
    func ml100KProfilesAreCompleteAndFinite() throws {
        let data = try AtomicFileLoader(folder: Self.folder.path).load()
        let split = try UserRatioSplitter(train: 0.8, validation: 0, test: 0.2).split(data, seed: 1)
        let start = ContinuousClock.now
        let users = try ProfileBuilder(.defaults(for: .users)).build(dataset: data, training: split.train)
        let items = try ProfileBuilder(.defaults(for: .items)).build(dataset: data, training: split.train)
        let elapsed = ContinuousClock.now - start
        #expect(users.rowCount == 943 && items.rowCount == 1682)
        #expect(users.featureCount == 74 && items.featureCount == 24)
        // ml-100k.item's class field has 18 genres plus "unknown".
        let affinity = try #require(users.group(named: "genre_affinity"))
        #expect(affinity.width == 19 && affinity.levels.contains("unknown") && affinity.levels.contains("Film-Noir"))
        #expect(items.group(named: "class")?.width == 19)
        #expect(users.group(named: "age")?.width == 7 && users.group(named: "gender")?.width == 2)
        #expect(users.group(named: "occupation")?.width == 21)
        #expect(items.group(named: "release_year")?.kind == .numeric)
        #expect(users.notes.isEmpty && items.notes.isEmpty)
        #expect(users.values.storage.allSatisfy { $0.isFinite } && items.values.storage.allSatisfy { $0.isFinite })
        // Every user has training rows under a per-user split; shares lie in [0, 1].
        #expect((0..<943).allSatisfy { !users.isCold($0) })
        #expect(affinity.range.allSatisfy { c in (0..<943).allSatisfy { (0...1).contains(users.raw[$0, c]) } })
        // User 196 has 39 ratings in ML-100K; with all interactions as "training" the count is exact.
        let all = try ProfileBuilder(.defaults(for: .users)).build(dataset: data, training: data.interactions)
        let u196 = try #require(all.row(of: "196"))
        #expect(all.statistics.count[u196] == 39)
        // Timing is informational (debug builds are much slower than release).
        print("ML-100K user + item profiles: \(elapsed)")
    }
}
