import Foundation
@testable import RecData
import RecTestSupport
import Testing

/// The shared byte-level reader: lines, fields, numbers, encodings.
@Suite struct LoaderTextTests {
    @Test func linesAreNumberedFromOneAndToleratesCRLFAndBlankLines() throws {
        let file = try TextFile(path: "mem.txt", bytes: Array("a\r\n\n  \nb\nc".utf8), encoding: .utf8)
        var seen = [(String, Int)]()
        try file.forEachLine { line, number in seen.append((file.string(line), number)) }
        #expect(seen.map(\.0) == ["a", "b", "c"])
        #expect(seen.map(\.1) == [1, 4, 5])
    }

    @Test func byteOrderMarkIsDropped() throws {
        let file = try TextFile(path: "bom.txt", bytes: [0xEF, 0xBB, 0xBF] + Array("x".utf8), encoding: .utf8)
        #expect(file.bytes == Array("x".utf8))
    }

    @Test func splitsOnSingleAndMultiCharacterDelimiters() throws {
        var fields = [ArraySlice<UInt8>]()
        let line = ArraySlice(Array("1::1193::5::978300760".utf8))
        try FieldSplitter("::").split(line, into: &fields)
        #expect(fields.map { String(decoding: $0, as: UTF8.self) } == ["1", "1193", "5", "978300760"])
        try FieldSplitter("|").split(ArraySlice(Array("a||b|".utf8)), into: &fields)
        #expect(fields.map { String(decoding: $0, as: UTF8.self) } == ["a", "", "b", ""])
        try FieldSplitter("::").split(ArraySlice(Array("a:b:::c".utf8)), into: &fields)
        #expect(fields.map { String(decoding: $0, as: UTF8.self) } == ["a:b", ":c"])
    }

    @Test func emptyDelimiterIsAnInvalidOption() {
        #expect(throws: DataError.self) { try FieldSplitter("") }
    }

    @Test func parsesNumbersFromBytes() {
        func d(_ s: String) -> Double? { FieldParsing.double(ArraySlice(Array(s.utf8))) }
        func i(_ s: String) -> Int64? { FieldParsing.int64(ArraySlice(Array(s.utf8))) }
        #expect(d("3") == 3)
        #expect(d(" -0.25 ") == -0.25)
        #expect(d("881250949.0") == 881_250_949)
        #expect(d("1e3") == 1000)
        #expect(d("4.1") == 4.1)
        #expect(d("") == nil)
        #expect(d("four") == nil)
        #expect(d("3.5.1") == nil)
        #expect(i("881250949") == 881_250_949)
        #expect(i("-7") == -7)
        #expect(i("7.0") == nil)
        #expect(i("") == nil)
    }

    @Test func latin1BytesDecodeToTheirScalars() throws {
        let file = try TextFile(path: "l1.txt", bytes: LoaderFixtures.latin1("Café"), encoding: .latin1)
        #expect(file.bytes.last == 0xE9)
        #expect(file.string(file.bytes) == "Café")
    }

    @Test func invalidUTF8NamesFileLineAndText() {
        let bytes = Array("ok line\nbad \u{0}".utf8).dropLast() + [0xE9, 0x21] + Array("\n".utf8)
        let error = expectDataError(containing: ["bad.txt", ":2:", "bad ", "byte 5"]) {
            _ = try TextFile(path: "bad.txt", bytes: Array(bytes), encoding: .utf8)
        }
        if case .badEncoding(_, let line, _)? = error { #expect(line == 2) } else { Issue.record("not badEncoding: \(String(describing: error))") }
    }

    @Test func missingFileIsMissingFile() {
        let error = expectDataError(containing: ["/no/such/file.csv"]) {
            _ = try TextFile(contentsOf: "/no/such/file.csv", encoding: .utf8)
        }
        #expect(error == .missingFile(path: "/no/such/file.csv"))
    }
}
