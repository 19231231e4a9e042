import Foundation
import RecData
import RecModels
import RecSpec

extension ModelRegistry {
    static let relationWeightingParameter = ParameterDescriptor(
        "relation_weighting", kind: .choice(RelationWeighting.allCases.map(\.specName)), default: .string("inverse_frequency"),
        doc: "weight of a (relation, tail): inverse frequency over items (idf) or uniform")
    static let normalizationParameter = ParameterDescriptor(
        "normalization", kind: .choice(ScoreNormalization.allCases.map(\.specName)), default: .string("z_score"),
        doc: "per-user normalisation of model scores before they are combined")

    static func hopParameters() -> [ParameterDescriptor] {
        [ParameterDescriptor("hops", kind: .int, default: .int(1), range: 1...3, doc: "knowledge-graph neighbourhood radius"),
         ParameterDescriptor("hop_decay", kind: .double, default: .double(0.5), range: 0...1, doc: "weight multiplier per extra hop"),
         relationWeightingParameter,
         ParameterDescriptor("max_fanout", kind: .int, default: .int(200), range: 0...1_000_000,
                             doc: "entities with more neighbours are not expanded further (0 = no limit)")]
    }

    /// kg_boost's knowledge source, TransE and cold-item parameters.
    static func knowledgeSourceParameters() -> [ParameterDescriptor] {
        [ParameterDescriptor("kg_source", kind: .choice(KnowledgeSource.allCases.map(\.specName)), default: .string("neighbourhood"),
                             doc: "item knowledge profile: KG neighbourhood vector or TransE entity embedding"),
         ParameterDescriptor("transe_dim", kind: .int, default: .int(50), range: 1...1024, doc: "TransE embedding width k (kg_source transe)"),
         ParameterDescriptor("transe_epochs", kind: .int, default: .int(50), range: 1...10_000, doc: "TransE passes over the triples"),
         ParameterDescriptor("transe_margin", kind: .double, default: .double(1), range: 0.01...100, doc: "TransE margin γ of the ranking loss"),
         ParameterDescriptor("transe_lr", kind: .double, default: .double(0.01), range: 0.00001...10, doc: "TransE SGD step per triple"),
         ParameterDescriptor("transe_norm", kind: .choice(TransEDistance.allCases.map(\.specName)), default: .string("l1"),
                             doc: "TransE dissimilarity ‖h + r − t‖: l1 or l2"),
         ParameterDescriptor("cold_neighbours", kind: .int, default: .int(0), range: 0...1000,
                             doc: "KG-nearest warm items that impute the base score of an item without training data (0 = off)")]
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ p: ModelParameters, _ name: String, _ d: String,
                                                            model: String) throws -> T where T.RawValue == String {
        let text = p.string(name, default: d)
        guard let v = T.allCases.first(where: { $0.specName == text }) else {
            throw ModelError.invalidParameter(model: model, name: name, detail: "unknown '\(text)'")
        }
        return v
    }

