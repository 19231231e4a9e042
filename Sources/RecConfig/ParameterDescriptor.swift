/// The type of a declared parameter.
public enum ParameterKind: Sendable, Hashable, CustomStringConvertible {
    case int
    case double
    case bool
    case string
    /// A string from a fixed set.
    case choice([String])
    /// A value of the wrapped kind, or null for none (`Optional` properties).
    indirect case optional(ParameterKind)
    /// A list of values of one kind (`[Double]` properties: a split's ratios); bounds apply to each element.
    indirect case list(ParameterKind)
    /// A value of any of these kinds (a column given by index or by name; a fold index or `"all"`),
    /// tried in order; bounds apply to the numeric ones.
    case oneOf([ParameterKind])
    /// An object whose keys are the given declarations (a `RecordParameter`: one profile attribute).
    indirect case record([ParameterDescriptor])

    /// Whether distributions `uniform` / `loguniform` apply.
    public var isNumeric: Bool { self == .int || self == .double }

    public var description: String {
        switch self {
        case .int: return "integer"
        case .double: return "number"
        case .bool: return "boolean"
        case .string: return "string"
        case .choice(let options): return "one of " + options.map { "'\($0)'" }.joined(separator: ", ")
        case .optional(let kind): return "\(kind) or null"
        case .list(let kind): return "list of \(kind)"
        case .oneOf(let kinds):
            return kinds.map { kind in
                if case .choice(let options) = kind, options.count == 1 { return "'\(options[0])'" }
                return kind.description
            }.joined(separator: " or ")
        case .record(let fields): return "object with keys " + fields.map { "'\($0.name)'" }.joined(separator: ", ")
        }
    }
}

/// One declared parameter: its spec name, kind, default, allowed interval and one-line doc. It is
/// read off a configuration type's `@Param` properties (`Configuration.parameters`), never written
/// by hand, so spec validation, sweeps, `reclab models` and the docs all see the same facts.
///
/// ```swift
/// EASEConfig.parameters[0]   // lambda: number, default 500, [0, 1000000000], "L2 penalty …"
/// ```
public struct ParameterDescriptor: Sendable, Hashable {
    /// Key in the spec (snake_case).
    public var name: String
    /// Value type.
    public var kind: ParameterKind
    /// Value used when the spec omits the parameter.
    public var defaultValue: ParamValue?
    /// Allowed interval for numeric kinds; nil means unbounded.
    public var bounds: Bounds?
    /// One line for `reclab models` and the docs.
    public var doc: String
    /// The Swift property is a `Float`: a number single precision would round to 0 or ±∞ is refused
    /// here, in the spec's terms, rather than becoming 0 where the model reads it.
    public var singlePrecision = false

    /// Creates a descriptor.
    public init(_ name: String, kind: ParameterKind, default defaultValue: ParamValue? = nil,
                bounds: Bounds? = nil, doc: String = "") {
        self.name = name; self.kind = kind; self.defaultValue = defaultValue; self.bounds = bounds; self.doc = doc
    }

    /// Whether `value` has this parameter's kind and lies in its bounds or choices; nil when it
    /// does, else what is wrong ("expected an integer between 1 and 4096, got 0").
    public func problem(with value: ParamValue) -> String? { problem(with: value, as: kind) }

    /// `problem(with:)` against `kind`, one part of this parameter's kind (bounds apply to numbers).
    private func problem(with value: ParamValue, as kind: ParameterKind) -> String? {
        switch (kind, value) {
        case (.optional, .null):
            return nil
        case (.optional(let inner), _):
            return problem(with: value, as: inner)
        case (.list(let element), .list(let items)):
            for (i, item) in items.enumerated() {
                if let problem = problem(with: item, as: element) { return "element \(i): \(problem)" }
            }
            return nil
        case (.oneOf(let kinds), _):
            // The first alternative of the value's own kind decides (an integer for a column index).
            let problems = kinds.map { problem(with: value, as: $0) }
            if problems.contains(where: { $0 == nil }) { return nil }
            for (k, p) in zip(kinds, problems) where Self.sameFamily(k, value) { return p }
            return "expected \(Self.phrase(kind, bounds: nil)), got \(value.text)"
        case (.int, .int(let i)):
            if let bounds, !bounds.contains(Double(i)) { return "expected an integer\(bounds.phrase), got \(i)" }
            return nil
        case (.double, .int(let i)):
            return problem(with: .double(Double(i)), as: kind)
        case (.double, .double(let d)):
            if !d.isFinite { return "expected a finite number, got \(d)" }
            if let bounds, !bounds.contains(d) { return "expected a number\(bounds.phrase), got \(JSONValue.double(d).compactText)" }
            if singlePrecision && ((Float(d) == 0 && d != 0) || !Float(d).isFinite) {
                return "expected a number single precision holds (0, or a magnitude between 1.4e-45 and 3.4e38), got \(JSONValue.double(d).compactText)"
            }
            return nil
        case (.bool, .bool), (.string, .string):
            return nil
        case (.record(let fields), .record(let members)):
            let names = fields.map(\.name)
            for key in members.keys.sorted() where !names.contains(key) {
                return "unknown key '\(key)'; " + Suggestions.fix(key, in: names, listing: "its keys are")
            }
            for field in fields {
                if let v = members[field.name], let problem = field.problem(with: v) { return "'\(field.name)': \(problem)" }
            }
            return nil
        case (.choice(let options), .string(let s)):
            return options.contains(s) ? nil : "'\(s)' is not allowed; " + Suggestions.fix(s, in: options)
        default:
            return "expected \(Self.phrase(kind, bounds: nil)), got \(value.text)"
        }
    }

    /// Whether `value` is of the JSON family `kind` reads (numbers for numeric kinds, strings for
    /// string and choice kinds), so that its problem is the one to report.
    private static func sameFamily(_ kind: ParameterKind, _ value: ParamValue) -> Bool {
        switch (kind, value) {
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double), (.bool, .bool),
             (.string, .string), (.choice, .string), (.list, .list), (.record, .record):
            return true
        case (.optional(let inner), _): return sameFamily(inner, value)
        default: return false
        }
    }

    /// The kind as an expectation in words ("an integer", "true or false").
    public var kindPhrase: String { Self.phrase(kind, bounds: nil) }

    /// The kind as an expectation in words with the bounds of its numbers ("an integer ≥ 0 or a
    /// string", "a list of numbers between 0 and 1"), for messages about a value of the wrong kind.
    public var expectation: String { Self.phrase(kind, bounds: bounds) }

    private static func phrase(_ kind: ParameterKind, bounds: Bounds?) -> String {
        switch kind {
        case .int: return "an integer" + (bounds?.phrase ?? "")
        case .double: return "a number" + (bounds?.phrase ?? "")
        case .bool: return "true or false"
        case .string: return "a string"
        case .choice(let options) where options.count == 1: return "'\(options[0])'"
        case .choice: return kind.description
        case .optional(let inner): return phrase(inner, bounds: bounds) + " or null"
        case .list(.int): return "a list of integers" + (bounds?.phrase ?? "")
        case .list(.double): return "a list of numbers" + (bounds?.phrase ?? "")
        case .list(let element): return "a list of \(element)"
        case .oneOf(let kinds): return kinds.map { phrase($0, bounds: bounds) }.joined(separator: " or ")
        case .record: return "an object"
        }
    }
}
