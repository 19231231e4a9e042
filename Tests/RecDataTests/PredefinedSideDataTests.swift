import Foundation
import RecCore
import RecTestSupport
import Testing
@testable import RecData

/// A predefined split joined with the side data of the `tiny` atomic dataset (`LoaderFixtures.atomic()`:
/// users u1, u2, u3; items i1, i2, i3; a 3-triple graph linking i1 → e1 and i3 → e9) over one index
/// space. The split files hold user u4 and item i9, which the side data lacks, and neither u3 nor i3.
@Suite struct PredefinedSideDataTests {
    /// The side folder and the split files, in the layout `reclab data export` writes.
    func fixture(test: String = "u2\ti2\t2\t40\n") throws -> (side: String, train: String, test: String) {
        let dir = try Fixtures.temporaryDirectory("side")
        let side = dir.appendingPathComponent("tiny")
        try LoaderFixtures.write(LoaderFixtures.atomic(), in: side)
        let header = "user_id\titem_id\trating\ttimestamp\n"
        let train = try LoaderFixtures.write(Array((header + "u4\ti2\t4\t10\nu2\ti1\t3\t20\nu1\ti9\t5\t30\n").utf8), to: "train.tsv", in: dir)
        let testFile = try LoaderFixtures.write(Array((header + test).utf8), to: "test.tsv", in: dir)
        return (side.path, train, testFile)
    }

    /// The request for the fixture's files joined with `side`; the cache goes to a fresh folder unless `root` is given.
    func request(_ f: (side: String, train: String, test: String), side: DataSource?, root: String? = nil) throws -> DataRequest {
        DataRequest(source: .predefined(train: f.train, validation: nil, test: f.test, options: nil, sideData: side),
                    split: PredefinedSplit(), root: try root ?? Fixtures.temporaryDirectory("side-root").path)
    }

    @Test func idsShareTheSideDatasetsIndexSpace() throws {
        let f = try fixture()
        let split = try PredefinedSplitLoader(train: f.train, test: f.test, options: SplitFileLayout.recognise(f.train)).loadWithSplit()
        #expect(split.dataset.users.ids == ["u4", "u2", "u1"])      // file order, before the join
        let join = SideDataJoin(split: split, sideData: try AtomicFileLoader(folder: f.side).load())
        let data = join.prepared.dataset
        // The side dataset's order (u1, u2; i1, i2) first, then ids only in the split; u3 and i3 dropped.
        #expect(data.users.ids == ["u1", "u2", "u4"])
        #expect(data.items.ids == ["i1", "i2", "i9"])
        #expect(join.prepared.split.train == InteractionTable(users: [2, 1, 0], items: [1, 0, 2], ratings: [4, 3, 5], timestamps: [10, 20, 30]))
        #expect(join.prepared.split.test == InteractionTable(users: [1], items: [1], ratings: [2], timestamps: [40]))
        #expect(data.interactions == join.prepared.split.train.appending(join.prepared.split.test))
        #expect((join.splitOnlyUsers, join.splitOnlyItems, join.droppedUsers, join.droppedItems) == (1, 1, 1, 1))
    }

    @Test func attributesAndGraphFollowTheIds() throws {
        let f = try fixture()
        let data = try DataPipeline().run(try request(f, side: .path(f.side, format: nil))).dataset
        // u1: age 30, F, tags a b; u2: no age, M, tags b; u4 (split only): all missing.
        #expect(data.userAttributes["gender"] == .categorical(codes: [0, 1, -1], levels: ["F", "M"]))
        #expect(numbers(data.userAttributes["age"]).map { sameNumbers($0, [30, .nan, .nan]) } == true)
        #expect(data.userAttributes["tags"] == .multiCategorical(indptr: [0, 2, 3, 3], codes: [0, 1, 1], levels: ["a", "b"]))
        #expect(data.itemAttributes["year"] == .categorical(codes: [0, -1, -1], levels: ["1995"]))
        #expect(data.itemAttributes["class"] == .multiCategorical(indptr: [0, 2, 3, 3], codes: [0, 1, 1], levels: ["Action", "Comedy"]))
        let graph = try #require(data.knowledgeGraph)
        #expect(graph.tripleCount == 3)
        #expect(graph.itemEntity == [0, -1, -1])                   // i1 → e1; i2 unlinked; i9 unknown to the graph
        #expect(graph.entities.id(at: 0) == "e1")
    }

    @Test func withoutSideDataTheSplitStandsAlone() throws {
        let f = try fixture()
        let data = try DataPipeline().run(try request(f, side: nil)).dataset
        #expect(data.users.ids == ["u4", "u2", "u1"])
        #expect(data.userAttributes.isEmpty && data.knowledgeGraph == nil)
    }

    /// The key covers the side files' bytes: a changed `.kg` is a new cache entry, the same bytes the same one.
    @Test func theCacheKeyCoversTheSideData() throws {
        let f = try fixture()
        let pipeline = DataPipeline()
        let side = DataSource.path(f.side, format: nil)
        let alone = try pipeline.cacheKey(for: request(f, side: nil))
        let joined = try pipeline.cacheKey(for: request(f, side: side))
        #expect(alone != joined)
        #expect(try pipeline.cacheKey(for: request(f, side: side)) == joined)
        let kg = f.side + "/tiny.kg"
        try (String(contentsOfFile: kg, encoding: .utf8) + "e2\tstarring\te4\n").write(toFile: kg, atomically: true, encoding: .utf8)
        let changed = try pipeline.cacheKey(for: request(f, side: side))
        #expect(changed != joined)
        // And what is cached under it has the new triple.
        let root = try Fixtures.temporaryDirectory("side-cache").path
        #expect(try pipeline.run(request(f, side: side, root: root)).dataset.knowledgeGraph?.tripleCount == 4)
        #expect(try pipeline.run(request(f, side: side, root: root)).cacheHit)
    }

    @Test func aMissingSideDatasetIsMissingFile() throws {
        let f = try fixture()
        let error = expectDataError(containing: ["/no/such/side"]) {
            _ = try DataPipeline().run(request(f, side: .path("/no/such/side", format: nil)))
        }
        #expect(error == .missingFile(path: "/no/such/side"))
        let root = try Fixtures.temporaryDirectory("no-ml100k").path
        expectDataError(containing: ["ml-100k.inter", "reclab data fetch ml-100k"]) {
            _ = try DataPipeline().run(request(f, side: .known("ml-100k"), root: root))
        }
    }

    @Test func aBadLineInASplitFileNamesFileAndLine() throws {
        let f = try fixture(test: "u2\ti2\t2\t40\nu1\ti1\tfive\t50\n")
        let error = expectDataError(containing: ["test.tsv:3:", "u1\ti1\tfive\t50"]) {
            _ = try DataPipeline().run(request(f, side: .path(f.side, format: nil)))
        }
        guard case .malformedLine(let file, let line, _, _)? = error else { Issue.record("not a malformed line: \(String(describing: error))"); return }
        #expect(file == f.test && line == 3)
    }
}
