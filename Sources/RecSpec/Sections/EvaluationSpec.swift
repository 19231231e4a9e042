import RecConfig
import RecEval
/// One evaluated metric at one cutoff: `ndcg@10`, or `rmse` without a cutoff. In specs,
/// `"ndcg@5,10,20"` is shorthand for three of them.
public struct MetricSpec: Sendable, Hashable, CustomStringConvertible {
    /// Registry name (`ndcg`).
    public var name: String
    /// List length k, or nil.
    public var cutoff: Int?

    /// Creates a metric at a cutoff.
    public init(_ name: String, cutoff: Int? = nil) { self.name = name; self.cutoff = cutoff }

    /// `name@k` or `name`.
    public var description: String { cutoff.map { "\(name)@\($0)" } ?? name }
}

/// `evaluation.candidates`: which items are ranked for each user.
public enum CandidateSpec: Sendable, Hashable {
    /// Every item the user has not trained on.
    case all
    /// The user's test items plus `count` sampled negatives (seeded).
    case sampled(count: Int, seed: UInt64)
}

/// `evaluation.subgroups`: how results are broken down.
public enum SubgroupSpec: Sendable, Hashable, CustomStringConvertible {
    /// Users bucketed by training-set activity.
    case userActivity
    /// Items bucketed by training-set popularity.
    case itemPopularity
    /// Users with few training interactions vs the rest.
    case coldUsers
    /// Items with few training interactions vs the rest.
    case coldItems
    /// Users grouped by a profile attribute (`user:gender`, `user:age/bins=5`).
    case userAttribute(String, AttributeBinning)
    /// Items grouped by an attribute (`item:genre`, an item in each of its genres).
    case itemAttribute(String, AttributeBinning)

    static let fixedNames = ["user_activity", "item_popularity", "cold_users", "cold_items"]

    /// Text as written in specs.
    public var description: String {
        switch self {
        case .userActivity: return "user_activity"
        case .itemPopularity: return "item_popularity"
        case .coldUsers: return "cold_users"
        case .coldItems: return "cold_items"
        case .userAttribute(let a, let b): return "user:" + a + b.suffix
        case .itemAttribute(let a, let b): return "item:" + a + b.suffix
        }
    }

    /// The subgroup `text` names, or why it names none.
    static func parse(_ text: String) -> Result<SubgroupSpec, SubgroupSyntaxError> {
        switch text {
        case "user_activity": return .success(.userActivity)
        case "item_popularity": return .success(.itemPopularity)
        case "cold_users": return .success(.coldUsers)
        case "cold_items": return .success(.coldItems)
        default:
            let side = text.prefix(5)
            guard side == "user:" || side == "item:", text.count > 5 else { return .failure(.unknown) }
            let rest = text.dropFirst(5)
            let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard !name.isEmpty else { return .failure(.unknown) }
            var binning = AttributeBinning.levels
            if parts.count == 2 {
                guard let b = AttributeBinning(text: String(parts[1])) else { return .failure(.badBinning(String(side) + name)) }
                binning = b
            }
            return .success(side == "user:" ? .userAttribute(name, binning) : .itemAttribute(name, binning))
        }
    }
}

/// Why a subgroup text names no subgroup.
enum SubgroupSyntaxError: Error {
    /// Not a known grouping nor `user:`/`item:` with an attribute.
    case unknown
    /// An attribute grouping whose `/…` binning does not parse (the attribute part is given).
    case badBinning(String)
}

/// How an attribute's values become groups.
public enum AttributeBinning: Sendable, Hashable {
    /// One group per level (a multi-valued attribute puts an entity in each of its levels), in the
    /// levels' natural order; a numeric attribute is cut at its quartiles.
    case levels
    /// `/bins=n`: `n` quantile bins of a numeric attribute (or one whose levels are all numbers).
    case quantiles(Int)
    /// `/edges=a,b,c`: fixed bins (−∞, a), [a, b), [b, c), [c, ∞).
    case edges([Double])

    /// The spec's text after the attribute name (`/bins=5`), empty for `levels`.
    var suffix: String {
        switch self {
        case .levels: return ""
        case .quantiles(let n): return "/bins=\(n)"
        case .edges(let e): return "/edges=" + e.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) }.joined(separator: ",")
        }
    }

    /// Parses `bins=n` (2…100) or `edges=a,b,…` (increasing numbers).
    init?(text: String) {
        if text.hasPrefix("bins="), let n = Int(text.dropFirst(5)), (2...100).contains(n) { self = .quantiles(n); return }
        if text.hasPrefix("edges=") {
            let edges = text.dropFirst(6).split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard !edges.isEmpty, edges.count <= 100, edges.allSatisfy({ $0?.isFinite == true }) else { return nil }
            let values = edges.map { $0! }
            guard zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
            self = .edges(values)
            return
        }
        return nil
    }
}

