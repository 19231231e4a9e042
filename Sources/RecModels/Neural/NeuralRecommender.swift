import RecConfig

/// A pointwise neural recommender built from `NeuralConfig` (`NeuralMLP`, `NeuMF`): both share the
/// configuration and the trainer and differ only in their network.
///
/// ```swift
/// let mlp = NeuralMLP(NeuralConfig { $0.factors = 16; $0.hidden = "32,16" }, seed: 1)
/// ```
public protocol NeuralRecommender: RecommenderType, EpochTrainable where Config == NeuralConfig {
    /// A model with the given configuration and seed.
    init(_ config: NeuralConfig, seed: UInt64)
}

extension NeuralRecommender {
    public init(config: NeuralConfig, context: ModelContext) { self.init(config, seed: context.seed) }
}
