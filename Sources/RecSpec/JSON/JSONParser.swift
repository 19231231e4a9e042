/// A JSON value as parsed from a spec file, with the line and column where it starts, so that every
/// validation error can point at the text the user wrote. Object members keep their file order.
struct JSONNode: Sendable {
    enum Value: Sendable {
        case null, bool(Bool), int(Int), double(Double), string(String)
        case array([JSONNode])
        case object(JSONObject)
    }
    var value: Value
    var line: Int
    var column: Int

    /// The node without positions.
    var plain: JSONValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .array(let items): return .array(items.map(\.plain))
        case .object(let obj):
            var dict: [String: JSONValue] = [:]
            for m in obj.members { dict[m.key] = m.value.plain }
            return .object(dict)
        }
    }

    var isNull: Bool { if case .null = value { return true } else { return false } }

    /// How a value is named in "expected …, got …" messages: scalars verbatim, containers by kind.
    var gotDescription: String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return JSONValue.numberText(d)
        case .string(let s) where s.count > 60: return JSONValue.quote(String(s.prefix(60)) + "…") + " (\(s.count) characters)"
        case .string(let s): return JSONValue.quote(s)
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}

/// An object's members in file order, each with the position of its key.
struct JSONObject: Sendable {
    struct Member: Sendable {
        var key: String
        var line: Int
        var column: Int
        var value: JSONNode
    }
    var members: [Member]

    subscript(key: String) -> JSONNode? { members.first { $0.key == key }?.value }
    func member(_ key: String) -> Member? { members.first { $0.key == key } }
    var keys: [String] { members.map(\.key) }
}

/// A JSON syntax error with its 1-based line and column.
struct JSONSyntaxError: Error, Sendable {
    var message: String
    var line: Int
    var column: Int
}

/// A small RFC 8259 parser over UTF-8 bytes that records line/column positions and member order,
/// which Foundation's `JSONSerialization` does not expose. Duplicate keys are rejected here because a
/// silently overridden key is a typo the user should see.
struct JSONParser {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1
    private var depth = 0

    static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONNode {
        var parser = JSONParser(bytes: bytes)
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }  // UTF-8 byte-order mark
        parser.skipWhitespace()
        let node = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index < parser.bytes.count {
            throw parser.failure("unexpected \(parser.describeCurrent()) after the end of the document")
        }
        return node
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func advance() {
        let b = bytes[index]
        index += 1
        if b == UInt8(ascii: "\n") {
            line += 1; column = 1
        } else if b & 0xC0 != 0x80 {  // count characters, not UTF-8 continuation bytes
            column += 1
        }
    }

