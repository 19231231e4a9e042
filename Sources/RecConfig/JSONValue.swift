/// A plain JSON value, as kept for sections RecSpec does not interpret (`profiles`) and as written
/// by `ExperimentSpec.resolvedJSON()`.
///
/// Integers and fractional numbers are kept apart (`.int` / `.double`) so that a value written and read
/// back keeps its kind: `32` stays an `Int`, `0.0` stays a `Double`.
///
/// ```swift
/// let v: JSONValue = .object(["k": .int(3), "list": .array([.double(0.5), .null])])
/// print(String(decoding: v.serialized(), as: UTF8.self))
/// ```
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Pretty-printed UTF-8 JSON with keys sorted, two-space indentation and a final newline.
    /// Lists of scalars stay on one line so that ratios and grids read as they are written.
    public func serialized() -> [UInt8] {
        var out = ""
        write(into: &out, indent: 0)
        out += "\n"
        return Array(out.utf8)
    }

    /// The value as compact one-line JSON text (keys sorted).
    public var compactText: String {
        switch self {
        case .array(let items): return "[" + items.map(\.compactText).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.keys.sorted().map { JSONValue.quote($0) + ": " + members[$0]!.compactText }
                .joined(separator: ", ") + "}"
        default:
            var out = ""
            write(into: &out, indent: 0)
            return out
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    private func write(into out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1)
        let closePad = String(repeating: "  ", count: indent)
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += JSONValue.numberText(d)
        case .string(let s): out += JSONValue.quote(s)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            if items.allSatisfy(\.isScalar) {
                out += "[" + items.map(\.compactText).joined(separator: ", ") + "]"
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.write(into: &out, indent: indent + 1)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += closePad + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            let keys = members.keys.sorted()
            for (i, key) in keys.enumerated() {
                out += pad + JSONValue.quote(key) + ": "
                members[key]!.write(into: &out, indent: indent + 1)
                out += i + 1 < keys.count ? ",\n" : "\n"
            }
            out += closePad + "}"
        }
    }

    /// Shortest text that reads back as the same `Double` (Swift's `description`), always with a
    /// fraction or exponent so that it is read back as a fractional number.
    public static func numberText(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        let text = d.description
        return text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? text : text + ".0"
    }

    /// JSON string literal with the escapes RFC 8259 requires.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