/// The `evaluation` section.
public struct EvaluationSpec: Sendable, Equatable {
    /// Metrics with cutoffs expanded, in spec order (`ndcg@5,10` → `ndcg@5`, `ndcg@10`).
    public var metrics: [MetricSpec]
    /// Candidate items.
    public var candidates: CandidateSpec = .all
    /// Result breakdowns.
    public var subgroups: [SubgroupSpec] = []
    /// The section's scalar options, declared in RecEval.
    public var options = EvaluationOptions()

    /// Minimum rating that counts as relevant; nil = every test interaction is relevant.
    public var relevanceThreshold: Double? {
        get { options.relevanceThreshold }
        set { options.relevanceThreshold = newValue }
    }
    /// How many top items per user to write out (0 = none).
    public var topKOutput: Int {
        get { options.topKOutput }
        set { options.topKOutput = newValue }
    }
    /// Whether to write per-interaction rating predictions.
    public var predictionsOutput: Bool {
        get { options.predictionsOutput }
        set { options.predictionsOutput = newValue }
    }
}

/// The `selection` section: which configuration of a sweep wins.
public struct SelectionSpec: Sendable, Equatable {
    /// Metric compared across configurations (one of the evaluated metrics).
    public var metric: MetricSpec
    /// Which split's scores are compared.
    public var split: SelectionSplit
    /// Whether the winner is retrained on train + validation before the test evaluation.
    public var refit: Bool
    /// The model every other model is compared with in the paired tests and † marks of the reports;
    /// nil = the best model on test by `metric`. Naming the proposed model answers "does it beat each
    /// baseline?" instead of "does anything differ from the winner?".
    public var reference: String? = nil

    public init(metric: MetricSpec, split: SelectionSplit, refit: Bool, reference: String? = nil) {
        self.metric = metric; self.split = split; self.refit = refit; self.reference = reference
    }
}

/// `selection.split`.
public enum SelectionSplit: String, Sendable, CaseIterable {
    case validation, test
}

/// The `early_stopping` section (epoch-trained models only), or a model's own `early_stopping`.
public struct EarlyStoppingSpec: Sendable, Equatable {
    /// Validation metric watched after each epoch; nil = by what the model predicts: `rmse` for a
    /// model that predicts ratings on rated data, `selection.metric` otherwise.
    public var metric: MetricSpec?
    /// Epochs without an improvement of more than `minDelta` before training stops (≥ 1).
    public var patience: Int
    /// Smallest change that counts as an improvement (≥ 0).
    public var minDelta: Double
    /// Successive halving of the model's configurations at rungs of epochs, or nil (each trial alone).
    public var halving: HalvingSpec?

    /// Settings as given.
    public init(metric: MetricSpec?, patience: Int, minDelta: Double, halving: HalvingSpec? = nil) {
        self.metric = metric; self.patience = patience; self.minDelta = minDelta; self.halving = halving
    }

    /// The defaults: metric by model, patience 5, min_delta 0.
    public static let defaults = EarlyStoppingSpec(metric: nil, patience: 5, minDelta: 0)

    /// The section's keys.
    static let keys = ["metric", "patience", "min_delta", "halving"]

    /// Reads an `early_stopping` object at `path`; keys it omits keep `base`'s values.
    static func read(_ e: JSONObject, at path: String, base: EarlyStoppingSpec, evaluated: [MetricSpec], _ r: SpecReader) -> EarlyStoppingSpec {
        r.rejectUnknownKeys(e, allowed: keys, at: path, section: "early_stopping")
        var spec = base
        if let m = e["metric"], !m.isNull, let parsed = MetricSpec.parseOne(m, path: JSONPath.child(path, "metric"), evaluated: evaluated, r) {
            spec.metric = parsed
        }
        spec.patience = r.int(e, "patience", at: path, in: 1...100_000) ?? base.patience
        spec.minDelta = r.double(e, "min_delta", at: path, in: 0...Double.infinity) ?? base.minDelta
        // `"halving": null` in a model's section turns off the spec's halving for that model.
        if let h = e["halving"] {
            spec.halving = h.isNull ? nil : HalvingSpec.read(h, at: JSONPath.child(path, "halving"), r)
        }
        return spec
    }

    /// The resolved object (`"metric": null` = by model).
    var json: JSONValue {
        var o: [String: JSONValue] = ["metric": metric.map { .string($0.description) } ?? .null, "patience": .int(patience), "min_delta": .double(minDelta)]
        // Only when set, so the fingerprints of specs without halving stay as they were.
        if let halving { o["halving"] = halving.json }
        return .object(o)
    }

