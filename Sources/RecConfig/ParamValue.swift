/// One concrete hyperparameter value of a trial, or of a data option (`.list` for split ratios,
/// `.null` for an optional option left unset).
///
/// Its `text` is stable across runs and platforms (integers in decimal, doubles in Swift's shortest
/// round-trip form, strings JSON-quoted) and is what trial IDs hash.
///
/// ```swift
/// ParamValue.double(0.001).text   // "0.001"
/// ParamValue.string("normal").text // "\"normal\""
/// ```
public enum ParamValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    /// No value: an optional parameter that is unset (a delimited file's absent rating column).
    case null
    /// A list of values (a split's `[train, validation, test]` ratios).
    case list([ParamValue])
    /// An object of values by key (one entry of a profile's attribute list: a `RecordParameter`).
    case record([String: ParamValue])

    /// Stable JSON-literal text of the value.
    public var text: String { json.compactText }

    /// Human-readable form (strings unquoted), for tables.
    public var description: String {
        if case .string(let s) = self { return s }
        return text
    }

    /// The value as a JSON value.
    public var json: JSONValue {
        switch self {
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .null: return .null
        case .list(let items): return .array(items.map(\.json))
        case .record(let members): return .object(members.mapValues(\.json))
        }
    }

    /// The value as a `Double` when numeric.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The value as an `Int` when it is an integer.
    public var intValue: Int? { if case .int(let i) = self { return i } else { return nil } }
    /// The value as a `Bool` when it is one.
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    /// The value as a `String` when it is one.
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    /// The elements when the value is a list.
    public var listValue: [ParamValue]? { if case .list(let items) = self { return items } else { return nil } }
    /// The members when the value is a record.
    public var recordValue: [String: ParamValue]? { if case .record(let m) = self { return m } else { return nil } }

    /// The value of a JSON value (objects become records).
    public init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let items): self = .list(items.map(ParamValue.init(json:)))
        case .object(let members): self = .record(members.mapValues(ParamValue.init(json:)))
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let items = try? c.decode([ParamValue].self) { self = .list(items) }
        else { self = .record(try c.decode([String: ParamValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .bool(let b): try c.encode(b)
        case .string(let s): try c.encode(s)
        case .null: try c.encodeNil()
        case .list(let items): try c.encode(items)
        case .record(let members): try c.encode(members)
        }
    }
}
