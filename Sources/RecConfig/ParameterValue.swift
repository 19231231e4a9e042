/// A Swift type a `@Param` property can have: it names its `ParameterKind` and converts to and from
/// the spec's `ParamValue`. `Int`, `UInt64` (seeds), `Double`, `Float`, `Bool`, `String`, string-backed
/// enums (`ChoiceParameter`), optionals and lists of these conform.
public protocol ParameterValue: Sendable, Equatable {
    /// The kind the spec reader checks values against.
    static var kind: ParameterKind { get }
    /// The value as a spec value.
    var parameterValue: ParamValue { get }
    /// Reads a spec value; nil when it is of the wrong kind.
    init?(parameterValue: ParamValue)
}

extension Int: ParameterValue {
    public static var kind: ParameterKind { .int }
    public var parameterValue: ParamValue { .int(self) }
    public init?(parameterValue v: ParamValue) {
        switch v {
        case .int(let i): self = i
        case .double(let d) where d == d.rounded() && abs(d) < 9e15: self = Int(d)
        default: return nil
        }
    }
}

/// Seeds: integers ≥ 0 in specs.
extension UInt64: ParameterValue {
    public static var kind: ParameterKind { .int }
    public var parameterValue: ParamValue { .int(Int(clamping: self)) }
    public init?(parameterValue v: ParamValue) {
        guard let i = Int(parameterValue: v), i >= 0 else { return nil }
        self = UInt64(i)
    }
}

extension Double: ParameterValue {
    public static var kind: ParameterKind { .double }
    public var parameterValue: ParamValue { .double(self) }
    public init?(parameterValue v: ParamValue) {
        guard let d = v.doubleValue else { return nil }
        self = d
    }
}

extension Float: ParameterValue {
    public static var kind: ParameterKind { .double }
    /// Widened through its shortest text, so a declared `0.005` shows as 0.005 and not 0.004999999888.
    public var parameterValue: ParamValue { .double(Double(description) ?? Double(self)) }
    /// A number that single precision cannot hold — one that would round to 0 or to ±∞ — is no `Float`
    /// (a learning rate of 1e-320 must not become 0 behind the range check).
    public init?(parameterValue v: ParamValue) {
        guard let d = v.doubleValue else { return nil }
        let f = Float(d)
        guard (f != 0 || d == 0) && (f.isFinite || !d.isFinite) else { return nil }
        self = f
    }
}

extension Bool: ParameterValue {
    public static var kind: ParameterKind { .bool }
    public var parameterValue: ParamValue { .bool(self) }
    public init?(parameterValue v: ParamValue) {
        guard let b = v.boolValue else { return nil }
        self = b
    }
}

extension String: ParameterValue {
    public static var kind: ParameterKind { .string }
    public var parameterValue: ParamValue { .string(self) }
    public init?(parameterValue v: ParamValue) {
        guard let s = v.stringValue else { return nil }
        self = s
    }
}

/// An optional parameter: nil is `null` in specs (a delimited file without a rating column).
extension Optional: ParameterValue where Wrapped: ParameterValue {
    public static var kind: ParameterKind { .optional(Wrapped.kind) }
    public var parameterValue: ParamValue { map(\.parameterValue) ?? .null }
    public init?(parameterValue v: ParamValue) {
        if case .null = v { self = .none; return }
        guard let w = Wrapped(parameterValue: v) else { return nil }
        self = .some(w)
    }
}

/// A list parameter (a split's `[train, validation, test]` ratios); bounds apply to each element.
extension Array: ParameterValue where Element: ParameterValue {
    public static var kind: ParameterKind { .list(Element.kind) }
    public var parameterValue: ParamValue { .list(map(\.parameterValue)) }
    public init?(parameterValue v: ParamValue) {
        guard let items = v.listValue else { return nil }
        var out: [Element] = []
        for item in items {
            guard let e = Element(parameterValue: item) else { return nil }
            out.append(e)
        }
        self = out
    }
}

/// A parameter whose value is one of a fixed set of names: a string-backed enum whose spec
/// spelling is its raw value turned snake_case (`adjustedCosine` → `adjusted_cosine`).
public protocol ChoiceParameter: ParameterValue, CaseIterable, RawRepresentable where RawValue == String {}

extension ChoiceParameter {
    public static var kind: ParameterKind { .choice(allCases.map(\.specName)) }
    public var parameterValue: ParamValue { .string(specName) }
    public init?(parameterValue v: ParamValue) {
        guard let s = v.stringValue, let match = Self.allCases.first(where: { $0.specName == s }) else { return nil }
        self = match
    }
}

extension RawRepresentable where RawValue == String {
    /// The snake_case spelling used in specs (`adjustedCosine` → `adjusted_cosine`).
    public var specName: String { SpecName.snakeCase(rawValue) }
}

/// How Swift names become spec keys.
public enum SpecName {
    /// `maxItems` → `max_items`, `l2` → `l2`, `cgSteps` → `cg_steps`.
    public static func snakeCase(_ name: String) -> String {
        var out = ""
        for c in name {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }
}
