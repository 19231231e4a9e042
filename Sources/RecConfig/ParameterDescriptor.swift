/// The type of a declared parameter.
public enum ParameterKind: Sendable, Hashable, CustomStringConvertible {
    case int
    case double
    case bool
    case string
    /// A string from a fixed set.
    case choice([String])

    /// Whether distributions `uniform` / `loguniform` apply.
    public var isNumeric: Bool { self == .int || self == .double }

    public var description: String {
        switch self {
        case .int: return "integer"
        case .double: return "number"
        case .bool: return "boolean"
        case .string: return "string"
        case .choice(let options): return "one of " + options.map { "'\($0)'" }.joined(separator: ", ")
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

    /// Creates a descriptor.
    public init(_ name: String, kind: ParameterKind, default defaultValue: ParamValue? = nil,
                bounds: Bounds? = nil, doc: String = "") {
        self.name = name; self.kind = kind; self.defaultValue = defaultValue; self.bounds = bounds; self.doc = doc
    }

    /// Whether `value` has this parameter's kind and lies in its bounds or choices; nil when it
    /// does, else what is wrong ("expected an integer between 1 and 4096, got 0").
    public func problem(with value: ParamValue) -> String? {
        switch (kind, value) {
        case (.int, .int(let i)):
            if let bounds, !bounds.contains(Double(i)) { return "expected an integer\(bounds.phrase), got \(i)" }
            return nil
        case (.double, .int(let i)):
            return problem(with: .double(Double(i)))
        case (.double, .double(let d)):
            if !d.isFinite { return "expected a finite number, got \(d)" }
            if let bounds, !bounds.contains(d) { return "expected a number\(bounds.phrase), got \(JSONValue.double(d).compactText)" }
            return nil
        case (.bool, .bool), (.string, .string):
            return nil
        case (.choice(let options), .string(let s)):
            return options.contains(s) ? nil : "'\(s)' is not allowed; " + Suggestions.fix(s, in: options)
        default:
            return "expected \(kindPhrase), got \(value.text)"
        }
    }

    /// The kind as an expectation in words ("an integer", "true or false").
    public var kindPhrase: String {
        switch kind {
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "true or false"
        case .string: return "a string"
        case .choice: return kind.description
        }
    }
}
