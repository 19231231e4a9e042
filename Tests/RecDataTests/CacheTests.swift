import Foundation
import RecCore
import RecHDF5
import RecTestSupport
import Testing
@testable import RecData

/// A dataset using every part of the schema: ratings, timestamps, all attribute kinds and a KG.
func schemaFixture() -> Dataset {
    var ua = AttributeTable()
    ua.append("gender", .categorical(codes: [0, 1, -1], levels: ["F", "M"]))
    ua.append("age", .numeric([24, .nan, 53]))
    var ia = AttributeTable()
    ia.append("genres", .multiCategorical(indptr: [0, 2, 2, 3], codes: [0, 1, 1], levels: ["Comedy", "Drama"]))
    let kg = KnowledgeGraph(entities: IndexMap(["m.1", "m.2", "m.3"]), relations: IndexMap(["film.director"]),
                            heads: [0, 1], relationOfTriple: [0, 0], tails: [2, 2], itemEntity: [0, -1, 1])
    let t = InteractionTable(users: [0, 1, 2, 2], items: [0, 1, 2, 0], ratings: [5, 3.5, 1, 4],
                             timestamps: [100, 200, 300, 400])
    return Dataset(name: "fixture", users: IndexMap(["u1", "u2", "ü3"]), items: IndexMap(["i1", "i2", "i3"]),
                   interactions: t, userAttributes: ua, itemAttributes: ia, knowledgeGraph: kg)
}

@Suite struct CacheTests {
    @Test func cacheFormatRoundTripsEverySchemaPart() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("e.h5").path
        let d = schemaFixture()
        let split = DataSplit(train: d.interactions.subset([0, 1]), validation: d.interactions.subset([2]),
                              test: d.interactions.subset([3]))
        let f = try HDF5File.create(path: path)
        try CacheFormat.write(d, split: split, key: "k1", to: f)
        f.close()
        let g = try HDF5File.open(path: path, readOnly: true)
        defer { g.close() }
        let (d2, s2) = try CacheFormat.read(from: g, expectedKey: "k1")
        // NaN ≠ NaN, so compare the numeric column separately.
        #expect(d2.users == d.users && d2.items == d.items && d2.interactions == d.interactions)
        #expect(d2.itemAttributes == d.itemAttributes && d2.knowledgeGraph == d.knowledgeGraph)
        #expect(d2.userAttributes["gender"] == d.userAttributes["gender"])
        if case .numeric(let v)? = d2.userAttributes["age"] { #expect(v[0] == 24 && v[1].isNaN && v[2] == 53) }
        else { Issue.record("age column lost") }
        #expect(s2 == split)
        #expect(throws: DataError.self) { try CacheFormat.read(from: g, expectedKey: "other") }
    }

    @Test func entryIsBuiltOnceThenRead() throws {
        let dir = try Fixtures.temporaryDirectory()
        let cache = DatasetCache(folder: dir.path)
        var builds = 0
        let first = try cache.entry(key: "abc") { builds += 1; return (schemaFixture(), nil) }
        let second = try cache.entry(key: "abc") { builds += 1; return (schemaFixture(), nil) }
        #expect(!first.hit && second.hit && builds == 1)
        #expect(second.dataset.interactions == schemaFixture().interactions)
        // no temporary files are left behind: the entry and its checksum
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["abc.h5", "abc.h5.sha256"])
    }

    @Test func truncatedEntryIsRebuiltWithAWarning() throws {
        let dir = try Fixtures.temporaryDirectory()
        let cache = DatasetCache(folder: dir.path)
        _ = try cache.entry(key: "k") { (schemaFixture(), nil) }
        let p = cache.path(for: "k")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: p))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: p))
        var warnings: [String] = []
        var builds = 0
        let again = try cache.entry(key: "k", warn: { warnings.append($0) }) { builds += 1; return (schemaFixture(), nil) }
        #expect(!again.hit && builds == 1 && warnings.count == 1)
        #expect(warnings[0].contains("k.h5"))
        #expect(try cache.entry(key: "k") { (schemaFixture(), nil) }.hit)
    }

    @Test func failedBuildLeavesNothingCached() throws {
        let dir = try Fixtures.temporaryDirectory()
        let cache = DatasetCache(folder: dir.path)
        #expect(throws: DataError.self) {
            _ = try cache.entry(key: "bad") { throw DataError.emptyFile(path: "x.inter") }
        }
        #expect(!FileManager.default.fileExists(atPath: cache.path(for: "bad")))
    }

    @Test func keyChangesWithSourceBytesAndOptions() throws {
        let dir = try Fixtures.temporaryDirectory()
        let f = try Fixtures.write("1\t2\t3\n", to: "a.tsv", in: dir)
        let k1 = try DatasetCache.key(sourceFiles: [f.path], options: ["split=a"])
        #expect(k1 == (try DatasetCache.key(sourceFiles: [f.path], options: ["split=a"])))
        #expect(k1 != (try DatasetCache.key(sourceFiles: [f.path], options: ["split=b"])))
        try "1\t2\t4\n".write(to: f, atomically: true, encoding: .utf8)
        #expect(k1 != (try DatasetCache.key(sourceFiles: [f.path], options: ["split=a"])))
    }

    @Test func h5dumpReadsACacheEntry() throws {
        guard FileManager.default.fileExists(atPath: "/usr/bin/h5dump") else {
            Issue.record("h5dump not installed (Debian hdf5-tools); scripts/setup.sh installs it"); return
        }
        let dir = try Fixtures.temporaryDirectory()
        let cache = DatasetCache(folder: dir.path)
        _ = try cache.entry(key: "dump") { (schemaFixture(), nil) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/h5dump")
        p.arguments = ["-d", "/interactions/user", cache.path(for: "dump")]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(out.contains("DATASET \"/interactions/user\""))
        #expect(out.contains("0, 1, 2, 2"))
    }
}
