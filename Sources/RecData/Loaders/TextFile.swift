import Foundation

/// How the bytes of a text data file are decoded.
///
/// MovieLens item files (`u.item`, `movies.dat`) are Latin-1; almost everything else is UTF-8.
/// ```swift
/// var options = DelimitedOptions(delimiter: "|")
/// options.encoding = .latin1
/// ```
public enum TextEncoding: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// Strict UTF-8: an invalid byte sequence is a `DataError.badEncoding` naming the line.
    case utf8
    /// ISO-8859-1: every byte is the Unicode scalar of the same value; never fails.
    case latin1
}

/// A whole text file held as bytes, with the name used in error messages.
///
/// Reading the file in one go and walking it with a byte cursor is what makes ML-100K (100k lines)
/// load in a few tens of milliseconds: no per-line allocations until a field is turned into a `String`.
struct TextFile: Sendable {
    /// Path (or `archive.zip/entry`) shown in errors.
    let path: String
    /// The file contents, with a leading UTF-8 byte-order mark removed.
    let bytes: [UInt8]
    /// How fields are decoded into strings.
    let encoding: TextEncoding

    /// Wraps bytes already in memory; checks UTF-8 validity once for the whole file when asked.
    init(path: String, bytes: [UInt8], encoding: TextEncoding) throws {
        var bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { bytes.removeFirst(3) }
        self.path = path
        self.bytes = bytes
        self.encoding = encoding
        if encoding == .utf8 { try Self.validateUTF8(bytes, path: path) }
    }

    /// Reads the file at `path`; a missing file is `DataError.missingFile`.
    init(contentsOf path: String, encoding: TextEncoding) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw DataError.missingFile(path: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError.other("\(path): file could not be read")
        }
        try self.init(path: path, bytes: [UInt8](data), encoding: encoding)
    }

    /// Throws `badEncoding` with the 1-based line and the byte offset of the first invalid sequence.
    private static func validateUTF8(_ bytes: [UInt8], path: String) throws {
        // Fast path: pure ASCII or valid UTF-8 in one pass through the standard library's validator.
        if bytes.allSatisfy({ $0 < 0x80 }) || String(validating: bytes, as: UTF8.self) != nil { return }
        var lineNumber = 1
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let line = bytes[start..<end]
            if String(validating: line, as: UTF8.self) == nil {
                let text = String(decoding: line.prefix(480), as: UTF8.self).trimmingCharacters(in: .newlines)
                let shown = text.count > excerptLength || line.count > 480 ? String(text.prefix(excerptLength)) + "…" : text
                let offset = Self.firstInvalidOffset(line)
                throw DataError.badEncoding(
                    file: path, line: lineNumber,
                    detail: "invalid UTF-8 at byte \(offset + 1) of the line: \"\(shown)\" (use the Latin-1 encoding if the file is not UTF-8)")
            }
            lineNumber += 1
            start = end + 1
        }
    }

    /// Offset (0-based) of the first byte at which `line` stops being valid UTF-8.
    private static func firstInvalidOffset(_ line: ArraySlice<UInt8>) -> Int {
        var good = line.startIndex
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = line.makeIterator()
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): good += scalar.count
            case .emptyInput, .error: break loop
            }
        }
        return good - line.startIndex
    }

    /// Longest line a data file may have: far beyond any real record, and what stops a binary or
    /// sparse file (one endless "line") from being split into gigabytes of fields.
    static let maxLineBytes = 1 << 20

    /// Calls `body` with each non-blank line (without `\n` or `\r\n`) and its 1-based number.
    /// - Throws: `malformedLine` for a line longer than `maxLineBytes`, or what `body` throws.
    func forEachLine(_ body: (_ line: ArraySlice<UInt8>, _ number: Int) throws -> Void) throws {
        var number = 0
        var start = 0
        let n = bytes.count
        try bytes.withUnsafeBufferPointer { buffer in
            while start < n {
                number += 1
                var end = start
                while end < n && buffer[end] != 0x0A {
                    end += 1
                    if end - start > Self.maxLineBytes {
                        throw malformed(bytes[start..<(start + 200)], number, "the line is longer than \(Self.maxLineBytes >> 20) MiB; is this a data file?")
                    }
                }
                var stop = end
                if stop > start && buffer[stop - 1] == 0x0D { stop -= 1 }
                if stop > start && !Self.isBlank(buffer, start, stop) {
                    try body(bytes[start..<stop], number)
                }
                start = end + 1
            }
        }
    }

    private static func isBlank(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> Bool {
        for k in start..<stop where buffer[k] != 0x20 && buffer[k] != 0x09 { return false }
        return true
    }

    /// The bytes as text in this file's encoding (UTF-8 already validated; Latin-1 never fails).
    func string<C: Collection>(_ field: C) -> String where C.Element == UInt8 {
        switch encoding {
        case .utf8:
            return String(decoding: field, as: UTF8.self)
        case .latin1:
            if field.allSatisfy({ $0 < 0x80 }) { return String(decoding: field, as: UTF8.self) }
            var scalars = String.UnicodeScalarView()
            for byte in field { scalars.append(Unicode.Scalar(byte)) }
            return String(scalars)
        }
    }

    /// A `malformedLine` error for `line`, its text decoded in this file's encoding.
    func malformed(_ line: ArraySlice<UInt8>, _ number: Int, _ reason: String) -> DataError {
        .malformedLine(file: path, line: number, text: excerpt(line), reason: reason)
    }

    /// At most `TextFile.excerptLength` characters of `bytes` for an error message, with "…" when
    /// cut: a bad line may be megabytes long, and an error quotes it, never echoes it.
    func excerpt<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let head = string(bytes.prefix(Self.excerptLength * 4))
        guard head.count > Self.excerptLength || bytes.count > Self.excerptLength * 4 else { return head }
        return String(head.prefix(Self.excerptLength)) + "…"
    }

    /// Characters an error quotes from a line at most.
    static let excerptLength = 120
}

extension TextFile {
    /// Calls `body` with the fields of every non-blank line, each line split by `splitter` and
    /// required to have exactly `fieldCount` fields; a file without such lines is `emptyFile`.
    func forEachRecord(_ splitter: FieldSplitter, fieldCount: Int,
                       _ body: (_ fields: [ArraySlice<UInt8>], _ line: ArraySlice<UInt8>, _ number: Int) throws -> Void) throws {
        var fields = [ArraySlice<UInt8>]()
        fields.reserveCapacity(fieldCount)
        var rows = 0
        let shown = String(decoding: splitter.delimiter, as: UTF8.self).debugDescription
        try forEachLine { line, number in
            splitter.split(line, into: &fields)
            guard fields.count == fieldCount else {
                throw malformed(line, number, "expected \(fieldCount) fields separated by \(shown), found \(fields.count)")
            }
            rows += 1
            try body(fields, line, number)
        }
        if rows == 0 { throw DataError.emptyFile(path: path) }
    }
}
