import Foundation
import RecCore
import RecData
import RecTestSupport
import Testing

/// `GroupLensLoader` on ML-100K- and ML-1M-shaped fixtures, each read from a folder and from a zip
/// built in the test, with expected values worked out from `LoaderFixtures.ml100k()` / `.ml1m()`.
@Suite struct LoaderGroupLensTests {
    enum Packaging: CaseIterable { case folder, zip }

    private func place(_ files: [String: [UInt8]], _ packaging: Packaging, prefix: String) throws -> String {
        let dir = try Fixtures.temporaryDirectory("grouplens")
        switch packaging {
        case .folder:
            let folder = dir.appendingPathComponent(prefix)
            try LoaderFixtures.write(files, in: folder)
            return folder.path
        case .zip:
            return try LoaderFixtures.zip(files, prefix: prefix + "/", named: prefix + ".zip", in: dir)
        }
    }

    @Test(arguments: Packaging.allCases)
    func ml100kRatingsUsersAndItems(_ packaging: Packaging) throws {
        let path = try place(LoaderFixtures.ml100k(), packaging, prefix: "ml-100k")
        let loader = GroupLensLoader(path: path)
        #expect(try loader.variant() == .ml100k)
        let data = try loader.load()
        #expect(data.name == "ml-100k")
        #expect(data.users.ids == ["1", "2", "3"])
        #expect(data.items.ids == ["10", "20", "30"])
        #expect(data.interactions.users == [0, 1, 0, 2, 1])
        #expect(data.interactions.items == [0, 0, 1, 2, 1])
        #expect(data.interactions.ratings == [4, 3, 5, 1, 2])
        #expect(data.interactions.timestamps == [881250949, 891717742, 878887116, 880606923, 886397596])

        #expect(data.userAttributes.names == ["age", "gender", "occupation", "zip"])
        #expect(sameNumbers(numbers(data.userAttributes["age"]) ?? [], [24, 53, .nan]))
        #expect(data.userAttributes["gender"] == .categorical(codes: [0, 1, -1], levels: ["M", "F"]))
        #expect(data.userAttributes["occupation"] == .categorical(codes: [0, 1, -1], levels: ["technician", "other"]))
        #expect(data.userAttributes["zip"] == .categorical(codes: [0, 1, -1], levels: ["85711", "94043"]))

        #expect(data.itemAttributes.names == ["genres", "year"])
        // Action = 1, Comedy = 5, Drama = 8, Film-Noir = 10 in the 19-genre list.
        #expect(data.itemAttributes["genres"] == .multiCategorical(indptr: [0, 2, 4, 4], codes: [1, 5, 8, 10],
                                                                   levels: GroupLensLoader.ml100kGenres))
        // 1995 from the release date of the Latin-1 "Café Society"; 1950 from the title of item 20.
        #expect(sameNumbers(numbers(data.itemAttributes["year"]) ?? [], [1995, 1950, .nan]))
    }

    @Test(arguments: Packaging.allCases)
    func ml1mRatingsUsersAndItems(_ packaging: Packaging) throws {
        let path = try place(LoaderFixtures.ml1m(), packaging, prefix: "ml-1m")
        let data = try GroupLensLoader(path: path).load()
        #expect(data.name == "ml-1m")
        #expect(data.users.ids == ["1", "2"])
        #expect(data.items.ids == ["1", "2", "3"])
        #expect(data.interactions.users == [0, 0, 1, 1])
        #expect(data.interactions.items == [0, 1, 0, 2])
        #expect(data.interactions.ratings == [5, 3, 4, 2])
        #expect(data.interactions.timestamps == [978300760, 978302109, 978301968, 978300275])
        #expect(numbers(data.userAttributes["age"]) == [1, 56])
        #expect(data.userAttributes["gender"] == .categorical(codes: [0, 1], levels: ["F", "M"]))
        #expect(data.userAttributes["occupation"] == .categorical(codes: [0, 1], levels: ["10", "16"]))
        #expect(data.userAttributes["zip"] == .categorical(codes: [0, 1], levels: ["48067", "70072"]))
        // 18 genres (no "unknown"): Animation = 2, Children's = 3, Comedy = 4, Drama = 7.
        #expect(data.itemAttributes["genres"] == .multiCategorical(indptr: [0, 3, 4, 4], codes: [2, 3, 4, 7],
                                                                   levels: Array(GroupLensLoader.ml100kGenres.dropFirst())))
        // 1998 parsed from the Latin-1 title "Cité (1998)".
        #expect(sameNumbers(numbers(data.itemAttributes["year"]) ?? [], [1995, 1998, .nan]))
    }

    @Test func folderAndZipGiveTheSameDataset() throws {
        for (files, prefix) in [(LoaderFixtures.ml100k(), "ml-100k"), (LoaderFixtures.ml1m(), "ml-1m")] {
            let fromFolder = try GroupLensLoader(path: place(files, .folder, prefix: prefix)).load()
            let fromZip = try GroupLensLoader(path: place(files, .zip, prefix: prefix)).load()
            #expect(sameDataset(fromFolder, fromZip))
        }
    }

    @Test func zipWithoutPrefixFolderIsRead() throws {
        let dir = try Fixtures.temporaryDirectory("grouplens")
        let path = try LoaderFixtures.zip(LoaderFixtures.ml1m(), prefix: "", named: "flat.zip", in: dir)
        #expect(try GroupLensLoader(path: path).load().interactions.count == 4)
    }

    @Test func ratingsFileAloneIsEnough() throws {
        var files = LoaderFixtures.ml100k()
        files["u.user"] = nil; files["u.item"] = nil
        let data = try GroupLensLoader(path: place(files, .folder, prefix: "ml-100k")).load()
        #expect(data.users.ids == ["1", "2", "3"])
        #expect(data.items.ids == ["10", "20", "30"])
        #expect(data.userAttributes.isEmpty && data.itemAttributes.isEmpty)
    }

    @Test func sourceFilesAreTheArchiveOrTheReleaseFiles() throws {
        let folder = try place(LoaderFixtures.ml100k(), .folder, prefix: "ml-100k")
        #expect(try GroupLensLoader(path: folder).sourceFiles().map { URL(fileURLWithPath: $0).lastPathComponent }
                == ["u.data", "u.user", "u.item"])
        let zip = try place(LoaderFixtures.ml100k(), .zip, prefix: "ml-100k")
        #expect(try GroupLensLoader(path: zip).sourceFiles() == [zip])
    }

    // MARK: - Bad input

    @Test(arguments: Packaging.allCases)
    func nonNumericRatingNamesFileLineAndText(_ packaging: Packaging) throws {
        var files = LoaderFixtures.ml1m()
        files["ratings.dat"] = Array("1::1::5::978300760\n1::2::five::978302109\n".utf8)
        let path = try place(files, packaging, prefix: "ml-1m")
        expectDataError(containing: ["ratings.dat", ":2:", "\"five\"", "1::2::five::978302109"]) {
            _ = try GroupLensLoader(path: path).load()
        }
    }

    @Test func wrongFieldCountNamesFileLineAndText() throws {
        var files = LoaderFixtures.ml100k()
        files["u.user"] = Array("1|24|M|technician|85711\n2|53|F|other\n".utf8)
        let path = try place(files, .folder, prefix: "ml-100k")
        expectDataError(containing: ["u.user", ":2:", "2|53|F|other", "expected 5"]) {
            _ = try GroupLensLoader(path: path).load()
        }
    }

    @Test func malformedGenreFlagNamesFileLineAndText() throws {
        var files = LoaderFixtures.ml100k()
        let flags = LoaderFixtures.genreFlags(["Drama"]).replacingOccurrences(of: "1", with: "y")
        files["u.item"] = LoaderFixtures.latin1("10|A (1995)|01-Jan-1995||url|\(flags)\n")
        let path = try place(files, .folder, prefix: "ml-100k")
        expectDataError(containing: ["u.item", ":1:", "10|A (1995)", "Drama"]) {
            _ = try GroupLensLoader(path: path).load()
        }
    }

    @Test func emptyRatingsFileIsEmptyFile() throws {
        var files = LoaderFixtures.ml100k()
        files["u.data"] = Array("\n".utf8)
        let path = try place(files, .zip, prefix: "ml-100k")
        expectDataError(containing: ["ml-100k.zip/ml-100k/u.data", "empty"]) {
            _ = try GroupLensLoader(path: path).load()
        }
    }

    @Test func missingPathOrRatingsFileIsMissingFile() throws {
        let error = expectDataError(containing: ["/no/such/ml-100k.zip"]) {
            _ = try GroupLensLoader(path: "/no/such/ml-100k.zip").load()
        }
        #expect(error == .missingFile(path: "/no/such/ml-100k.zip"))
        let dir = try Fixtures.temporaryDirectory("grouplens")
        expectDataError(containing: [dir.path, "u.data", "ratings.dat"]) {
            _ = try GroupLensLoader(path: dir.path).load()
        }
    }
}
