import RecModels
import RecSpec

extension ModelRegistry {
    /// Parameters shared by user-kNN and item-kNN.
    static func knnParameters(defaultNeighbours: Int) -> [ParameterDescriptor] {
        [
            ParameterDescriptor("similarity", kind: .choice(KNNSimilarity.allCases.map(\.specName)), default: .string("cosine"),
                                doc: "cosine, adjusted_cosine (item-mean centred), pearson (user-mean centred) or jaccard"),
            ParameterDescriptor("neighbours", kind: .int, default: .int(defaultNeighbours), range: 1...100_000,
                                doc: "k: neighbours used per prediction"),
            ParameterDescriptor("saved_neighbours", kind: .int, default: .int(200), range: 1...100_000,
                                doc: "neighbours kept per row after fit (at least `neighbours`)"),
            ParameterDescriptor("shrinkage", kind: .double, default: .double(0), range: 0...1e6,
                                doc: "similarity shrinkage s·n/(n+λ) by co-rating count n"),
            ParameterDescriptor("scoring", kind: .choice(KNNScoring.allCases.map(\.specName)), default: .string("similarity_sum"),
                                doc: "similarity_sum (top-N), rating_weighted_sum, mean_centered or baseline (rating prediction)"),
            ParameterDescriptor("bias_damping", kind: .double, default: .double(10), range: 0...1e6,
                                doc: "damping of the baseline biases used by `baseline` scoring"),
        ]
    }

    /// User-kNN and item-kNN.
    static let neighbourhood: [ModelFactory] = [
        ModelFactory(descriptor: ModelDescriptor(type: "item_knn", summary: "Item-based k-nearest neighbours (Sarwar et al. 2001) on sparse similarities.",
                                                 parameters: knnParameters(defaultNeighbours: 40))) { p, _ in
            let (sim, scoring) = try knnChoices(p, model: "item_knn")
            return ItemKNN(similarity: sim, neighbours: p.int("neighbours", default: 40),
                           savedNeighbours: p.int("saved_neighbours", default: 200),
                           shrinkage: Float(p.double("shrinkage", default: 0)), scoring: scoring,
                           biasDamping: Float(p.double("bias_damping", default: 10)))
        },
        ModelFactory(descriptor: ModelDescriptor(type: "user_knn", summary: "User-based k-nearest neighbours (Herlocker et al. 1999) on sparse similarities.",
                                                 parameters: knnParameters(defaultNeighbours: 40))) { p, _ in
            let (sim, scoring) = try knnChoices(p, model: "user_knn")
            return UserKNN(similarity: sim, neighbours: p.int("neighbours", default: 40),
                           savedNeighbours: p.int("saved_neighbours", default: 200),
                           shrinkage: Float(p.double("shrinkage", default: 0)), scoring: scoring,
                           biasDamping: Float(p.double("bias_damping", default: 10)))
        },
    ]

    static func knnChoices(_ p: ModelParameters, model: String) throws -> (KNNSimilarity, KNNScoring) {
        let simName = p.string("similarity", default: "cosine"), scoreName = p.string("scoring", default: "similarity_sum")
        guard let sim = KNNSimilarity.allCases.first(where: { $0.specName == simName }) else {
            throw ModelError.invalidParameter(model: model, name: "similarity", detail: "unknown '\(simName)'")
        }
        guard let scoring = KNNScoring.allCases.first(where: { $0.specName == scoreName }) else {
            throw ModelError.invalidParameter(model: model, name: "scoring", detail: "unknown '\(scoreName)'")
        }
        return (sim, scoring)
    }
}

extension RawRepresentable where RawValue == String {
    /// The snake_case spelling used in specs (`adjustedCosine` → `adjusted_cosine`).
    var specName: String {
        var out = ""
        for c in rawValue {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }
}
