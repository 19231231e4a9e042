import Foundation
import RecCore
import RecData
import RecTestSupport
import Testing

/// `AtomicFileLoader` on the hand-written `tiny` RecBole dataset (expected values worked out from
/// `LoaderFixtures.atomic()`), and on every kind of bad input.
@Suite struct LoaderAtomicTests {
    private func folder(_ files: [String: [UInt8]] = LoaderFixtures.atomic()) throws -> URL {
        let dir = try Fixtures.temporaryDirectory("atomic").appendingPathComponent("tiny")
        try LoaderFixtures.write(files, in: dir)
        return dir
    }

    @Test func indexesUsersAndItemsFromEntityFilesFirstThenInteractions() throws {
        let data = try AtomicFileLoader(folder: folder().path).load()
        #expect(data.name == "tiny")
        #expect(data.users.ids == ["u1", "u2", "u3"])
        #expect(data.items.ids == ["i1", "i2", "i3"])
        #expect(data.interactions.users == [0, 1, 2, 0])
        #expect(data.interactions.items == [0, 1, 2, 1])
        #expect(data.interactions.ratings == [4, 3.5, 1, 5])
        #expect(data.interactions.timestamps == [100, 200, 300, 400])
    }

    @Test func entityColumnsBecomeTypedAttributesAndFloatSequencesAreSkipped() throws {
        let data = try AtomicFileLoader(folder: folder().path).load()
        #expect(data.userAttributes.names == ["age", "gender", "tags"])
        #expect(sameNumbers(numbers(data.userAttributes["age"]) ?? [], [30, .nan, .nan]))
        #expect(data.userAttributes["gender"] == .categorical(codes: [0, 1, -1], levels: ["F", "M"]))
        #expect(data.userAttributes["tags"] == .multiCategorical(indptr: [0, 2, 3, 3], codes: [0, 1, 1], levels: ["a", "b"]))
        #expect(data.itemAttributes.names == ["year", "class"])
        #expect(data.itemAttributes["year"] == .categorical(codes: [0, -1, -1], levels: ["1995"]))
        #expect(data.itemAttributes["class"] == .multiCategorical(indptr: [0, 2, 3, 3], codes: [0, 1, 1],
                                                                  levels: ["Action", "Comedy"]))
    }

    @Test func knowledgeGraphAndLinksAreIndexed() throws {
        let kg = try #require(try AtomicFileLoader(folder: folder().path).load().knowledgeGraph)
        #expect(kg.entities.ids == ["e1", "e2", "e3", "e4", "e9"])  // e9 only linked; e5 links unknown item i7
        #expect(kg.relations.ids == ["directed_by", "starring"])
        #expect(kg.heads == [0, 2, 0])
        #expect(kg.relationOfTriple == [0, 1, 1])
        #expect(kg.tails == [1, 0, 3])
        #expect(kg.itemEntity == [0, -1, 4])
        #expect(kg.linkedItemCount == 2)
    }

    @Test func onlyTheInteractionFileIsRequired() throws {
        var files = LoaderFixtures.atomic()
        for ext in ["user", "item", "kg", "link"] { files["tiny.\(ext)"] = nil }
        let dir = try folder(files)
        let data = try AtomicFileLoader(folder: dir.path).load()
        #expect(data.users.ids == ["u1", "u2", "u3"])
        #expect(data.items.ids == ["i1", "i2", "i3"])
        #expect(data.userAttributes.isEmpty && data.itemAttributes.isEmpty)
        #expect(data.knowledgeGraph == nil)
        #expect(try AtomicFileLoader(folder: dir.path).sourceFiles() == [dir.appendingPathComponent("tiny.inter").path])
    }

    @Test func ratingAndTimestampAreOptionalAndNamesConfigurable() throws {
        let files = ["x.inter": Array("uid:token\tiid:token\tclicks:float\nA\tB\t2\nA\tC\t1\n".utf8)]
        let dir = try folder(files)
        let data = try AtomicFileLoader(folder: dir.path, name: "x",
                                        fields: .init(user: "uid", item: "iid")).load()
        #expect(data.hasRatings == false)
        #expect(data.interactions.timestamps == nil)
        #expect(data.items.ids == ["B", "C"])
    }

    @Test func sourceFilesListsPresentFilesInFixedOrder() throws {
        let dir = try folder()
        let names = try AtomicFileLoader(folder: dir.path).sourceFiles().map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(names == ["tiny.inter", "tiny.user", "tiny.item", "tiny.kg", "tiny.link"])
    }

    // MARK: - Bad input

    @Test func nonNumericRatingNamesFileLineAndText() throws {
        var files = LoaderFixtures.atomic()
        files["tiny.inter"] = Array("user_id:token\titem_id:token\trating:float\nu1\ti1\t4\nu2\ti2\tgood\n".utf8)
        let dir = try folder(files)
        expectDataError(containing: ["tiny.inter", ":3:", "\"good\"", "u2\ti2\tgood"]) {
            _ = try AtomicFileLoader(folder: dir.path).load()
        }
    }

    @Test func wrongFieldCountNamesFileLineAndText() throws {
        var files = LoaderFixtures.atomic()
        files["tiny.kg"] = Array("head_id:token\trelation_id:token\ttail_id:token\ne1\tr\te2\ne1\tr\n".utf8)
        let dir = try folder(files)
        expectDataError(containing: ["tiny.kg", ":3:", "e1\tr", "expected 3"]) {
            _ = try AtomicFileLoader(folder: dir.path).load()
        }
    }

    @Test func nonNumericFloatAttributeNamesFileLineAndText() throws {
        var files = LoaderFixtures.atomic()
        files["tiny.user"] = Array("user_id:token\tage:float\nu1\tthirty\n".utf8)
        let dir = try folder(files)
        expectDataError(containing: ["tiny.user", ":2:", "thirty"]) {
            _ = try AtomicFileLoader(folder: dir.path).load()
        }
    }

    @Test func untypedHeaderColumnIsBadHeader() throws {
        var files = LoaderFixtures.atomic()
        files["tiny.inter"] = Array("user_id\titem_id:token\nu1\ti1\n".utf8)
        let dir = try folder(files)
        expectDataError(containing: ["tiny.inter", ":1:", "user_id"]) {
            _ = try AtomicFileLoader(folder: dir.path).load()
        }
    }

    @Test func missingIdColumnIsBadHeader() throws {
        var files = LoaderFixtures.atomic()
        files["tiny.inter"] = Array("person:token\titem_id:token\nu1\ti1\n".utf8)
        let dir = try folder(files)
        expectDataError(containing: ["tiny.inter", ":1:", "user_id", "person:token"]) {
            _ = try AtomicFileLoader(folder: dir.path).load()
        }
    }

    @Test func invalidUTF8NamesFileLineAndText() throws {
        var files = LoaderFixtures.atomic()
        files["tiny.item"] = Array("item_id:token\tyear:token\ni1\t1995\n".utf8) + [0x69, 0x32, 0x09, 0xFF, 0x0A]
        let dir = try folder(files)
        expectDataError(containing: ["tiny.item", ":3:", "i2"]) {
            _ = try AtomicFileLoader(folder: dir.path).load()
        }
    }

    @Test func headerOnlyOrEmptyFileIsEmptyFile() throws {
        for content in ["user_id:token\titem_id:token\n", ""] {
            var files = LoaderFixtures.atomic()
            files["tiny.inter"] = Array(content.utf8)
            let dir = try folder(files)
            let error = expectDataError(containing: ["tiny.inter", "empty"]) {
                _ = try AtomicFileLoader(folder: dir.path).load()
            }
            #expect(error == .emptyFile(path: dir.appendingPathComponent("tiny.inter").path))
        }
    }

    @Test func missingFolderOrInteractionFileIsMissingFile() throws {
        expectDataError(containing: ["/no/such/folder"]) {
            _ = try AtomicFileLoader(folder: "/no/such/folder").load()
        }
        let dir = try folder()
        let error = expectDataError(containing: ["other.inter"]) {
            _ = try AtomicFileLoader(folder: dir.path, name: "other").load()
        }
        #expect(error == .missingFile(path: dir.appendingPathComponent("other.inter").path))
    }
}
