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
        _ = try LoaderFixtures.write(Array("notes\n".utf8), to: "readme", in: dir.appendingPathComponent("sub"))
        expectDataError(containing: [dir.path, "atomic", "u.data", "ratings.dat", "delimited"]) { _ = try makeLoader(path: dir.path) }
        // A file whose lines no separator splits evenly: the guess names the file and the way out.
        let uneven = try LoaderFixtures.write(Array("a,b,c\nx\n".utf8), to: "r.csv", in: dir)
        expectDataError(containing: [uneven, "separator", "--sep", "dataset.delimited"]) { _ = try makeLoader(path: uneven) }
        let zip = try LoaderFixtures.zip(["notes.txt": Array("hi".utf8)], prefix: "", named: "other.zip", in: dir)
        expectDataError(containing: [zip, "u.data"]) { _ = try makeLoader(path: zip) }
    }

    @Test func aDelimitedFileIsReadWithItsLayoutGuessed() throws {
        let dir = try Fixtures.temporaryDirectory("sniff")
        // MovieLens ml-latest's ratings.csv: header names give the roles.
        let csv = try LoaderFixtures.write(Array("userId,movieId,rating,timestamp\n1,10,4.0,964982703\n1,20,3.5,964981247\n2,10,5,964982224\n".utf8),
                                           to: "ratings.csv", in: dir)
        let guessed = try DelimitedSniffer.sniff(path: csv)
        #expect(guessed == DelimitedOptions(delimiter: ",", hasHeader: true, user: "userId", item: "movieId", rating: "rating", timestamp: "timestamp"))
        #expect(try DatasetLocator.detectFormat(path: csv) == .delimited(guessed))
        let data = try makeLoader(path: csv).load()
        #expect(data.userCount == 2 && data.itemCount == 2 && data.interactions.ratings == [4, 3.5, 5])
        // What `reclab data export` writes reads back: tab-separated with RecLab's header.
        let tsv = try LoaderFixtures.write(Array("user_id\titem_id\trating\ttimestamp\n7\t3\t4\t100\n8\t3\t2\t101\n".utf8), to: "train.tsv", in: dir)
        #expect(try DelimitedSniffer.sniff(path: tsv) == DelimitedOptions(delimiter: "\t", hasHeader: true, user: "user_id", item: "item_id",
                                                                         rating: "rating", timestamp: "timestamp"))
        // ML-1M's ratings.dat: '::' without header, roles by position; a two-column file is implicit.
        let dat = try LoaderFixtures.write(Array("1::1193::5::978300760\n1::661::3::978302109\n".utf8), to: "ratings.dat", in: dir)
        #expect(try DelimitedSniffer.sniff(path: dat) == DelimitedOptions(delimiter: "::", rating: 2, timestamp: 3))
        // An export of implicit data without timestamps leaves both columns empty: both read as absent.
        let implicit = try LoaderFixtures.write(Array("user_id\titem_id\trating\ttimestamp\n7\t3\t\t\n8\t3\t\t\n".utf8), to: "implicit.tsv", in: dir)
        #expect(try DelimitedSniffer.sniff(path: implicit) == DelimitedOptions(delimiter: "\t", hasHeader: true, user: "user_id", item: "item_id"))
        #expect(try SplitFileLayout.recognise(implicit) == DelimitedOptions(delimiter: "\t", hasHeader: true, user: "user_id", item: "item_id"))
        #expect(try makeLoader(path: implicit).load().interactions.ratings == nil)
        // Unix times in the third column of a header-less file are timestamps, not ratings; '#' lines are comments.
        let times = try LoaderFixtures.write(Array("# user item time\n1,10,978300760\n2,10,978302109\n".utf8), to: "times.csv", in: dir)
        #expect(try DelimitedSniffer.sniff(path: times) == DelimitedOptions(delimiter: ",", timestamp: 2, commentPrefix: "#"))
        #expect(try makeLoader(path: times).load().interactions.timestamps == [978300760, 978302109])
        let pairs = try LoaderFixtures.write(Array("u1;i1\nu2;i1\n".utf8), to: "pairs.txt", in: dir)
        #expect(try DelimitedSniffer.sniff(path: pairs) == DelimitedOptions(delimiter: ";"))
        #expect(DelimitedSniffer.describe(DelimitedOptions(delimiter: ";")) == "\";\" separated, no header, user #0, item #1, no rating (implicit)")
    }

    @Test func missingPathIsMissingFile() {
        let error = expectDataError(containing: ["/no/such/dataset"]) { _ = try makeLoader(path: "/no/such/dataset") }
        #expect(error == .missingFile(path: "/no/such/dataset"))
    }
}
