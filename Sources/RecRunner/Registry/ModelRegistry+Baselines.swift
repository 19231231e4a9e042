import Foundation
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
        ModelFactory(descriptor: ModelDescriptor(
            type: "demographic_popularity",
            summary: "Most popular within the user's demographic group (a combination of user attributes); the cold-start baseline.",
            parameters: [ParameterDescriptor("attributes", kind: .string, default: .string("gender,age,occupation"),
                                             doc: "comma-separated user attributes whose combination is the group"),
                         ParameterDescriptor("damping", kind: .double, default: .double(10), range: 0...1e6,
                                             doc: "β: weight of overall popularity in small groups"),
                         ParameterDescriptor("numeric_bins", kind: .int, default: .int(5), range: 1...100,
                                             doc: "quantile bands for numeric attributes (age)")])) { p, _ in
            DemographicPopularity(attributes: p.string("attributes", default: "gender,age,occupation")
                                      .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                                  damping: Float(p.double("damping", default: 10)), numericBins: p.int("numeric_bins", default: 5))
        },
    ]
}
