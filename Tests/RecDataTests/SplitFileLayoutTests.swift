import Foundation
import RecTestSupport
import Testing
@testable import RecData

/// Predefined split files without a spec layout are read as their header shows: what
/// `reclab data export` writes and RecBole's `.train.inter` files read back; anything else keeps
/// the header-less `user,item` CSV layout predefined files always had.
@Suite struct SplitFileLayoutTests {
    func file(_ name: String, _ text: String) throws -> String {
        try LoaderFixtures.write(Array(text.utf8), to: name, in: Fixtures.temporaryDirectory("layout"))
    }

    @Test func theExportersHeaderIsReadByName() throws {
        let path = try file("train.tsv", "user_id\titem_id\trating\ttimestamp\n196\t242\t3\t881250949\n")
        #expect(try SplitFileLayout.recognise(path) == DelimitedOptions(delimiter: "\t", hasHeader: true, user: "user_id",
                                                                         item: "item_id", rating: "rating", timestamp: "timestamp"))
    }

    @Test func anEmptyTimestampOnTheFirstRowMeansNoTimestamps() throws {
        // SplitExporter leaves the timestamp empty when the source has none.
        let path = try file("train.tsv", "user_id\titem_id\trating\ttimestamp\r\n1\t10\t4\t\r\n")
        #expect(try SplitFileLayout.recognise(path) == DelimitedOptions(delimiter: "\t", hasHeader: true, user: "user_id",
                                                                         item: "item_id", rating: "rating"))
    }

    @Test func recBoleTypedHeadersAndCommaHeadersAreRecognised() {
        #expect(SplitFileLayout.recognise(firstLines: ["user_id:token\titem_id:token\trating:float", "1\t2\t3"])
                == DelimitedOptions(delimiter: "\t", hasHeader: true, user: "user_id:token", item: "item_id:token", rating: "rating:float"))
        #expect(SplitFileLayout.recognise(firstLines: ["timestamp,item_id,user_id", "5,2,1"])
                == DelimitedOptions(delimiter: ",", hasHeader: true, user: "user_id", item: "item_id", timestamp: "timestamp"))
    }

    @Test func otherFilesKeepTheHeaderlessCSVLayout() throws {
        #expect(SplitFileLayout.recognise(firstLines: ["196\t242\t3\t881250949"]) == nil)
        #expect(SplitFileLayout.recognise(firstLines: ["u\ti\tr\tt", "1\t10\t4\t100"]) == nil)
        #expect(SplitFileLayout.recognise(firstLines: ["user_id\trating"]) == nil)
        #expect(try SplitFileLayout.recognise(file("u1.base", "1,10\n2,10\n")) == DelimitedOptions())
    }

    @Test func aMissingTrainingFileIsMissingFile() {
        let error = expectDataError(containing: ["/no/such/train.tsv"]) { _ = try SplitFileLayout.recognise("/no/such/train.tsv") }
        #expect(error == .missingFile(path: "/no/such/train.tsv"))
    }

    /// The key of a predefined request without a layout is the key its layout would have given when
    /// spelled out: unchanged (`DelimitedOptions()`) for files that are not recognised.
    @Test func theRecognisedLayoutIsWhatTheCacheKeyHashes() throws {
        let dir = try Fixtures.temporaryDirectory("layout-key")
        let csv = try LoaderFixtures.write(Array("1,10\n2,10\n".utf8), to: "train.csv", in: dir)
        let tsv = try LoaderFixtures.write(Array("user_id\titem_id\trating\ttimestamp\n1\t10\t4\t100\n".utf8), to: "train.tsv", in: dir)
        let pipeline = DataPipeline()
        func key(_ file: String, _ options: DelimitedOptions?) throws -> String {
            try pipeline.cacheKey(for: DataRequest(source: .predefined(train: file, validation: nil, test: file, options: options)))
        }
        #expect(try key(csv, nil) == key(csv, DelimitedOptions()))
        #expect(try key(tsv, nil) == key(tsv, SplitFileLayout.recognise(tsv)))
        #expect(try key(tsv, nil) != key(tsv, DelimitedOptions()))
    }
}
