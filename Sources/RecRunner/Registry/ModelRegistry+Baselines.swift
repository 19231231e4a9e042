import RecModels
import RecSpec

extension ModelRegistry {
    /// Floors every other model must beat: random and most-popular.
    static let baselines: [ModelFactory] = [
        ModelFactory(descriptor: ModelDescriptor(type: "random", summary: "Uniform random scores (seeded): the floor.",
                                                 parameters: [], epochTrained: false)) { _, seed in
            RandomRecommender(seed: seed)
        },
        ModelFactory(descriptor: ModelDescriptor(type: "popularity", summary: "Most popular items by training count; rating prediction is the damped item mean.",
                                                 parameters: [ParameterDescriptor("damping", kind: .double, default: .double(5),
                                                                                  range: 0...1e6, doc: "shrinkage of item-mean ratings towards the global mean")],
                                                 epochTrained: false)) { p, _ in
            Popularity(damping: Float(p.double("damping", default: 5)))
        },
    ]
}