    /// Knowledge-graph boosting, content-based scoring and the validation-weighted blend.
    static let knowledge: [ModelFactory] = [
        ModelFactory(descriptor: ModelDescriptor(
            type: "kg_boost",
            summary: "Any base model plus α · cosine(user's knowledge profile, item's KG neighbourhood or TransE embedding), base scores normalised per user; optionally imputes cold items' base scores from their KG-nearest warm items.",
            parameters: [ParameterDescriptor("alpha", kind: .double, default: .double(0.5), range: 0...1000, doc: "weight α of the knowledge-graph score")]
                + hopParameters()
                + [normalizationParameter,
                   ParameterDescriptor("rating_weighted", kind: .bool, default: .bool(false), doc: "weight the user's items by rating in their profile"),
                   ParameterDescriptor("relation_balance", kind: .bool, default: .bool(false), doc: "give every relation equal total weight per item")]
                + knowledgeSourceParameters(),
            components: 1...1)) { p, seed in
            guard let baseName = p.componentNames.first else {
                throw ModelError.invalidParameter(model: "kg_boost", name: "components", detail: "needs a base model")
            }
            let base = try makeComponent(baseName, of: p, model: "kg_boost", seed: seed)
            return KGBoost(base: base, alpha: Float(p.double("alpha", default: 0.5)), hops: p.int("hops", default: 1),
                           hopDecay: Float(p.double("hop_decay", default: 0.5)),
                           relationWeighting: try choice(p, "relation_weighting", "inverse_frequency", model: "kg_boost"),
                           normalization: try choice(p, "normalization", "z_score", model: "kg_boost"),
                           ratingWeighted: p.bool("rating_weighted", default: false), maxFanout: p.int("max_fanout", default: 200),
                           relationBalance: p.bool("relation_balance", default: false),
                           source: try choice(p, "kg_source", "neighbourhood", model: "kg_boost"),
                           transe: TransEOptions(dimension: p.int("transe_dim", default: 50), epochs: p.int("transe_epochs", default: 50),
                                                 margin: Float(p.double("transe_margin", default: 1)),
                                                 learningRate: Float(p.double("transe_lr", default: 0.01)),
                                                 distance: try choice(p, "transe_norm", "l1", model: "kg_boost"), seed: seed),
                           coldNeighbours: p.int("cold_neighbours", default: 0))
        },
        ModelFactory(descriptor: ModelDescriptor(
            type: "content_based",
            summary: "Cosine between the user's profile (their training items' attribute vectors) and each item's; scores cold items.",
            parameters: [ParameterDescriptor("attributes", kind: .string, default: .string(""), doc: "comma-separated item attributes (empty = all)"),
                         ParameterDescriptor("numeric_bins", kind: .int, default: .int(8), range: 1...100, doc: "quantile bands for numeric attributes (year)"),
                         ParameterDescriptor("idf", kind: .bool, default: .bool(true), doc: "weight attribute levels by inverse document frequency"),
                         ParameterDescriptor("min_level_count", kind: .int, default: .int(2), range: 1...1_000_000, doc: "levels rarer than this are dropped"),
                         ParameterDescriptor("centering", kind: .bool, default: .bool(false), doc: "mean-centre ratings in the user profile"),
                         ParameterDescriptor("kg_weight", kind: .double, default: .double(0), range: 0...100, doc: "weight of the item's knowledge-graph block (0 = attributes only)")]
                + hopParameters()
                + [ParameterDescriptor("relation_balance", kind: .bool, default: .bool(true), doc: "give every relation equal total weight per item")])) { p, _ in
            let attributes = p.string("attributes", default: "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let hood = NeighbourhoodOptions(hops: p.int("hops", default: 1), hopDecay: Float(p.double("hop_decay", default: 0.5)),
                                            weighting: try choice(p, "relation_weighting", "inverse_frequency", model: "content_based"),
                                            maxFanout: p.int("max_fanout", default: 200),
                                            balanceRelations: p.bool("relation_balance", default: true))
            return ContentBased(attributes: attributes, numericBins: p.int("numeric_bins", default: 8), idf: p.bool("idf", default: true),
                                minLevelCount: p.int("min_level_count", default: 2), centering: p.bool("centering", default: false),
                                knowledgeWeight: Float(p.double("kg_weight", default: 0)), neighbourhood: hood)
        },
        ModelFactory(descriptor: ModelDescriptor(
            type: "hybrid",
            summary: "Weighted blend of its components' per-user-normalised scores; weights chosen on validation NDCG@cutoff over a simplex grid.",
            parameters: [normalizationParameter,
                         ParameterDescriptor("weight_step", kind: .double, default: .double(0.1), range: 0.01...1, doc: "grid step of the weights (1/step must be whole)"),
                         ParameterDescriptor("cutoff", kind: .int, default: .int(10), range: 1...1000, doc: "K of the validation NDCG@K the weights maximise"),
                         ParameterDescriptor("weights", kind: .string, default: .string(""),
                                             doc: "fixed weights summing to 1, as component:weight pairs (or numbers in component-name order); \"\" learns them on validation (a refit passes the learned ones)")],
            components: 2...100, learnsFromValidation: true)) { p, seed in
            let names = p.componentNames
            let parts = try names.map { try makeComponent($0, of: p, model: "hybrid", seed: seed) }
            let text = p.string("weights", default: "")
            let fixed = text.isEmpty ? nil : try Hybrid.parseWeights(text, names: names)
            return Hybrid(components: parts, names: names, normalization: try choice(p, "normalization", "z_score", model: "hybrid"),
                          weightStep: Float(p.double("weight_step", default: 0.1)), cutoff: p.int("cutoff", default: 10),
                          fixedWeights: fixed)
        },
    ]
}
