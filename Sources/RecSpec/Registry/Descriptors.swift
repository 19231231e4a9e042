@_exported import RecConfig

/// A model type the runner can build: its spec name (`biased_mf`), summary and parameters.
/// RecSpec knows no models of its own; the runner passes its registry in through `SpecContext`.
///
/// ```swift
/// ModelDescriptor(type: "popularity", summary: "most popular items", parameters: [])
/// ```
public struct ModelDescriptor: Sendable, Hashable {
    /// Name used in `models[].type`.
    public var type: String
    /// One line describing the model.
    public var summary: String
    /// Accepted parameters, in the order grids vary them (first slowest).
    public var parameters: [ParameterDescriptor]
    /// Whether the model trains in epochs (and so can use `early_stopping`).
    public var epochTrained: Bool
    /// How many sub-models (`components` in the spec) the type takes — one base model for a
    /// KG-boosted model, two or more for a blend — or nil when it takes none.
    public var components: ClosedRange<Int>?
    /// Whether the model learns something from the validation split itself (a blend's weights) and
    /// reports it in `LearnsFromValidation.learnedParameters`: a refit, which has no validation data,
    /// is given what its sweep trial learned as fixed parameters.
    public var learnsFromValidation: Bool
    /// Whether the same configuration gives the same model whatever the seed.
    public var deterministic: Bool
    /// For a composite: whether its components' epochs reach the runner (so they can stop early);
    /// a blend fits its components on its own and they cannot.
    public var observesComponents = true

    /// Creates a descriptor.
    public init(type: String, summary: String, parameters: [ParameterDescriptor], epochTrained: Bool = false,
                components: ClosedRange<Int>? = nil, learnsFromValidation: Bool = false, deterministic: Bool = false) {
        self.type = type; self.summary = summary; self.parameters = parameters; self.epochTrained = epochTrained
        self.components = components; self.learnsFromValidation = learnsFromValidation; self.deterministic = deterministic
    }
}

/// A metric the evaluator provides and whether it takes a cutoff (`ndcg@10`) or not (`rmse`).
public struct MetricDescriptor: Sendable, Hashable {
    /// Whether a metric string may or must carry `@k`.
    public enum Cutoff: Sendable, Hashable {
        /// `ndcg` alone is an error; `ndcg@10` is needed.
        case required
        /// Both `auc` and `auc@10` are accepted.
        case optional
        /// `rmse@10` is an error.
        case forbidden
    }
    /// Metric name before `@`.
    public var name: String
    /// Cutoff rule.
    public var cutoff: Cutoff

    /// Creates a descriptor.
    public init(_ name: String, cutoff: Cutoff) { self.name = name; self.cutoff = cutoff }
}

/// What the runner knows and RecSpec validates against: the model registry, the metric names, and
/// whether dataset paths must exist.
///
/// ```swift
/// let ctx = SpecContext(models: registry.descriptors, metricNames: ["ndcg", "recall", "rmse"])
/// ```
public struct SpecContext: Sendable {
    /// Model types, in registry order.
    public var models: [ModelDescriptor]
    /// Metrics and their cutoff rules.
    public var metrics: [MetricDescriptor]
    /// When true (the default), dataset paths that do not exist are errors.
    public var checkPaths: Bool
    /// The cross-field rules a model type's configuration breaks for one configuration's values
    /// (the runner passes `ModelRegistry.violations`); checked for every configuration of a sweep.
    public var violations: @Sendable (_ type: String, _ values: [String: ParamValue]) -> [ConfigurationViolation] = { _, _ in [] }
    /// Metric names, in registry order.
    public var metricNames: [String] { metrics.map(\.name) }

    /// Creates a context from full metric descriptors.
    public init(models: [ModelDescriptor], metrics: [MetricDescriptor], checkPaths: Bool = true) {
        self.models = models; self.metrics = metrics; self.checkPaths = checkPaths
    }

    /// Creates a context from metric names: names in `cutoffFree` (rating-prediction metrics) take no
    /// cutoff, all others take an optional one.
    public init(models: [ModelDescriptor], metricNames: [String],
                cutoffFree: Set<String> = ["rmse", "mae", "mse"], checkPaths: Bool = true) {
        self.init(models: models,
                  metrics: metricNames.map { MetricDescriptor($0, cutoff: cutoffFree.contains($0) ? .forbidden : .optional) },
                  checkPaths: checkPaths)
    }

    /// The descriptor of a model type.
    public func model(_ type: String) -> ModelDescriptor? { models.first { $0.type == type } }
    /// The descriptor of a metric.
    public func metric(_ name: String) -> MetricDescriptor? { metrics.first { $0.name == name } }
}
