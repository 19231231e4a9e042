import Foundation
import RecData
import RecTestSupport
import Testing

/// `DatasetLocator`: format detection from folders, zips and files, and the loader it builds.
@Suite struct LoaderLocatorTests {
    @Test func atomicFolderOrInterFileIsAtomic() throws {
        let dir = try Fixtures.temporaryDirectory("locate").appendingPathComponent("tiny")
        try LoaderFixtures.write(LoaderFixtures.atomic(), in: dir)
        #expect(try DatasetLocator.detectFormat(path: dir.path) == .atomic)
        let loader = try makeLoader(path: dir.path)
        #expect(loader is AtomicFileLoader)
        #expect(try loader.load().userCount == 3)
        let interFile = dir.appendingPathComponent("tiny.inter").path
        #expect(try DatasetLocator.detectFormat(path: interFile) == .atomic)
        #expect(try makeLoader(path: interFile).load().knowledgeGraph?.tripleCount == 3)
    }

    @Test func groupLensFolderOrZipIsGroupLens() throws {
        let dir = try Fixtures.temporaryDirectory("locate")
        try LoaderFixtures.write(LoaderFixtures.ml100k(), in: dir.appendingPathComponent("ml-100k"))
        let zip = try LoaderFixtures.zip(LoaderFixtures.ml1m(), prefix: "ml-1m/", named: "ml-1m.zip", in: dir)
        for path in [dir.appendingPathComponent("ml-100k").path, zip] {
            #expect(try DatasetLocator.detectFormat(path: path) == .groupLens)
            #expect(try makeLoader(path: path) is GroupLensLoader)
        }
        #expect(try makeLoader(path: zip).load().name == "ml-1m")
    }

    @Test func namedDelimitedFormatBuildsADelimitedLoader() throws {
        let dir = try Fixtures.temporaryDirectory("locate")
        let path = try LoaderFixtures.write(Array("a;x;2\n".utf8), to: "r.txt", in: dir)
        let loader = try makeLoader(path: path, format: .delimited(DelimitedOptions(delimiter: ";", rating: 2)))
        #expect(try loader.load().interactions.ratings == [2])
    }

    @Test func unknownLayoutNamesThePathAndTheSupportedFormats() throws {
        let dir = try Fixtures.temporaryDirectory("locate")
        let csv = try LoaderFixtures.write(Array("a,x\n".utf8), to: "r.csv", in: dir)
        for path in [dir.path, csv] {
            expectDataError(containing: [path, "atomic", "u.data", "ratings.dat", "delimited"]) {
                _ = try makeLoader(path: path)
            }
        }
        let zip = try LoaderFixtures.zip(["notes.txt": Array("hi".utf8)], prefix: "", named: "other.zip", in: dir)
        expectDataError(containing: [zip, "u.data"]) { _ = try makeLoader(path: zip) }
    }

    @Test func missingPathIsMissingFile() {
        let error = expectDataError(containing: ["/no/such/dataset"]) { _ = try makeLoader(path: "/no/such/dataset") }
        #expect(error == .missingFile(path: "/no/such/dataset"))
    }
}
