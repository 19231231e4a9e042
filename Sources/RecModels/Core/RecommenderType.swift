import RecConfig

/// What a model type is given at construction besides its configuration: the trial's seed and,
/// for a composite type (`kg_boost`, `hybrid`), its already-built components.
public struct ModelContext {
    /// The trial's seed; every random choice of the model derives from it.
    public var seed: UInt64
    /// The components named in the spec, in name order (empty for a plain model).
    public var components: [(name: String, model: any Recommender)]

    /// Creates a context.
    public init(seed: UInt64 = 0, components: [(name: String, model: any Recommender)] = []) {
        self.seed = seed; self.components = components
    }
}

/// A model type that a spec can name: its spec name, one-line summary and `Configuration`, from
/// which the registry derives the parameter list, validation, sweeps and the docs. Adding a model
/// is one file (the model and its config) and one line in `ModelTypes.all`.
///
/// ```swift
/// let ease = try EASE(config: EASEConfig.decode(["lambda": .double(250)]), context: ModelContext(seed: 1))
/// ```
@dynamicMemberLookup
public protocol RecommenderType: Recommender {
    /// The configuration type whose `@Param`s are the model's parameters.
    associatedtype Config: Configuration
    /// Name used in `models[].type` and saved files (`ease`).
    static var typeName: String { get }
    /// One line describing the model, with its source.
    static var summary: String { get }
    /// How many components the type takes (nil: none).
    static var components: ClosedRange<Int>? { get }
    /// Whether the same configuration gives the same model whatever the seed (nothing is drawn).
    /// For a composite this covers its own part only: it is deterministic when its components are too.
    static var isDeterministic: Bool { get }
    /// The revision of the model's code, part of every trial's store key: raise it when a change to
    /// the model makes the same configuration, data and seed give different results, so trials stored
    /// by an earlier RecLab are trained again instead of reused.
    static var revision: Int { get }
    /// Whether a composite passes the runner's epoch observer to its components (so they can stop early).
    static var observesComponents: Bool { get }
    /// The validated configuration the model was built from.
    var config: Config { get }
    /// Builds an unfitted model from a validated configuration; it does not re-check the values.
    init(config: Config, context: ModelContext) throws
}

extension RecommenderType {
    /// A parameter read as a property of the model (`ease.lambda` is `ease.config.lambda`), so the
    /// configuration stays the one place a parameter is declared.
    public subscript<T>(dynamicMember path: KeyPath<Config, T>) -> T { config[keyPath: path] }

    public static var components: ClosedRange<Int>? { nil }
    public static var isDeterministic: Bool { false }
    public static var revision: Int { 1 }
    public static var observesComponents: Bool { true }
    public var typeName: String { Self.typeName }
    /// The parameters its configuration declares.
    public static var parameters: [ParameterDescriptor] { Config.parameters }
    /// Whether the type trains in epochs (the runner then owns its loop and early stopping).
    public static var isEpochTrained: Bool { Self.self is any EpochTrainable.Type }
    /// Whether the type learns values from the validation split (a blend's weights).
    public static var learnsFromValidation: Bool { Self.self is any LearnsFromValidation.Type }
}
