/// One entry of `models`: a named model type, its parameters (fixed values, grid lists or
/// distributions) and how to sweep them.
///
/// ```json
/// {"name": "mf", "type": "biased_mf", "params": {"factors": [32, 64], "reg": {"uniform": [0, 0.1]}},
///  "sweep": {"strategy": "random", "count": 20, "seed": 1}}
/// ```
public struct ModelSpec: Sendable, Equatable {
    /// Unique name within the spec (defaults to `type`); used in result tables and folders.
    public var name: String
    /// Registry type, e.g. `biased_mf`.
    public var type: String
    /// Every parameter of the type, in the registry's order; omitted ones hold their default.
    public var parameters: [ParameterSpec]
    /// Grid or random search.
    public var sweep: SweepSpec
    /// Whether the registry marks the type (or one of its components, when their epochs reach the
    /// runner) as trained in epochs: what `early_stopping` can stop.
    public var epochTrained: Bool
    /// Whether the registry marks the type and every component as deterministic (the seed changes
    /// nothing): such a model is trained once per configuration and fold, not once per seed.
    public var deterministic = false
    /// The model's own `early_stopping` (its omitted keys taken from the spec's section), or nil to
    /// use the spec's.
    public var earlyStopping: EarlyStoppingSpec?
    /// Sub-models of a composite type (the base of `kg_boost`, the parts of `hybrid`), each with its
    /// own type and parameters; their parameters are swept together with the model's own.
    public var components: [ModelSpec] = []

    /// The model's own parameters followed by every component's, the latter named
    /// `<component>.<parameter>` with a `<component>.type` entry: what a trial's configuration assigns.
    public var sweepParameters: [ParameterSpec] {
        parameters + components.flatMap { c in
            [ParameterSpec(name: c.name + ".type", kind: .string, values: .fixed(.string(c.type)), isDefault: false)]
                + c.sweepParameters.map { p in
                    var q = p
                    q.name = c.name + "." + p.name
                    return q
                }
        }
    }

    /// Number of configurations the sweep yields (grid: product of list lengths; random: `count`).
    public var configurationCount: Int {
        switch sweep {
        case .random(let count, _), .tpe(let count, _, _): return count
        case .grid:
            return sweepParameters.reduce(1) { acc, p in
                if case .list(let values) = p.values { return acc * values.count }
                return acc
            }
        }
    }
}

/// A parameter as the spec sets it.
public struct ParameterSpec: Sendable, Equatable {
    /// Key under `params`.
    public var name: String
    /// Kind from the registry.
    public var kind: ParameterKind
    /// Value(s) to try.
    public var values: ParameterValues
    /// True when the spec omitted it and the registry default was used.
    public var isDefault: Bool
}

/// What a parameter takes across a sweep.
public enum ParameterValues: Sendable, Equatable {
    /// One value in every configuration.
    case fixed(ParamValue)
    /// A grid axis (grid sweep) or a uniform choice (random sweep).
    case list([ParamValue])
    /// `{"uniform": [low, high]}`: uniform on [low, high] (integers: on the integers in it).
    case uniform(Double, Double)
    /// `{"loguniform": [low, high]}`: log-uniform on [low, high], 0 < low (integers: rounded).
    case logUniform(Double, Double)
    /// `{"choice": [a, b, …]}`: one of the values, uniformly (random sweeps only).
    case choice([ParamValue])

    /// Distribution name when this is one (`uniform`, `loguniform`, `choice`).
    var distributionName: String? {
        switch self {
        case .uniform: return "uniform"
        case .logUniform: return "loguniform"
        case .choice: return "choice"
        default: return nil
        }
    }

    var json: JSONValue {
        switch self {
        case .fixed(let v): return v.json
        case .list(let vs): return .array(vs.map(\.json))
        case .uniform(let a, let b): return .object(["uniform": .array([.double(a), .double(b)])])
        case .logUniform(let a, let b): return .object(["loguniform": .array([.double(a), .double(b)])])
        case .choice(let vs): return .object(["choice": .array(vs.map(\.json))])
        }
    }
}

/// `models[].sweep`.
public enum SweepSpec: Sendable, Equatable {
    /// Cartesian product of list-valued parameters, first parameter (registry order) slowest.
    case grid
    /// `count` independent draws, seeded with `seed` through `SeededGenerator`.
    case random(count: Int, seed: UInt64)
    /// `count` configurations: the first `startup` drawn as a random sweep draws them, each later one
    /// proposed during the run by the tree-structured Parzen estimator from the finished ones.
    case tpe(count: Int, seed: UInt64, startup: Int)

