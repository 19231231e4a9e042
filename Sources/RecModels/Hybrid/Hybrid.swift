import Foundation
import RecConfig
import RecCore
import RecData
import RecHDF5

/// `hybrid`'s parameters (its parts are components).
public struct HybridConfig: Configuration {
    @Param(doc: "per-user normalisation of model scores before they are combined")
    public var normalization = ScoreNormalization.zScore
    @Param(in: 0.01...1, doc: "grid step of the weights (1/step must be whole)")
    public var weightStep: Float = 0.1
    @Param(in: 1...1000, doc: "K of the validation NDCG@K the weights maximise")
    public var cutoff = 10
    @Param(doc: "fixed weights summing to 1, as component:weight pairs (or numbers in component-name order); \"\" learns them on validation (a refit passes the learned ones)")
    public var weights = ""
    public init() {}

    public func violations() -> [ConfigurationViolation] {
        let steps = 1 / Double(weightStep)
        return abs(steps - steps.rounded()) < 1e-4 ? []
            : [ConfigurationViolation("weight_step", "1/\(weightStep) is not a whole number of steps", fix: "use e.g. 0.1, 0.125, 0.2 or 0.25")]
    }
}

/// A weighted blend of several recommenders' per-user-normalised scores (a linear "weighted hybrid",
/// Burke 2002), with the weights learned on the validation split:
///
///     score(u, i) = Σ_k w_k · norm_u(s_k(u, i)),   w on the simplex (w_k ≥ 0, Σ w_k = 1),
///
/// `norm_u` being `normalization` over all items (so a subset scores as the slice of full ranking). `fit` fits every component on the
/// training data (unless `fitsComponents` is false: then they must be fitted already), then searches
/// the simplex grid of step `weightStep` for the weights that maximise NDCG@`cutoff` on
/// `TrainingData.validation` (`BlendWeightSearch`; deterministic). Without validation interactions the
/// weights stay uniform. The learned `weights` and their `validationNDCG` are public.
///
/// With `fixedWeights` the search is skipped and those weights are used: how a selected blend is refit
/// on train + validation (`selection.refit`), keeping the weights it learned on validation while its
/// components are retrained (`learnedParameters` reports them in the same form).
///
/// Components are fitted without the runner's epoch observer (the blend does not exist until every
/// component is fitted), so epoch-trained components run all their epochs.
///
/// ```swift
/// let hybrid = try Hybrid(components: [ItemKNN(), ContentBased()], names: ["knn", "content"])
/// try hybrid.fit(TrainingData(prepared), observer: nil)
/// hybrid.weights   // e.g. [0.8, 0.2]
/// ```
public final class Hybrid: RecommenderType, LearnsFromValidation {
    public static let typeName = "hybrid"
    public static let summary = "Weighted blend of its components' per-user-normalised scores; weights chosen on validation NDCG@cutoff over a simplex grid."
    public static let components: ClosedRange<Int>? = 2...100
    /// The weight search draws nothing: a blend of deterministic components is deterministic.
    public static let isDeterministic = true
    /// Components are fitted without the runner's observer: early stopping cannot reach them.
    public static let observesComponents = false
    /// The blended models.
    public let components: [any Recommender]
    /// One name per component (for reports and the saved file).
    public let names: [String]
    /// Per-user normalisation applied to each component's scores.
    public var normalization: ScoreNormalization { config.normalization }
    /// Grid step of the weight search (1/step must be a whole number; typ. 0.05–0.25).
    public var weightStep: Float { config.weightStep }
    /// Cutoff of the validation NDCG (typ. 10).
    public var cutoff: Int { config.cutoff }
    /// Whether `fit` fits the components (false: they are used as already fitted).
    public let fitsComponents: Bool
    /// Largest number of grid points searched (more components or a finer step is refused).
    public let maxGridPoints: Int
    /// Weights to use instead of searching (non-negative, summing to 1), e.g. learned by an earlier fit.
    public let fixedWeights: [Float]?

    /// The learned blend weights, aligned with `components` (uniform before `fit`).
    public private(set) var weights: [Float]
    /// Validation NDCG@cutoff of the learned blend (nil when there was no validation data).
    public private(set) var validationNDCG: Double?

    /// The validated configuration.
    public let config: HybridConfig

    /// A blend of `components` (unfitted when `fitsComponents`), named `names` in weights and traces.
    /// Fixed weights come from `config.weights` (parsed against `names`), else they are learned.
    public init(components: [any Recommender], names: [String]? = nil, config: HybridConfig = .init(),
                fitsComponents: Bool = true, maxGridPoints: Int = 20_000) throws {
        self.components = components
        self.names = names ?? components.enumerated().map { "\($0.offset)_\($0.element.typeName)" }
        self.config = config
        self.fitsComponents = fitsComponents; self.maxGridPoints = maxGridPoints
        self.fixedWeights = config.weights.isEmpty ? nil : try Hybrid.parseWeights(config.weights, names: self.names)
        weights = [Float](repeating: components.isEmpty ? 0 : 1 / Float(components.count), count: components.count)
    }

    public convenience init(config: HybridConfig, context: ModelContext) throws {
        try self.init(components: context.components.map(\.model), names: context.components.map(\.name), config: config)
    }

    /// The learned weights as the `weights` parameter reads them, by component name
    /// ("ials:0.8,knn:0.2,content:0.0").
    public var learnedParameters: [String: String] {
        ["weights": zip(names, weights).map { "\($0):\($1)" }.joined(separator: ",")]
    }

