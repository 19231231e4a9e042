import Foundation
import RecData
import RecTestSupport
import Testing

/// The RecBole atomic ML-100K release, when present under `datasets/ml-100k/` (never committed:
/// copy or fetch it there to run these). Expected counts are those published for the release.
@Suite struct LoaderRealDataTests {
    static let folder = LoaderFixtures.packageRoot(from: #filePath).appendingPathComponent("datasets/ml-100k")
    static let present = FileManager.default.fileExists(atPath: folder.appendingPathComponent("ml-100k.inter").path)

    @Test(.enabled(if: present, "datasets/ml-100k/ml-100k.inter is not present"))
    func recBoleML100KHasThePublishedCounts() throws {
        let start = ContinuousClock.now
        let data = try AtomicFileLoader(folder: Self.folder.path).load()
        let elapsed = ContinuousClock.now - start
        #expect(data.userCount == 943)
        #expect(data.itemCount == 1682)
        #expect(data.interactions.count == 100_000)
        #expect(data.hasRatings)
        let kg = try #require(data.knowledgeGraph)
        #expect(kg.tripleCount == 91_631)
        #expect(kg.linkedItemCount == 1_598)
        #expect(data.userAttributes.names == ["age", "gender", "occupation", "zip_code"])
        #expect(data.itemAttributes.names == ["movie_title", "release_year", "class"])
        if case .categorical(_, let levels)? = data.userAttributes["gender"] { #expect(Set(levels) == ["M", "F"]) }
        // Timing is informational (debug builds are much slower than release).
        print("ML-100K atomic load: \(elapsed)")
    }
}