    var json: JSONValue {
        switch self {
        case .grid: return .object(["strategy": .string("grid")])
        case .random(let c, let s): return .object(["strategy": .string("random"), "count": .int(c), "seed": .int(Int(s))])
        case .tpe(let c, let s, let n):
            return .object(["strategy": .string("tpe"), "count": .int(c), "seed": .int(Int(s)), "startup": .int(n)])
        }
    }
}

/// `models[].sweep.strategy`.
enum SweepStrategy: String, CaseIterable { case grid, random, tpe }

/// Largest number of configurations one model may expand to; beyond it a spec is almost surely a mistake.
let maximumConfigurations = 100_000

// MARK: - Reading

extension ModelSpec {
    static let keys = ["name", "type", "params", "sweep", "components", "early_stopping"]

    static func readAll(_ node: JSONNode?, _ r: SpecReader) -> [ModelSpec] {
        guard let node else {
            r.fail(.missingKey, "models", "required section is missing",
                   fix: "add e.g. \"models\": [{\"type\": \"popularity\"}]", line: nil, column: nil)
            return []
        }
        guard case .array(let items) = node.value else {
            r.wrongType("models", expected: "a list of models", node: node)
            return []
        }
        if items.isEmpty { r.fail(.invalidValue, "models", "the list of models is empty", at: node) }
        var models: [ModelSpec] = []
        var firstIndex: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            let path = JSONPath.child("models", i)
            guard let model = read(item, path, r) else { continue }
            if let j = firstIndex[model.name] {
                let at: JSONNode? = { if case .object(let o) = item.value { return o["name"] ?? o["type"] ?? item }; return item }()
                r.fail(.duplicate, JSONPath.child(path, "name"), "duplicate model name '\(model.name)' (also models[\(j)])",
                       fix: "give each model a distinct \"name\"", at: at)
            } else {
                firstIndex[model.name] = i
            }
            models.append(model)
        }
        return models
    }

    static func read(_ node: JSONNode, _ path: String, _ r: SpecReader, inheritedSweep: SweepSpec? = nil) -> ModelSpec? {
        guard let obj = r.object(node, at: path) else { return nil }
        r.rejectUnknownKeys(obj, allowed: keys, at: path, section: "a model")
        guard let typeNode = obj["type"] else {
            r.missing("type", in: path, node: node, fix: "model types are " + r.context.models.map { "'\($0.type)'" }.joined(separator: ", "))
            return nil
        }
        guard let type = r.string(typeNode, at: JSONPath.child(path, "type")) else { return nil }
        let name = r.string(obj, "name", at: path) ?? type
        if let n = obj["name"], !ExperimentSpec.isValidName(name) {
            r.fail(.invalidValue, JSONPath.child(path, "name"), "model name \(ExperimentSpec.quotedName(n)) may only use letters, digits, '.', '_' and '-', at most \(ExperimentSpec.maxNameLength) (it names files)", at: n)
        }
        let errorsBeforeSweep = r.errors.count
        let sweep = inheritedSweep ?? readSweep(obj, path, r)
        guard let descriptor = r.context.model(type) else {
            r.fail(.unknownModelType, JSONPath.child(path, "type"), "unknown model type \(typeNode.gotDescription)",
                   fix: Suggestions.fix(type, in: r.context.models.map(\.type), listing: "known types are"), at: typeNode)
            return nil
        }
        var parameters: [ParameterSpec] = []
        let errorsBefore = r.errors.count
        let paramsPath = JSONPath.child(path, "params")
        let given = r.object(obj, "params", at: path)?.0
        for m in given?.members ?? [] where !descriptor.parameters.contains(where: { $0.name == m.key }) {
            let names = descriptor.parameters.map(\.name)
            r.fail(.unknownKey, JSONPath.child(paramsPath, m.key), "unknown parameter of model type '\(type)'",
                   fix: names.isEmpty ? "'\(type)' takes no parameters" : Suggestions.fix(m.key, in: names, listing: "its parameters are"),
                   line: m.line, column: m.column)
        }
        for p in descriptor.parameters {
            let ppath = JSONPath.child(paramsPath, p.name)
            if let node = given?[p.name] {
                guard let values = readValues(node, p, ppath, sweep: sweep, r) else { continue }
                parameters.append(ParameterSpec(name: p.name, kind: p.kind, values: values, isDefault: false))
            } else if let d = p.defaultValue {
                parameters.append(ParameterSpec(name: p.name, kind: p.kind, values: .fixed(d), isDefault: true))
            } else {
                r.fail(.missingKey, ppath, "required parameter of model type '\(type)' is missing",
                       fix: p.doc.isEmpty ? "expected \(p.kind)" : "\(p.doc) (\(p.kind))", at: obj["params"] ?? node)
            }
        }
        var model = ModelSpec(name: name, type: type, parameters: parameters, sweep: sweep, epochTrained: descriptor.epochTrained)
        model.components = readComponents(obj, path, descriptor, sweep: sweep, r)
        if descriptor.observesComponents && model.components.contains(where: \.epochTrained) { model.epochTrained = true }
        model.deterministic = descriptor.deterministic && model.components.allSatisfy(\.deterministic)
        if case .grid = sweep, model.configurationCount > maximumConfigurations {
            r.fail(.invalidValue, paramsPath, "the grid has \(model.configurationCount) configurations (more than \(maximumConfigurations))",
                   fix: "use \"sweep\": {\"strategy\": \"random\", \"count\": 100}", at: obj["params"])
        }
        else if r.errors.count == errorsBefore { checkRules(model, paramsPath: paramsPath, given: given, at: obj["params"] ?? node, r) }
        if inheritedSweep == nil, r.errors.count == errorsBeforeSweep, model.sweep != .grid, case let count = model.configurationCount,
           let space = ExperimentSpec.distinctConfigurations(of: model), count > space {
            r.fail(.invalidValue, JSONPath.child(JSONPath.child(path, "sweep"), "count"),
                   "a sweep of \(count) drawn configurations, but its parameters have only \(space) distinct combinations",
                   fix: "set \"count\" to at most \(space), or use \"strategy\": \"grid\" to run each once", at: obj["sweep"] ?? node)
        }
        return model
    }

    /// `components`: a list of models (type, params, optional name) inside a composite model. They
    /// take no `sweep` of their own (the composite's sweep covers their parameters).
    private static func readComponents(_ obj: JSONObject, _ path: String, _ descriptor: ModelDescriptor,
                                       sweep: SweepSpec, _ r: SpecReader) -> [ModelSpec] {
        let cpath = JSONPath.child(path, "components")
        guard let node = obj["components"], !node.isNull else {
            if let range = descriptor.components, range.lowerBound > 0 {
                r.fail(.missingKey, cpath, "model type '\(descriptor.type)' needs \(countText(range)) in \"components\"",
                       fix: "add e.g. \"components\": [{\"name\": \"base\", \"type\": \"biased_mf\"}]", at: obj["type"])
            }
            return []
        }
        guard let range = descriptor.components else {
            r.fail(.unknownKey, cpath, "model type '\(descriptor.type)' takes no components", fix: "remove \"components\"", at: node)
            return []
        }
        guard case .array(let items) = node.value else {
            r.wrongType(cpath, expected: "a list of models", node: node)
            return []
        }
        if !range.contains(items.count) {
            r.fail(.invalidValue, cpath, "model type '\(descriptor.type)' takes \(countText(range)), got \(items.count)", at: node)
        }
        var out: [ModelSpec] = []
        for (i, item) in items.enumerated() {
            let ipath = JSONPath.child(cpath, i)
            if case .object(let o) = item.value, let m = o.member("sweep") {
                r.fail(.conflict, JSONPath.child(ipath, "sweep"), "a component has no sweep of its own",
                       fix: "move \"sweep\" to the enclosing model; it covers the components' parameters too", line: m.line, column: m.column)
            }
            if case .object(let o) = item.value, let m = o.member("early_stopping") {
                r.fail(.conflict, JSONPath.child(ipath, "early_stopping"), "a component has no early stopping of its own",
                       fix: "move \"early_stopping\" to the enclosing model; it stops the components' epochs too", line: m.line, column: m.column)
            }
            guard let c = read(item, ipath, r, inheritedSweep: sweep) else { continue }
            if out.contains(where: { $0.name == c.name }) {
                r.fail(.duplicate, JSONPath.child(ipath, "name"), "duplicate component name '\(c.name)'",
                       fix: "give each component a distinct \"name\"", at: item)
            }
            out.append(c)
        }
        return out
    }

    /// Reports the cross-field rules (declared in the type's configuration) that any configuration
    /// of the sweep breaks, once per message, at the parameter the rule names.
    private static func checkRules(_ model: ModelSpec, paramsPath: String, given: JSONObject?, at node: JSONNode, _ r: SpecReader) {
        var own = model
        own.components = []
        var reported = Set<String>()
        for values in ExperimentSpec.configurations(of: own) {
            for v in r.context.violations(model.type, values) where reported.insert(v.parameter + v.message).inserted {
                let m = given?.member(v.parameter)
                r.fail(.invalidValue, JSONPath.child(paramsPath, v.parameter), v.message, fix: v.fix,
                       line: m?.line ?? node.line, column: m?.column ?? node.column)
            }
        }
    }

    private static func countText(_ range: ClosedRange<Int>) -> String {
        if range.lowerBound == range.upperBound { return "exactly \(range.lowerBound) model\(range.lowerBound == 1 ? "" : "s")" }
        return range.upperBound >= 1_000 ? "at least \(range.lowerBound) models" : "\(range.lowerBound) to \(range.upperBound) models"
    }

    private static func readSweep(_ obj: JSONObject, _ path: String, _ r: SpecReader) -> SweepSpec {
        guard let (s, _) = r.object(obj, "sweep", at: path) else { return .grid }
        let spath = JSONPath.child(path, "sweep")
        r.rejectUnknownKeys(s, allowed: ["strategy", "count", "seed", "startup"], at: spath, section: "sweep")
        let strategy = r.choice(s, "strategy", at: spath, as: SweepStrategy.self) ?? .grid
        if strategy != .tpe, let m = s.member("startup") {
            r.fail(.conflict, JSONPath.child(spath, "startup"), "'startup' applies only to \"strategy\": \"tpe\"",
                   fix: "remove it or set \"strategy\": \"tpe\"", line: m.line, column: m.column)
        }
        switch strategy {
        case .grid:
            for key in ["count", "seed"] {
                if let m = s.member(key) {
                    r.fail(.conflict, JSONPath.child(spath, key), "'\(key)' applies only to \"strategy\": \"random\" or \"tpe\"",
                           fix: "remove it or set \"strategy\": \"random\"", line: m.line, column: m.column)
                }
            }
            return .grid
        case .random:
            let count = r.int(s, "count", at: spath, in: 1...maximumConfigurations) ?? 10
            return .random(count: count, seed: r.seed(s, "seed", at: spath) ?? 0)
        case .tpe:
            let count = r.int(s, "count", at: spath, in: 1...maximumConfigurations) ?? 30
            // hyperopt starts from 20 random configurations; a third of the budget (at least 5) suits the small budgets of recommender sweeps.
            let startup = r.int(s, "startup", at: spath, in: 1...maximumConfigurations) ?? min(count, max(5, count / 3))
            return .tpe(count: count, seed: r.seed(s, "seed", at: spath) ?? 0, startup: min(startup, count))
        }
    }

    private static func readValues(_ node: JSONNode, _ p: ParameterDescriptor, _ path: String, sweep: SweepSpec,
                                   _ r: SpecReader) -> ParameterValues? {
        switch node.value {
        case .array(let items):
            if items.isEmpty {
                r.fail(.invalidValue, path, "an empty list of values", fix: "give at least one value", at: node)
                return nil
            }
            let values = items.enumerated().map { i, n in readScalar(n, p, JSONPath.child(path, i), r) }
            guard values.allSatisfy({ $0 != nil }) else { return nil }
            let list = values.map { $0! }
            for (i, v) in list.enumerated() where list[..<i].contains(v) {
                r.fail(.duplicate, JSONPath.child(path, i), "value \(v.text) is listed twice", at: items[i])
            }
            return .list(list)
        case .object(let obj):
            return readDistribution(obj, node, p, path, sweep: sweep, r)
        default:
            return readScalar(node, p, path, r).map(ParameterValues.fixed)
        }
    }

    private static func readDistribution(_ obj: JSONObject, _ node: JSONNode, _ p: ParameterDescriptor, _ path: String,
                                         sweep: SweepSpec, _ r: SpecReader) -> ParameterValues? {
        let names = ["uniform", "loguniform", "choice"]
        guard obj.members.count == 1, let m = obj.members.first else {
            r.fail(.invalidValue, path, "a distribution has exactly one key, got \(obj.members.count)",
                   fix: "use {\"uniform\": [low, high]}, {\"loguniform\": [low, high]} or {\"choice\": [a, b]}", at: node)
            return nil
        }
        let dpath = JSONPath.child(path, m.key)
        guard names.contains(m.key) else {
            r.fail(.unknownKey, dpath, "unknown distribution", fix: Suggestions.fix(m.key, in: names),
                   line: m.line, column: m.column)
            return nil
        }
        if case .grid = sweep {
            r.fail(.conflict, path, "a '\(m.key)' distribution needs a random sweep",
                   fix: "set \"sweep\": {\"strategy\": \"random\", \"count\": 20} (or \"tpe\"), or give a plain list of values for a grid",
                   at: node)
        }
        guard case .array(let items) = m.value.value else {
            r.wrongType(dpath, expected: m.key == "choice" ? "a list of values" : "a list [low, high]", node: m.value)
            return nil
        }
        if m.key == "choice" {
            if items.isEmpty { r.fail(.invalidValue, dpath, "an empty list of choices", at: m.value); return nil }
            let values = items.enumerated().map { i, n in readScalar(n, p, JSONPath.child(dpath, i), r) }
            guard values.allSatisfy({ $0 != nil }) else { return nil }
            return .choice(values.map { $0! })
        }
        guard p.kind.isNumeric else {
            r.fail(.conflict, dpath, "'\(m.key)' applies to numeric parameters; '\(p.name)' is \(p.kind)",
                   fix: "use {\"choice\": [...]}", at: m.value)
            return nil
        }
        guard items.count == 2 else {
            r.fail(.invalidValue, dpath, "expected [low, high], got \(items.count) value\(items.count == 1 ? "" : "s")", at: m.value)
            return nil
        }
        // The ends are numbers even for an integer parameter (its draws are the integers in [low, high]).
        var ends = p
        ends.kind = .double
        guard let lo = readScalar(items[0], ends, JSONPath.child(dpath, 0), r)?.doubleValue,
              let hi = readScalar(items[1], ends, JSONPath.child(dpath, 1), r)?.doubleValue else { return nil }
        if lo > hi {
            r.fail(.invalidValue, dpath, "low (\(lo)) is greater than high (\(hi))", at: m.value)
            return nil
        }
        if m.key == "loguniform" && lo <= 0 {
            r.fail(.invalidValue, JSONPath.child(dpath, 0), "loguniform needs low > 0, got \(items[0].gotDescription)", at: items[0])
            return nil
        }
        if p.kind == .int && lo.rounded(.up) > hi.rounded(.down) {
            r.fail(.invalidValue, dpath, "no integer lies in [\(lo), \(hi)]", at: m.value)
            return nil
        }
        return m.key == "uniform" ? .uniform(lo, hi) : .logUniform(lo, hi)
    }

    /// One scalar value checked against the descriptor's kind, bounds and choices.
    private static func readScalar(_ node: JSONNode, _ p: ParameterDescriptor, _ path: String, _ r: SpecReader) -> ParamValue? {
        let value: ParamValue
        switch (p.kind, node.value) {
        case (.int, _):
            guard let i = r.int(node, at: path) else { return nil }
            value = .int(i)
        case (.double, _):
            guard let d = r.double(node, at: path) else { return nil }
            value = .double(d)
        case (.bool, .bool(let b)):
            value = .bool(b)
        case (.string, .string(let s)), (.choice, .string(let s)):
            value = .string(s)
        default:
            r.wrongType(path, expected: p.kindPhrase, node: node)
            return nil
        }
        if let problem = p.problem(with: value) {
            if case .choice(let options) = p.kind, case .string(let s) = value {
                r.fail(.invalidValue, path, "\(node.gotDescription) is not allowed for '\(p.name)'", fix: Suggestions.fix(s, in: options), at: node)
            } else {
                r.fail(.invalidValue, path, problem, at: node)
            }
            return nil
        }
        return value
    }

    var json: JSONValue {
        var params: [String: JSONValue] = [:]
        for p in parameters { params[p.name] = p.values.json }
        var object: [String: JSONValue] = ["name": .string(name), "type": .string(type), "params": .object(params), "sweep": sweep.json]
        if let earlyStopping { object["early_stopping"] = earlyStopping.json }
        if !components.isEmpty {
            object["components"] = .array(components.map { c in
                guard case .object(var o) = c.json else { return c.json }
                o["sweep"] = nil
                return .object(o)
            })
        }
        return .object(object)
    }
}
