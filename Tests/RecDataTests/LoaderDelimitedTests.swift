import Foundation
import RecCore
import RecData
import RecTestSupport
import Testing

/// `DelimitedLoader` and `PredefinedSplitLoader` on small hand-written files.
@Suite struct LoaderDelimitedTests {
    private func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        try LoaderFixtures.write(bytes, to: name, in: Fixtures.temporaryDirectory("delimited"))
    }

    private func file(_ name: String, _ text: String) throws -> String { try file(name, Array(text.utf8)) }

    private let csvWithHeader = DelimitedOptions(delimiter: ",", hasHeader: true, user: "userId", item: "movieId",
                                                 rating: "rating", timestamp: "timestamp")

    @Test func readsColumnsByHeaderName() throws {
        let path = try file("ratings.csv", "movieId,userId,rating,timestamp\n7,a,4.5,964982703\n8,b,3,964981247\n7,b,0.5,964982224\n")
        let data = try DelimitedLoader(path: path, options: csvWithHeader).load()
        #expect(data.name == "ratings")
        #expect(data.users.ids == ["a", "b"])
        #expect(data.items.ids == ["7", "8"])
        #expect(data.interactions.users == [0, 1, 1])
        #expect(data.interactions.items == [0, 1, 0])
        #expect(data.interactions.ratings == [4.5, 3, 0.5])
        #expect(data.interactions.timestamps == [964982703, 964981247, 964982224])
    }

    @Test func readsColumnsByIndexWithMultiCharacterDelimiterAndComments() throws {
        let path = try file("r.dat", "# a comment\n1::10::5\n\n# another\n2::10::1\n")
        let options = DelimitedOptions(delimiter: "::", user: 0, item: 1, rating: 2, commentPrefix: "#")
        let data = try DelimitedLoader(path: path, options: options, name: "tiny").load()
        #expect(data.name == "tiny")
        #expect(data.users.ids == ["1", "2"])
        #expect(data.items.ids == ["10"])
        #expect(data.interactions.ratings == [5, 1])
        #expect(data.interactions.timestamps == nil)
    }

    @Test func implicitFeedbackHasNoRatingColumn() throws {
        let path = try file("clicks.tsv", "u1\ti1\nu1\ti2\r\nu2\ti1\r\n")
        let data = try DelimitedLoader(path: path, options: DelimitedOptions(delimiter: "\t")).load()
        #expect(data.hasRatings == false)
        #expect(data.interactions.items == [0, 1, 0])
    }

    @Test func latin1IdentifiersAreDecoded() throws {
        let path = try file("titles.psv", LoaderFixtures.latin1("ana|Café\nbo|Crème brûlée\n"))
        let options = DelimitedOptions(delimiter: "|", encoding: .latin1)
        #expect(try DelimitedLoader(path: path, options: options).load().items.ids == ["Café", "Crème brûlée"])
        // The same bytes read as UTF-8 are an encoding error on line 1.
        expectDataError(containing: ["titles.psv", ":1:", "ana|Caf"]) {
            _ = try DelimitedLoader(path: path, options: DelimitedOptions(delimiter: "|")).load()
        }
    }

    // MARK: - Bad input

    @Test func nonNumericRatingNamesFileLineAndText() throws {
        let path = try file("ratings.csv", "userId,movieId,rating,timestamp\na,7,4,1\nb,8,n/a,2\n")
        expectDataError(containing: ["ratings.csv", ":3:", "\"n/a\"", "b,8,n/a,2"]) {
            _ = try DelimitedLoader(path: path, options: csvWithHeader).load()
        }
    }

    @Test func nonNumericTimestampNamesFileLineAndText() throws {
        let path = try file("ratings.csv", "userId,movieId,rating,timestamp\na,7,4,yesterday\n")
        expectDataError(containing: ["ratings.csv", ":2:", "yesterday"]) {
            _ = try DelimitedLoader(path: path, options: csvWithHeader).load()
        }
    }

    @Test func wrongColumnCountNamesFileLineAndText() throws {
        let path = try file("ratings.csv", "userId,movieId,rating,timestamp\na,7,4,1\nb,8,3\n")
        expectDataError(containing: ["ratings.csv", ":3:", "b,8,3", "expected 4", "found 3"]) {
            _ = try DelimitedLoader(path: path, options: csvWithHeader).load()
        }
        let noHeader = try file("plain.csv", "a,7,4\nb,8,3,9\n")
        expectDataError(containing: ["plain.csv", ":2:", "b,8,3,9"]) {
            _ = try DelimitedLoader(path: noHeader, options: DelimitedOptions(rating: 2)).load()
        }
        let tooFew = try file("short.csv", "a,7\n")
        expectDataError(containing: ["short.csv", ":1:", "a,7", "#2"]) {
            _ = try DelimitedLoader(path: tooFew, options: DelimitedOptions(rating: 2)).load()
        }
    }

    @Test func missingNamedColumnNamesFileLineAndHeader() throws {
        let path = try file("ratings.csv", "user,movieId,rating,timestamp\na,7,4,1\n")
        expectDataError(containing: ["ratings.csv", ":1:", "userId", "user,movieId,rating,timestamp"]) {
            _ = try DelimitedLoader(path: path, options: csvWithHeader).load()
        }
    }

    @Test func nameWithoutHeaderIsAnInvalidOption() throws {
        let path = try file("r.csv", "a,7\n")
        expectDataError(containing: ["userId", "header"]) {
            _ = try DelimitedLoader(path: path, options: DelimitedOptions(user: "userId")).load()
        }
    }

    @Test func emptyLineInIdColumnIsMalformed() throws {
        let path = try file("r.csv", "a,7\n,8\n")
        expectDataError(containing: ["r.csv", ":2:", ",8", "user id"]) {
            _ = try DelimitedLoader(path: path).load()
        }
    }

    @Test func headerOnlyOrEmptyFileIsEmptyFile() throws {
        for text in ["userId,movieId,rating,timestamp\n", "", "\n\n"] {
            let path = try file("ratings.csv", text)
            let options = text.isEmpty || text == "\n\n" ? DelimitedOptions() : csvWithHeader
            let error = expectDataError(containing: ["ratings.csv", "empty"]) {
                _ = try DelimitedLoader(path: path, options: options).load()
            }
            #expect(error == .emptyFile(path: path))
        }
    }

    @Test func missingFileIsMissingFile() {
        let error = expectDataError(containing: ["/no/such/ratings.csv"]) {
            _ = try DelimitedLoader(path: "/no/such/ratings.csv").load()
        }
        #expect(error == .missingFile(path: "/no/such/ratings.csv"))
    }

    // MARK: - Predefined split

    @Test func predefinedSplitSharesOneIndexSpace() throws {
        let dir = try Fixtures.temporaryDirectory("split")
        let train = try LoaderFixtures.write(Array("1\t10\t5\t100\n2\t10\t4\t101\n1\t20\t3\t102\n".utf8), to: "u1.base", in: dir)
        let valid = try LoaderFixtures.write(Array("2\t20\t2\t103\n".utf8), to: "u1.valid", in: dir)
        let test = try LoaderFixtures.write(Array("3\t10\t1\t104\n1\t30\t5\t105\n".utf8), to: "u1.test", in: dir)
        let options = DelimitedOptions(delimiter: "\t", rating: 2, timestamp: 3)
        let loader = PredefinedSplitLoader(train: train, validation: valid, test: test, options: options)
        let prepared = try loader.loadWithSplit()
        let data = prepared.dataset
        #expect(data.name == "u1")
        #expect(data.users.ids == ["1", "2", "3"])        // user 3 only in test
        #expect(data.items.ids == ["10", "20", "30"])     // item 30 only in test
        #expect(prepared.split.train == InteractionTable(users: [0, 1, 0], items: [0, 0, 1], ratings: [5, 4, 3],
                                                         timestamps: [100, 101, 102]))
        #expect(prepared.split.validation == InteractionTable(users: [1], items: [1], ratings: [2], timestamps: [103]))
        #expect(prepared.split.test == InteractionTable(users: [2, 0], items: [0, 2], ratings: [1, 5], timestamps: [104, 105]))
        #expect(data.interactions.count == 6)
        #expect(data.interactions.timestamps == [100, 101, 102, 103, 104, 105])
        #expect(try loader.load() == data)
        #expect(try loader.sourceFiles() == [train, valid, test])
    }

    @Test func predefinedSplitWithoutValidationHasAnEmptyValidationTable() throws {
        let dir = try Fixtures.temporaryDirectory("split")
        let train = try LoaderFixtures.write(Array("a,x\nb,y\n".utf8), to: "train.csv", in: dir)
        let test = try LoaderFixtures.write(Array("b,x\n".utf8), to: "test.csv", in: dir)
        let prepared = try PredefinedSplitLoader(train: train, test: test, options: DelimitedOptions()).loadWithSplit()
        #expect(prepared.split.validation.count == 0)
        #expect(prepared.split.validation.ratings == nil)
        #expect(prepared.split.test == InteractionTable(users: [1], items: [0]))
    }

    @Test func predefinedSplitErrorsNameTheFileAtFault() throws {
        let dir = try Fixtures.temporaryDirectory("split")
        let train = try LoaderFixtures.write(Array("a,x,1\n".utf8), to: "train.csv", in: dir)
        let test = try LoaderFixtures.write(Array("b,x,1\nc,y,bad\n".utf8), to: "test.csv", in: dir)
        expectDataError(containing: ["test.csv", ":2:", "c,y,bad"]) {
            _ = try PredefinedSplitLoader(train: train, test: test, options: DelimitedOptions(rating: 2)).loadWithSplit()
        }
        expectDataError(containing: ["missing.csv"]) {
            _ = try PredefinedSplitLoader(train: train, test: dir.appendingPathComponent("missing.csv").path,
                                          options: DelimitedOptions(rating: 2)).loadWithSplit()
        }
    }
}