    private func failure(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, line: line, column: column)
    }

    private func describeCurrent() -> String {
        guard let b = current else { return "end of file" }
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        let hex = String(b, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count < 2 ? "0" : "") + hex
    }

    private mutating func skipWhitespace() {
        while let b = current, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { advance() }
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONNode {
        let (l, c) = (line, column)
        guard let b = current else { throw failure("unexpected end of file, expected a value") }
        switch b {
        case UInt8(ascii: "{"): return JSONNode(value: .object(try parseObject()), line: l, column: c)
        case UInt8(ascii: "["): return JSONNode(value: .array(try parseArray()), line: l, column: c)
        case UInt8(ascii: "\""): return JSONNode(value: .string(try parseString()), line: l, column: c)
        case UInt8(ascii: "t"): try literal("true"); return JSONNode(value: .bool(true), line: l, column: c)
        case UInt8(ascii: "f"): try literal("false"); return JSONNode(value: .bool(false), line: l, column: c)
        case UInt8(ascii: "n"): try literal("null"); return JSONNode(value: .null, line: l, column: c)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(value: try parseNumber(), line: l, column: c)
        case UInt8(ascii: "/"): throw failure("JSON does not allow comments")
        case UInt8(ascii: "'"): throw failure("strings must use double quotes")
        default: throw failure("unexpected \(describeCurrent()), expected a value")
        }
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        for expected in word.utf8 {
            guard current == expected else {
                throw failure("unexpected \(describeCurrent()) in literal, expected '\(word)'")
            }
            advance()
        }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > 256 { throw failure("nesting deeper than 256 levels") }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONObject {
        try enter(); defer { depth -= 1 }
        advance()  // {
        var members: [JSONObject.Member] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") { advance(); return JSONObject(members: members) }
        while true {
            skipWhitespace()
            let (l, c) = (line, column)
            guard current == UInt8(ascii: "\"") else {
                if current == UInt8(ascii: "}") && !members.isEmpty { throw failure("trailing comma before '}'") }
                if current == UInt8(ascii: "/") { throw failure("JSON does not allow comments") }
                throw failure("unexpected \(describeCurrent()), expected a key in double quotes")
            }
            let key = try parseString()
            if members.contains(where: { $0.key == key }) {
                throw JSONSyntaxError(message: "duplicate key \(JSONValue.quote(key))", line: l, column: c)
            }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else {
                throw failure("unexpected \(describeCurrent()), expected ':' after key \(JSONValue.quote(key))")
            }
            advance()
            skipWhitespace()
            let value = try parseValue()
            members.append(.init(key: key, line: l, column: c, value: value))
            skipWhitespace()
            if current == UInt8(ascii: ",") { advance(); continue }
            if current == UInt8(ascii: "}") { advance(); return JSONObject(members: members) }
            if current == UInt8(ascii: "/") { throw failure("JSON does not allow comments") }
            throw failure("unexpected \(describeCurrent()), expected ',' or '}' after a member")
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> [JSONNode] {
        try enter(); defer { depth -= 1 }
        advance()  // [
        var items: [JSONNode] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { advance(); return items }
        while true {
            skipWhitespace()
            if current == UInt8(ascii: "]") && !items.isEmpty { throw failure("trailing comma before ']'") }
            items.append(try parseValue())
            skipWhitespace()
            if current == UInt8(ascii: ",") { advance(); continue }
            if current == UInt8(ascii: "]") { advance(); return items }
            if current == UInt8(ascii: "/") { throw failure("JSON does not allow comments") }
            throw failure("unexpected \(describeCurrent()), expected ',' or ']' after a list item")
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        advance()  // opening quote
        var buffer: [UInt8] = []
        while true {
            guard let b = current else { throw failure("unterminated string") }
            if b == UInt8(ascii: "\"") { advance(); break }
            if b < 0x20 {
                throw failure(b == 0x0A ? "unterminated string (line break inside a string)"
                                        : "control character inside a string must be escaped")
            }
            if b != UInt8(ascii: "\\") { buffer.append(b); advance(); continue }
            advance()
            guard let e = current else { throw failure("unterminated string") }
            advance()
            switch e {
            case UInt8(ascii: "\""): buffer.append(0x22)
            case UInt8(ascii: "\\"): buffer.append(0x5C)
            case UInt8(ascii: "/"): buffer.append(0x2F)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {  // high surrogate: a low one must follow
                    guard current == UInt8(ascii: "\\") else { throw failure("unpaired surrogate in \\u escape") }
                    advance()
                    guard current == UInt8(ascii: "u") else { throw failure("unpaired surrogate in \\u escape") }
                    advance()
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate in \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let u = Unicode.Scalar(scalar) else { throw failure("invalid \\u escape") }
                buffer.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw failure("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
            }
        }
        guard let text = String(validating: buffer, as: UTF8.self) else { throw failure("string is not valid UTF-8") }
        return text
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let b = current, let d = Character(Unicode.Scalar(b)).hexDigitValue else {
                throw failure("expected 4 hex digits in \\u escape")
            }
            v = v * 16 + UInt32(d)
            advance()
        }
        return v
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONNode.Value {
        let start = index
        var fractional = false
        func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        if current == UInt8(ascii: "-") { advance() }
        guard isDigit(current) else { throw failure("expected a digit in number") }
        if current == UInt8(ascii: "0") {
            advance()
            if isDigit(current) { throw failure("numbers must not have leading zeros") }
        } else {
            while isDigit(current) { advance() }
        }
        if current == UInt8(ascii: ".") {
            fractional = true
            advance()
            guard isDigit(current) else { throw failure("expected a digit after the decimal point") }
            while isDigit(current) { advance() }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            fractional = true
            advance()
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { advance() }
            guard isDigit(current) else { throw failure("expected a digit in the exponent") }
            while isDigit(current) { advance() }
        }
        if let b = current, (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) {
            throw failure("unexpected \(describeCurrent()) in number (strings need double quotes)")
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if !fractional, let i = Int(text) { return .int(i) }
        guard let d = Double(text), d.isFinite else { throw failure("number \(text) is out of range") }
        return .double(d)
    }
}
