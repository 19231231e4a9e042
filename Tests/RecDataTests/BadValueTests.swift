import Foundation
import RecConfig
import RecCore
import RecData
import RecTestSupport
import Testing

/// Values no later step can use are rejected where they are read, and an error quotes at most a
/// short excerpt of what it found.
@Suite struct BadValueTests {
    private func load(_ text: String) throws -> Dataset {
        let path = try LoaderFixtures.write(Array(text.utf8), to: "r.csv", in: Fixtures.temporaryDirectory("bad-values"))
        return try DelimitedLoader(path: path, options: DelimitedOptions(delimiter: ",", user: 0, item: 1, rating: 2)).load()
    }

    @Test(arguments: ["nan", "NaN", "inf", "-inf", "1e39", "-1e39"])
    func nonFiniteRatingsAreRejectedWithFileAndLine(_ rating: String) {
        do {
            _ = try load("1,10,4\n2,11,\(rating)\n")
            Issue.record("rating \(rating) was accepted")
        } catch {
            #expect("\(error)".contains("r.csv:2"), "\(error)")
            #expect("\(error)".contains("rating \"\(rating)\" is not a finite number"), "\(error)")
        }
    }

    @Test func aNulByteInAnIdIsAFileLineError() {
        do {
            _ = try load("1,10,4\n2\u{0}x,11,3\n")
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains("r.csv:2") && "\(error)".contains("contains a NUL byte"), "\(error)")
        }
    }

    @Test func aFolderWhereAFileBelongsIsNamedNotAFoundationError() throws {
        let dir = try Fixtures.temporaryDirectory("folder-file")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("x.inter"), withIntermediateDirectories: true)
        #expect(throws: DataError.other("\(dir.path)/x.inter is a folder where a data file was expected")) {
            try FileDigest.sha256Hex(of: dir.path + "/x.inter")
        }
    }

    @Test func aSparseFileStopsAtItsFirstOverlongLine() {
        do {
            _ = try load("1,10,4\n" + String(repeating: "\u{0}", count: 3 << 20))
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains("r.csv:2") && "\(error)".contains("longer than 1 MiB"), "\(error)")
            #expect("\(error)".count < 600)
        }
    }

    @Test func aHugeBadLineIsQuotedShort() {
        let long = String(repeating: "x", count: 200_000)
        do {
            _ = try load("1,10,4\n2,11,\(long)\n")
            Issue.record("accepted")
        } catch {
            let text = "\(error)"
            #expect(text.count < 600, "an error of \(text.count) characters")
            #expect(text.contains("…") && text.contains("r.csv:2"))
        }
    }

    @Test func summaryOfExtremeRatingsDoesNotTrap() throws {
        let data = try load("1,10,1e19\n2,11,-1e30\n3,12,4\n")
        let text = DatasetSummary(data).render()
        #expect(text.contains("e+18") && text.contains("e+30"), "\(text)")
    }

    @Test func syntheticSizeIsBoundedByWhatCanRun() {
        #expect(throws: ConfigurationError.self) { try SyntheticSize.decode(["users": .int(1_000_000_000_000_000)]) }
        let huge: [String: ParamValue] = ["users": .int(100_000_000), "items": .int(100_000_000), "interactions": .int(4_000_000_000)]
        let size = try? SyntheticSize.decode(huge, checkingRules: false)
        #expect(size.map { $0.estimatedBytes > 200 * (1 << 30) } == true)
        do {
            _ = try SyntheticSize.decode(huge)
            Issue.record("a 4e9-interaction synthetic set passed on a machine with \(ProcessInfo.processInfo.physicalMemory >> 30) GiB")
        } catch {
            #expect("\(error)".contains("GiB of memory"), "\(error)")
        }
        #expect((try? SyntheticSize.decode(["users": .int(106_666), "items": .int(20_000), "interactions": .int(16_000_000)])) != nil)
    }
}
