import RecModels
import RecSpec

/// The runner's view of `ModelTypes.all`: spec descriptors derived from each type's declared
/// configuration, and construction of a trial's model (components first) from its resolved values.
/// Nothing here declares a parameter.
public enum ModelRegistry {
    /// The descriptor of every registered type, in registry order.
    public static let descriptors: [ModelDescriptor] = ModelTypes.all.map(descriptor)

    /// A type's descriptor: its name, summary and the parameters its configuration declares.
    public static func descriptor(_ type: any RecommenderType.Type) -> ModelDescriptor {
        var d = ModelDescriptor(type: type.typeName, summary: type.summary, parameters: type.parameters,
                                epochTrained: type.isEpochTrained, components: type.components,
                                learnsFromValidation: type.learnsFromValidation, deterministic: type.isDeterministic)
        d.observesComponents = type.observesComponents
        return d
    }

    /// The cross-field rule violations of one configuration of `type` (the spec reader's check).
    public static func violations(type: String, values: [String: ParamValue]) -> [ConfigurationViolation] {
        ModelTypes.named(type)?.violations(of: values) ?? []
    }

    /// Builds a model of `type` from a trial's resolved values, where a composite's component `c`
    /// appears as `c.type` and `c.<parameter>`.
    public static func make(type: String, parameters: [String: ParamValue], seed: UInt64) throws -> any Recommender {
        guard let modelType = ModelTypes.named(type) else {
            throw ModelError.invalidParameter(model: type, name: "type", detail: "unknown model type")
        }
        let split = ComponentValues(parameters)
        let components = try split.componentNames.map { name in
            let c = split.components[name]!
            return (name: name, model: try make(type: c.type, parameters: c.values, seed: seed))
        }
        do {
            return try modelType.make(values: split.own, context: ModelContext(seed: seed, components: components))
        } catch let error as ConfigurationError {
            throw ModelError.invalidParameter(model: type, name: "params", detail: error.description)
        }
    }
}

/// A composite trial's flat values split into the model's own and each component's.
struct ComponentValues {
    var own: [String: ParamValue] = [:]
    var components: [String: (type: String, values: [String: ParamValue])] = [:]

    /// Component names, sorted (the order blends and traces use).
    var componentNames: [String] { components.keys.sorted() }

    init(_ values: [String: ParamValue]) {
        var types: [String: String] = [:]
        for (k, v) in values where k.hasSuffix(".type") {
            let name = String(k.dropLast(5))
            if !name.contains("."), case .string(let t) = v { types[name] = t }
        }
        for (name, t) in types { components[name] = (t, [:]) }
        for (k, v) in values {
            if let dot = k.firstIndex(of: "."), let name = Optional(String(k[..<dot])), types[name] != nil {
                let rest = String(k[k.index(after: dot)...])
                if rest != "type" { components[name]!.values[rest] = v }
            } else {
                own[k] = v
            }
        }
    }
}
