import RecModels
import RecSpec

/// Typed access to one trial's resolved model parameters.
public struct ModelParameters: Sendable {
    /// Parameter name → value (defaults already filled in by the spec).
    public let values: [String: ParamValue]

    /// Wraps resolved values.
    public init(_ values: [String: ParamValue]) { self.values = values }

    /// Integer parameter (a double with an integral value is accepted).
    public func int(_ name: String, default d: Int) -> Int {
        switch values[name] {
        case .int(let v)?: return v
        case .double(let v)? where v == v.rounded(): return Int(v)
        default: return d
        }
    }

    /// Floating-point parameter (integers are widened).
    public func double(_ name: String, default d: Double) -> Double {
        switch values[name] {
        case .double(let v)?: return v
        case .int(let v)?: return Double(v)
        default: return d
        }
    }

    /// Boolean parameter.
    public func bool(_ name: String, default d: Bool) -> Bool {
        if case .bool(let v)? = values[name] { return v }
        return d
    }

    /// String parameter.
    public func string(_ name: String, default d: String) -> String {
        if case .string(let v)? = values[name] { return v }
        return d
    }

    /// Names of the spec's `components` of a composite model (each has a `<name>.type` value), sorted.
    public var componentNames: [String] {
        values.keys.compactMap { k -> String? in
            guard k.hasSuffix(".type") else { return nil }
            let name = String(k.dropLast(5))
            return name.contains(".") ? nil : name
        }.sorted()
    }

    /// Type and parameters of component `name` (`name.x` → `x`), or nil.
    public func component(_ name: String) -> (type: String, parameters: [String: ParamValue])? {
        guard case .string(let type)? = values[name + ".type"] else { return nil }
        let prefix = name + "."
        var inner: [String: ParamValue] = [:]
        for (k, v) in values where k.hasPrefix(prefix) && k != name + ".type" { inner[String(k.dropFirst(prefix.count))] = v }
        return (type, inner)
    }
}

/// A model type the runner can build: its descriptor (for spec validation and `docs/spec.md`) and a
/// factory from resolved parameters and the trial seed.
public struct ModelFactory: Sendable {
    /// Type name, parameters, defaults and ranges.
    public let descriptor: ModelDescriptor
    /// Builds an unfitted model.
    public let make: @Sendable (ModelParameters, UInt64) throws -> any Recommender

    /// Registers a model type.
    public init(descriptor: ModelDescriptor, make: @escaping @Sendable (ModelParameters, UInt64) throws -> any Recommender) {
        self.descriptor = descriptor; self.make = make
    }
}

/// Every model type selectable by `"type"` in a spec. Adding a model is one entry here plus its file.
public enum ModelRegistry {
    /// The registered model types, family by family (one file per family: `ModelRegistry+*.swift`).
    public static let all: [ModelFactory] = baselines + neighbourhood + factorization + linear + knowledge + neural

    /// Descriptors of every registered type.
    public static var descriptors: [ModelDescriptor] { all.map(\.descriptor) }

    /// Builds component `name` of a composite model with the trial's seed.
    public static func makeComponent(_ name: String, of p: ModelParameters, model: String, seed: UInt64) throws -> any Recommender {
        guard let c = p.component(name) else {
            throw ModelError.invalidParameter(model: model, name: "components", detail: "no component named '\(name)'")
        }
        return try make(type: c.type, parameters: c.parameters, seed: seed)
    }

    /// Builds a model of `type` (validated by the spec already).
    public static func make(type: String, parameters: [String: ParamValue], seed: UInt64) throws -> any Recommender {
        guard let f = all.first(where: { $0.descriptor.type == type }) else {
            throw ModelError.invalidParameter(model: type, name: "type", detail: "unknown model type")
        }
        return try f.make(ModelParameters(parameters), seed)
    }
}
