/// A set of declared parameters that can sit inside a configuration and is flattened into it (the
/// knowledge-graph neighbourhood options shared by `kg_boost` and `content_based`). Its parameters'
/// defaults are those of the enclosing type's default instance, so an enclosing type may change them.
public protocol ParameterGroup: Decodable, Sendable, Equatable {
    /// The default instance, from which the declarations are read.
    init()
}

/// The configuration of one component — a model, splitter, loader or profile option — declared
/// once with `@Param` properties (and nested `ParameterGroup`s). Read from it: the parameter list
/// (`parameters`, in declaration order, which is also the order grids vary them), decoding from a
/// spec's resolved values with errors that name the key (`decode(_:)`), the resolved values
/// (`values`) and the cross-field rules (`violations()`), which the spec layer checks before any
/// trial runs so that a component built from a decoded configuration never re-checks it.
///
/// ```swift
/// let config = try EASEConfig.decode(["lambda": .double(250)])
/// config.lambda                  // 250
/// EASEConfig.parameters.map(\.name)  // ["lambda", "binarize", "max_items"]
/// ```
public protocol Configuration: ParameterGroup {
    /// Rules that involve several parameters (`neighbours ≤ saved_neighbours`); empty by default.
    func violations() -> [ConfigurationViolation]
    /// Adjusts a default that depends on which keys were given (a per-user temporal split tests the
    /// last 1 interaction unless `last_fraction` is given); `decode(_:)` calls it before checking
    /// `violations()`. Does nothing by default.
    mutating func resolveDefaults(given keys: Set<String>)
}

/// A broken cross-field rule, located at one parameter.
public struct ConfigurationViolation: Sendable, Hashable, CustomStringConvertible {
    /// The spec key the message is about.
    public var parameter: String
    /// The element of a list parameter the message is about (`ratios[0]`), if one.
    public var element: Int?
    /// What is wrong.
    public var message: String
    /// How to fix it, when there is an obvious fix.
    public var fix: String?

    /// Creates a violation.
    public init(_ parameter: String, _ message: String, fix: String? = nil) {
        self.parameter = parameter; self.message = message; self.fix = fix
    }

    /// A violation located at one element of a list parameter.
    public init(_ parameter: String, element: Int, _ message: String, fix: String? = nil) {
        self.init(parameter, message, fix: fix)
        self.element = element
    }

    public var description: String {
        "'\(parameter)\(element.map { "[\($0)]" } ?? "")': \(message)" + (fix.map { " (\($0))" } ?? "")
    }
}

/// Why a configuration could not be decoded.
public enum ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A key that the configuration does not declare, with a did-you-mean fix.
    case unknownParameter(name: String, fix: String)
    /// A value of the wrong kind or outside its bounds or choices.
    case invalid(name: String, detail: String)
    /// Cross-field rules that the values break.
    case violated([ConfigurationViolation])
    /// `Param` was decoded by something other than `ConfigurationDecoder`.
    case unsupportedDecoder(String)

    public var description: String {
        switch self {
        case let .unknownParameter(n, fix): return "unknown parameter '\(n)'; \(fix)"
        case let .invalid(n, d): return "parameter '\(n)': \(d)"
        case .violated(let vs): return vs.map(\.description).joined(separator: "; ")
        case .unsupportedDecoder(let t): return "a @Param \(t) is decoded only from resolved parameter values"
        }
    }
}

extension ParameterGroup {
    /// Every declared parameter, nested groups flattened, in declaration order.
    public static var parameters: [ParameterDescriptor] { Self().declaredParameters }

    /// The declarations with this instance's values as defaults.
    public var declaredParameters: [ParameterDescriptor] {
        Reflection.params(of: self).map { $0.param.descriptor(name: $0.name) }
    }

    /// The current value of every parameter by spec key.
    public var values: [String: ParamValue] {
        Dictionary(uniqueKeysWithValues: Reflection.params(of: self).map { ($0.name, $0.param.currentValue) })
    }

    /// The default instance changed by `body`: `EASEConfig { $0.lambda = 100 }`.
    public init(_ body: (inout Self) -> Void) {
        self.init()
        body(&self)
    }
}

extension Configuration {
    public func violations() -> [ConfigurationViolation] { [] }

    public mutating func resolveDefaults(given keys: Set<String>) {}

    /// What is wrong with this instance's own values — one built in code rather than decoded: each
    /// parameter against its kind and bounds, then the cross-field rules. Empty when it is valid.
    public var problems: [ConfigurationViolation] {
        let own = declaredParameters.compactMap { p in
            p.defaultValue.flatMap(p.problem(with:)).map { ConfigurationViolation(p.name, $0) }
        }
        return own.isEmpty ? violations() : own
    }

    /// Reads resolved spec values: keys must be declared, values of the declared kind and in bounds,
    /// and (unless `checkingRules` is false, for a reader that reports the rules itself) the result
    /// must satisfy `violations()`. Absent keys keep their defaults.
    public static func decode(_ values: [String: ParamValue], checkingRules: Bool = true) throws(ConfigurationError) -> Self {
        try decode(values, checkingRules: checkingRules, template: Self())
    }

    /// `decode(_:checkingRules:)` over the defaults of `template` rather than `Self()`, for a type with
    /// several default instances (a user profile's and an item profile's); its `@Fixed` values are kept.
    public static func decode(_ values: [String: ParamValue], checkingRules: Bool = true,
                              template: Self) throws(ConfigurationError) -> Self {
        let declared = template.declaredParameters
        let names = declared.map(\.name)
        for key in values.keys.sorted() where !names.contains(key) {
            throw .unknownParameter(name: key, fix: Suggestions.fix(key, in: names, listing: "its parameters are"))
        }
        for p in declared {
            if let v = values[p.name], let problem = p.problem(with: v) { throw .invalid(name: p.name, detail: problem) }
        }
        var config: Self
        do {
            config = try Self(from: ConfigurationDecoder(template: template, name: nil, values: values))
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw .invalid(name: "?", detail: String(describing: error))
        }
        config.resolveDefaults(given: Set(values.keys))
        guard checkingRules else { return config }
        let broken = config.violations()
        if !broken.isEmpty { throw .violated(broken) }
        return config
    }
}

/// Reads `@Param` properties and nested groups off an instance with `Mirror`.
enum Reflection {
    static func params(of instance: Any) -> [(name: String, param: any AnyParam)] {
        var out: [(String, any AnyParam)] = []
        for child in Mirror(reflecting: instance).children {
            if let p = child.value as? any AnyParam {
                out.append((p.explicitName ?? SpecName.snakeCase(propertyName(child.label)), p))
            } else if child.value is any ParameterGroup {
                out += params(of: child.value)
            }
        }
        return out
    }

    /// `_maxItems` (a wrapper's storage) → `maxItems`.
    static func propertyName(_ label: String?) -> String {
        guard let label else { return "" }
        return label.hasPrefix("_") ? String(label.dropFirst()) : label
    }

    /// The child of `instance` stored for the property whose coding key is `key`.
    static func child(of instance: Any, key: String) -> Any? {
        for child in Mirror(reflecting: instance).children where child.label == "_" + key || child.label == key {
            return child.value
        }
        return nil
    }
}
