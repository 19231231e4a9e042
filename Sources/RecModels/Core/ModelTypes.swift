import RecConfig

/// Every model type a spec can name, family by family. Adding a model is its file (the model and
/// its `Configuration`) plus one line here; the registry, spec validation, `reclab models`,
/// docs/models.md and the contract test suite all read this list.
public enum ModelTypes {
    /// The registered types, in the order `reclab models` lists them.
    nonisolated(unsafe) public static let all: [any RecommenderType.Type] = [
        // Baselines
        RandomRecommender.self, Popularity.self, DemographicPopularity.self,
        // Neighbourhood
        ItemKNN.self, UserKNN.self, RP3beta.self,
        // Matrix factorisation
        BiasedMF.self, SVDpp.self, BayesianMF.self, BPR.self, PointwiseMF.self, ImplicitALS.self,
        // Linear
        EASE.self, SLIM.self,
        // Knowledge graph, content, blends
        KGBoost.self, ContentBased.self, Hybrid.self,
        // Neural
        NeuralMLP.self, NeuMF.self, SoftmaxMLP.self, MultVAE.self, LightGCN.self,
    ]

    /// The type named `name` in specs.
    public static func named(_ name: String) -> (any RecommenderType.Type)? { all.first { $0.typeName == name } }
}

extension RecommenderType {
    /// Decodes `values` into this type's configuration and builds an unfitted model.
    public static func make(values: [String: ParamValue], context: ModelContext) throws -> any Recommender {
        try Self(config: Config.decode(values), context: context)
    }

    /// The cross-field rule violations of `values` (empty when they decode cleanly or fail only on
    /// what the spec reader reports itself: unknown keys, kinds and bounds).
    public static func violations(of values: [String: ParamValue]) -> [ConfigurationViolation] {
        do {
            _ = try Config.decode(values)
            return []
        } catch {
            if case .violated(let list) = error { return list }
            return []
        }
    }
}