    /// `ndcg@10, patience 5, min delta 0.0` for plans.
    var text: String {
        "\(metric?.description ?? "rmse for rating models, else the selection metric"), patience \(patience), min delta \(minDelta)"
            + (halving.map { ", " + $0.text } ?? "")
    }
}

/// The `parallelism` section. Thread counts beyond a few hundred are typos, and OpenBLAS takes a
/// 32-bit count.
public struct ParallelismSpec: Configuration, Equatable {
    @Param(in: 1...1024, doc: "trials run at the same time")
    public var trials = 1
    @Param(in: 1...1024, doc: "BLAS threads per trial (outside the fingerprint: see docs/reliability.md on the last bits it can move)")
    public var blasThreads = 1

    /// One trial at a time, one BLAS thread.
    public init() {}
}

/// The `output` section.
public struct OutputSpec: Configuration, Equatable {
    @Param(doc: "parent folder of the run folders `<folder>/<name>/<fingerprint>` and the trial store `<folder>/<name>/trials`; not empty")
    public var folder = "results"
    @Param(doc: "which trained models the run folder keeps as `models/<model>.h5` (servable by `reclab serve`, re-scorable later): `selected` (each model's selected configuration, refitted when the run refits, first seed and fold), `all` (also every trial's, as `models/<model>/<trial>.h5`) or `none`")
    public var saveModels = SavedModels.selected

    /// `results`, keeping the selected models.
    public init() {}

    /// An empty folder would write into the working directory's root of runs.
    public func violations() -> [ConfigurationViolation] {
        folder.isEmpty ? [ConfigurationViolation("folder", "the folder must not be empty")] : []
    }
}

/// `output.save_models`: which trained models a run keeps.
public enum SavedModels: String, Sendable, CaseIterable, ChoiceParameter {
    /// Each model's selected configuration (its refit when the run refits), first seed and fold.
    case selected
    /// The selected ones, and every trial's model.
    case all
    /// None.
    case none
}

// MARK: - Reading

