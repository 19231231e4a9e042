/// Declares one parameter of a configuration type, in the one place where it is written: the
/// property's type is the parameter's kind, its initial value the default, and the wrapper's
/// arguments the allowed interval and the doc line. The spec key is the property name in snake_case
/// unless `name` is given. Everything else — spec validation, sweeps, `reclab models`,
/// `docs/models.md` — reads these declarations (`Configuration.parameters`).
///
/// In the manner of swift-argument-parser's `@Option`, whose schema is read by reflecting a
/// default instance:
///
/// ```swift
/// struct EASEConfig: Configuration {
///     @Param(in: 0...1e9, doc: "L2 penalty on the item-item weights") var lambda: Double = 500
///     @Param(doc: "fit on 0/1 interactions") var binarize = true
///     init() {}
/// }
/// ```
@propertyWrapper
public struct Param<Value: ParameterValue>: Sendable, Equatable {
    /// The value (the default until a configuration is decoded from a spec).
    public var wrappedValue: Value
    /// The spec key when it is not the property name in snake_case.
    public let name: String?
    /// The allowed interval (numeric kinds).
    public let bounds: Bounds?
    /// One-line doc.
    public let doc: String

    /// A parameter with no bounds (booleans, strings, choices, unbounded numbers).
    public init(wrappedValue: Value, _ name: String? = nil, doc: String) {
        self.wrappedValue = wrappedValue; self.name = name; self.bounds = nil; self.doc = doc
    }

    /// A numeric parameter in a closed interval.
    public init(wrappedValue: Value, _ name: String? = nil, in range: ClosedRange<Double>, doc: String) {
        self.wrappedValue = wrappedValue; self.name = name; self.bounds = Bounds(range); self.doc = doc
    }

    /// A numeric parameter in a half-open interval (the upper end excluded).
    public init(wrappedValue: Value, _ name: String? = nil, in range: Range<Double>, doc: String) {
        self.wrappedValue = wrappedValue; self.name = name; self.bounds = Bounds(range); self.doc = doc
    }

    /// A numeric parameter in any interval (`.above(0)`).
    public init(wrappedValue: Value, _ name: String? = nil, in bounds: Bounds, doc: String) {
        self.wrappedValue = wrappedValue; self.name = name; self.bounds = bounds; self.doc = doc
    }

    public static func == (a: Self, b: Self) -> Bool { a.wrappedValue == b.wrappedValue }
}

/// Type-erased view of a `Param` for reflection.
protocol AnyParam {
    var explicitName: String? { get }
    func descriptor(name: String) -> ParameterDescriptor
    var currentValue: ParamValue { get }
    func with(_ value: ParamValue) -> Any?
}

extension Param: AnyParam {
    var explicitName: String? { name }
    func descriptor(name: String) -> ParameterDescriptor {
        var d = ParameterDescriptor(name, kind: Value.kind, default: wrappedValue.parameterValue, bounds: bounds, doc: doc)
        d.singlePrecision = Value.self == Float.self || Value.self == Float?.self
        return d
    }
    var currentValue: ParamValue { wrappedValue.parameterValue }
    func with(_ value: ParamValue) -> Any? {
        guard let v = Value(parameterValue: value) else { return nil }
        var copy = self
        copy.wrappedValue = v
        return copy
    }
}

extension Param: Decodable {
    /// Decodes through `ConfigurationDecoder` only: the declaration comes from the default instance
    /// and the value from the spec's resolved parameters (or the default when absent).
    public init(from decoder: any Decoder) throws {
        guard let slot = decoder as? ConfigurationDecoder, let template = slot.template as? Param<Value>,
              let name = slot.name else {
            throw ConfigurationError.unsupportedDecoder(String(describing: Value.self))
        }
        guard let given = slot.values[name] else { self = template; return }
        guard let value = template.with(given) as? Param<Value> else {
            throw ConfigurationError.invalid(name: name, detail: template.descriptor(name: name).problem(with: given)
                                             ?? "cannot read \(given.text)")
        }
        self = value
    }
}