    /// Parses `weights`: `name:w` pairs, one per component, or plain numbers in component order.
    /// Throws `invalidParameter` naming what is wrong.
    public static func parseWeights(_ text: String, names: [String]) throws -> [Float] {
        let pieces = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        func fail(_ detail: String) -> ModelError { ModelError.invalidParameter(model: "hybrid", name: "weights", detail: detail) }
        if pieces.allSatisfy({ $0.contains(":") }) {
            var out = [Float?](repeating: nil, count: names.count)
            for piece in pieces {
                let parts = piece.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2, let k = names.firstIndex(of: parts[0]), let w = Float(parts[1]) else {
                    throw fail("\"\(piece)\" is not component:weight with a component among \(names.joined(separator: ", "))")
                }
                out[k] = w
            }
            guard out.allSatisfy({ $0 != nil }) else { throw fail("every component needs a weight (\(names.joined(separator: ", ")))") }
            return out.map { $0! }
        }
        let numbers = pieces.map { Float($0) }
        guard numbers.allSatisfy({ $0 != nil }) else { throw fail("expected numbers or component:weight pairs, got \"\(text)\"") }
        return numbers.map { $0! }
    }

    /// Grid units per weight, `1/weightStep`.
    var steps: Int { Int((1 / Double(weightStep)).rounded()) }

    public func fit(_ data: TrainingData, observer: (any TrainingObserver)?) throws {
        try FactorSupport.require(!components.isEmpty, typeName, "components", "needs at least one component")
        try FactorSupport.require(names.count == components.count, typeName, "names",
                                  "\(names.count) names for \(components.count) components")
        try FactorSupport.require(weightStep > 0 && weightStep <= 1 && abs(Double(steps) * Double(weightStep) - 1) < 1e-4,
                                  typeName, "weight_step", "must divide 1 into whole steps (0.5, 0.25, 0.1, 0.05, …), got \(weightStep)")
        try FactorSupport.require(cutoff >= 1, typeName, "cutoff", "must be ≥ 1, got \(cutoff)")
        let points = BlendWeightSearch.gridSize(components: components.count, steps: steps)
        try FactorSupport.require(points <= maxGridPoints, typeName, "weight_step",
                                  "\(components.count) components at step \(weightStep) make \(points) grid points (limit \(maxGridPoints)); use a larger step")
        if let w = fixedWeights {
            try FactorSupport.require(w.count == components.count && w.allSatisfy({ $0 >= 0 && $0.isFinite })
                                      && abs(w.reduce(0, +) - 1) < 1e-3, typeName, "weights",
                                      "needs \(components.count) non-negative weights summing to 1, got \(w)")
        }
        if fitsComponents { for c in components { try c.fit(data, observer: nil) } }
        weights = [Float](repeating: 1 / Float(components.count), count: components.count)
        validationNDCG = nil
        if let w = fixedWeights { weights = w; return }
        guard data.validation.count > 0, components.count > 1 else { return }
        let search = makeSearch(data)
        let found = search.best(steps: steps)
        weights = found.weights
        validationNDCG = found.ndcg
    }

    /// The validation users' normalised component scores, relevant and excluded items.
    private func makeSearch(_ data: TrainingData) -> BlendWeightSearch {
        let byUser = data.validation.byUser(userCount: data.userCount, itemCount: data.itemCount)
        let users = (0..<Int32(data.userCount)).filter { byUser.rowCount(Int($0)) > 0 }
        let relevant = users.map { Array(byUser.row(Int($0)).indices) }
        let excluded = users.map { Array(data.userItem.row(Int($0)).indices) }
        let scores = components.map { c -> DenseMatrix in
            var s = c.score(users: users, items: nil)
            normalization.normalizeRows(&s)
            return s
        }
        return BlendWeightSearch(scores: scores, relevant: relevant, excluded: excluded, cutoff: cutoff)
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        // Each component is normalised per user over the whole catalogue, so a subset of items
        // scores exactly as the matching columns of full ranking (sampled candidates included).
        if let items { return score(users: users, items: nil).columns(items) }
        var out = DenseMatrix(rows: users.count, cols: 0)
        var first = true
        for (c, w) in zip(components, weights) where w != 0 {
            var s = c.score(users: users, items: items)
            normalization.normalizeRows(&s)
            if first { out = DenseMatrix(rows: s.rows, cols: s.cols); first = false }
            for k in 0..<s.storage.count { out.storage[k] += w * s.storage[k] }
        }
        if first, let c = components.first { out = DenseMatrix(rows: users.count, cols: c.score(users: [], items: items).cols) }
        return out
    }

    public func save(to group: HDF5Group) throws {
        try group.setAttribute("type", typeName)
        try group.setAttribute("normalization", normalization.rawValue)
        try group.write("weights", weights, compression: 0)
        try group.writeStrings("names", names)
        if let v = validationNDCG { try group.setAttribute("validation_ndcg", v) }
        for (k, c) in components.enumerated() { try c.save(to: group.createGroup("component_\(k)")) }
    }

    public func load(from group: HDF5Group) throws {
        let saved: [Float] = try group.read("weights")
        guard saved.count == components.count else {
            throw ModelError.incompatibleSave(model: typeName, detail: "\(saved.count) saved components, this blend has \(components.count)")
        }
        for (k, c) in components.enumerated() {
            let g = try group.openGroup("component_\(k)")
            if let t: String = try g.attribute("type"), t != c.typeName {
                throw ModelError.incompatibleSave(model: typeName, detail: "component \(k) was saved as '\(t)', is '\(c.typeName)'")
            }
            try c.load(from: g)
        }
        weights = saved
        validationNDCG = try group.attribute("validation_ndcg")
    }
}