extension MetricSpec {
    /// Parses `name`, `name@k` or `name@k1,k2,…` against the registry; errors are recorded at `path`.
    static func parseList(_ text: String, node: JSONNode, path: String, _ r: SpecReader) -> [MetricSpec] {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0]).trimmingSpaces
        guard let descriptor = r.context.metric(name) else {
            r.fail(.unknownMetric, path, "unknown metric '\(name)'",
                   fix: Suggestions.fix(name, in: r.context.metricNames, listing: "known metrics are"), at: node)
            return []
        }
        guard parts.count == 2 else {
            if descriptor.cutoff == .required {
                r.fail(.unknownMetric, path, "metric '\(name)' needs a cutoff", fix: "write e.g. \"\(name)@10\"", at: node)
                return []
            }
            return [MetricSpec(name)]
        }
        if descriptor.cutoff == .forbidden {
            r.fail(.unknownMetric, path, "metric '\(name)' takes no cutoff", fix: "write \"\(name)\"", at: node)
            return []
        }
        let cutoffText = String(parts[1])
        if cutoffText.trimmingSpaces.isEmpty {
            r.fail(.unknownMetric, path, "expected cutoffs after '@' in \(node.gotDescription)", fix: "write e.g. \"\(name)@10\"", at: node)
            return []
        }
        var result: [MetricSpec] = []
        for piece in cutoffText.split(separator: ",", omittingEmptySubsequences: false) {
            let t = String(piece).trimmingSpaces
            guard let k = Int(t), k > 0 else {
                r.fail(.unknownMetric, path, "cutoff '\(t)' in \(node.gotDescription) is not a positive integer",
                       fix: "write e.g. \"\(name)@5,10,20\"", at: node)
                return []
            }
            result.append(MetricSpec(name, cutoff: k))
        }
        return result
    }

    /// Parses one metric that must be among `evaluated`.
    static func parseOne(_ node: JSONNode, path: String, evaluated: [MetricSpec], _ r: SpecReader) -> MetricSpec? {
        guard let text = r.string(node, at: path) else { return nil }
        let parsed = parseList(text, node: node, path: path, r)
        guard !parsed.isEmpty else { return nil }
        guard parsed.count == 1 else {
            r.fail(.invalidValue, path, "expected one metric, got \(parsed.count) cutoffs",
                   fix: "write e.g. \"\(parsed[0])\"", at: node)
            return nil
        }
        let metric = parsed[0]
        if !evaluated.isEmpty && !evaluated.contains(metric) {
            let names = evaluated.map(\.description)
            r.fail(.conflict, path, "'\(metric)' is not among the evaluated metrics",
                   fix: Suggestions.didYouMean(metric.description, in: names) ?? "add it to evaluation.metrics (evaluated: "
                        + names.joined(separator: ", ") + ")", at: node)
            return nil
        }
        return metric
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

extension EvaluationSpec {
    /// The keys read here; the others are `EvaluationOptions`' declarations.
    static let grammarKeys = ["metrics", "candidates", "subgroups"]

    static func read(_ node: JSONNode?, _ r: SpecReader) -> EvaluationSpec {
        let path = "evaluation"
        var spec = EvaluationSpec(metrics: [])
        guard let node else {
            r.fail(.missingKey, path, "required section is missing",
                   fix: "add e.g. \"evaluation\": {\"metrics\": [\"ndcg@10\"]}", line: nil, column: nil)
            return spec
        }
        guard let obj = r.object(node, at: path) else { return spec }
        spec.options = r.configuration(EvaluationOptions.self, obj, at: path, section: "evaluation", otherKeys: grammarKeys, node: node)
        let mpath = JSONPath.child(path, "metrics")
        if let (items, list) = r.array(obj, "metrics", at: path) {
            if items.isEmpty { r.fail(.invalidValue, mpath, "the list of metrics is empty", at: list) }
            for (i, item) in items.enumerated() {
                let ipath = JSONPath.child(mpath, i)
                guard let text = r.string(item, at: ipath) else { continue }
                for m in MetricSpec.parseList(text, node: item, path: ipath, r) {
                    if spec.metrics.contains(m) {
                        r.fail(.duplicate, ipath, "metric '\(m)' is listed twice", at: item)
                    } else {
                        spec.metrics.append(m)
                    }
                }
            }
        } else if obj["metrics"] == nil {
            r.missing("metrics", in: path, node: node, fix: "e.g. \"metrics\": [\"ndcg@10\", \"recall@10\"]")
        }
        if let c = obj["candidates"], !c.isNull {
            let cpath = JSONPath.child(path, "candidates")
            switch c.value {
            case .string(let s) where s == "all": spec.candidates = .all
            case .object(let o):
                r.rejectUnknownKeys(o, allowed: ["sampled", "seed"], at: cpath, section: "candidates")
                if let count = r.int(o, "sampled", at: cpath, in: 1...10_000_000) {
                    spec.candidates = .sampled(count: count, seed: r.seed(o, "seed", at: cpath) ?? 0)
                } else if o["sampled"] == nil {
                    r.missing("sampled", in: cpath, node: c, fix: "e.g. {\"sampled\": 100, \"seed\": 0}")
                }
            default:
                r.fail(.invalidValue, cpath, "expected \"all\" or {\"sampled\": n, \"seed\": s}, got \(c.gotDescription)",
                       fix: { if case .string(let s) = c.value { return Suggestions.didYouMean(s, in: ["all"]) }; return nil }(), at: c)
            }
        }
        if let (items, _) = r.array(obj, "subgroups", at: path) {
            let spath = JSONPath.child(path, "subgroups")
            for (i, item) in items.enumerated() {
                let ipath = JSONPath.child(spath, i)
                guard let text = r.string(item, at: ipath) else { continue }
                let group: SubgroupSpec
                switch SubgroupSpec.parse(text) {
                case .success(let g): group = g
                case .failure(.unknown):
                    r.fail(.invalidValue, ipath, "unknown subgroup \(item.gotDescription)",
                           fix: Suggestions.didYouMean(text, in: SubgroupSpec.fixedNames)
                               ?? "expected one of " + SubgroupSpec.fixedNames.map { "'\($0)'" }.joined(separator: ", ")
                               + ", 'user:<attribute>' or 'item:<attribute>' (numeric ones binned with '/bins=5' or '/edges=18,25,35')", at: item)
                    continue
                case .failure(.badBinning(let attribute)):
                    r.fail(.invalidValue, ipath, "cannot read the binning of \(item.gotDescription)",
                           fix: "write '\(attribute)/bins=n' (n quantile bins, 2 to 100) or '\(attribute)/edges=a,b,…' (increasing numbers)", at: item)
                    continue
                }
                if spec.subgroups.contains(group) { r.fail(.duplicate, ipath, "subgroup '\(group)' is listed twice", at: item) }
                else { spec.subgroups.append(group) }
            }
        }
        return spec
    }

    var json: JSONValue {
        let candidates: JSONValue
        switch self.candidates {
        case .all: candidates = .string("all")
        case .sampled(let n, let s): candidates = .object(["sampled": .int(n), "seed": .int(Int(s))])
        }
        guard case .object(var o) = ParamValue.record(options.values).json else { return .null }
        o["metrics"] = .array(metrics.map { .string($0.description) })
        o["candidates"] = candidates
        o["subgroups"] = .array(subgroups.map { .string($0.description) })
        return .object(o)
    }
}
