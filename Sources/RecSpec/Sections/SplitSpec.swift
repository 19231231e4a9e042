/// The `split` section: how interactions become train / validation / test. Mirrors RecData's
/// `SplitMethod`, except that a k-fold split (`kfold` over interactions, `user_cold_start_kfold` over
/// users) may ask for every fold (`"fold": "all"`), which `ExperimentSpec.trials()` expands into one set
/// of trials per fold.
///
/// ```json
/// "split": {"method": "kfold", "folds": 5, "fold": "all", "seed": 0}
/// "split": {"method": "user_cold_start_kfold", "folds": 5, "fold": "all", "validation_fraction": 0.1, "seed": 0}
/// ```
public struct SplitSpec: Sendable, Equatable {
    /// The method and its own parameters.
    public var method: Method
    /// Seed of the split's random choices (all methods accept it; deterministic ones ignore it).
    public var seed: UInt64

    /// `split.method` with the keys each method accepts.
    public enum Method: Sendable, Equatable {
        /// `random_ratio`: `ratios` = [train, validation, test] over all interactions.
        case randomRatio(train: Double, validation: Double, test: Double)
        /// `user_ratio`: `ratios` within each user's interactions.
        case userRatio(train: Double, validation: Double, test: Double)
        /// `temporal`: `ratios` as a global cut by time.
        case temporal(train: Double, validation: Double, test: Double)
        /// `user_temporal`: each user's last `last_n` (or `last_fraction`) interactions test.
        case userTemporal(lastN: Int?, lastFraction: Double?, validation: Bool)
        /// `leave_one_out`: one test (and one validation) interaction per user.
        case leaveOneOut(order: LeaveOneOutOrder, validation: Bool)
        /// `kfold`: fold `fold` of `folds` tests.
        case kFold(folds: Int, fold: FoldChoice, validationFraction: Double)
        /// `user_cold_start`: whole users held out.
        case userColdStart(validationFraction: Double, testFraction: Double)
        /// `user_cold_start_kfold`: the users of fold `fold` of `folds` held out whole for test; a
        /// `validation_fraction` of the other users held out whole for validation.
        case userColdStartKFold(folds: Int, fold: FoldChoice, validationFraction: Double)
        /// `item_cold_start`: whole items held out.
        case itemColdStart(validationFraction: Double, testFraction: Double)
        /// `predefined`: the data comes split (`dataset.format` = `predefined`).
        case predefined

        /// The method's name in specs.
        public var name: String {
            switch self {
            case .randomRatio: return "random_ratio"
            case .userRatio: return "user_ratio"
            case .temporal: return "temporal"
            case .userTemporal: return "user_temporal"
            case .leaveOneOut: return "leave_one_out"
            case .kFold: return "kfold"
            case .userColdStart: return "user_cold_start"
            case .userColdStartKFold: return "user_cold_start_kfold"
            case .itemColdStart: return "item_cold_start"
            case .predefined: return "predefined"
            }
        }
    }

    /// Which interaction `leave_one_out` holds out per user.
    public enum LeaveOneOutOrder: String, Sendable, CaseIterable {
        /// The most recent one (by timestamp).
        case latest
        /// One chosen at random (seeded).
        case random
    }

    /// A single fold or every fold.
    public enum FoldChoice: Sendable, Hashable {
        case index(Int)
        case all
    }

    /// The fold indices trials run on: nil for non-k-fold methods, `[fold]` or `0..<folds`.
    public var folds: [Int]? {
        let count: Int, choice: FoldChoice
        switch method {
        case .kFold(let n, let c, _), .userColdStartKFold(let n, let c, _): (count, choice) = (n, c)
        default: return nil
        }
        switch choice {
        case .index(let i): return [i]
        case .all: return Array(0..<count)
        }
    }

    /// The method with `"fold": "all"` narrowed to one fold (unchanged for other methods).
    public func method(forFold fold: Int?) -> Method {
        guard let fold else { return method }
        switch method {
        case .kFold(let n, _, let v): return .kFold(folds: n, fold: .index(fold), validationFraction: v)
        case .userColdStartKFold(let n, _, let v):
            return .userColdStartKFold(folds: n, fold: .index(fold), validationFraction: v)
        default: return method
        }
    }

    /// Whether the split produces a validation set (needed by selection and early stopping), and if
    /// not, why (used in error messages).
    func validationAvailability(predefined: PredefinedFiles?) -> (Bool, String) {
        switch method {
        case .randomRatio(_, let v, _), .userRatio(_, let v, _), .temporal(_, let v, _):
            return (v > 0, "its validation ratio (ratios[1]) is 0")
        case .userTemporal(_, _, let v), .leaveOneOut(_, let v):
            return (v, "\"validation\" is false")
        case .kFold(_, _, let v), .userColdStartKFold(_, _, let v), .userColdStart(let v, _), .itemColdStart(let v, _):
            return (v > 0, "\"validation_fraction\" is 0")
        case .predefined:
            return (predefined?.validation != nil, "dataset.predefined has no validation file")
        }
    }
}

// MARK: - Reading

extension SplitSpec {
    static let methodNames = ["random_ratio", "user_ratio", "temporal", "user_temporal", "leave_one_out", "kfold",
                              "user_cold_start", "user_cold_start_kfold", "item_cold_start", "predefined"]

    /// Keys each method accepts besides `method` and `seed`.
    static func ownKeys(_ method: String) -> [String] {
        switch method {
        case "random_ratio", "user_ratio", "temporal": return ["ratios"]
        case "user_temporal": return ["last_n", "last_fraction", "validation"]
        case "leave_one_out": return ["order", "validation"]
        case "kfold", "user_cold_start_kfold": return ["folds", "fold", "validation_fraction"]
        case "user_cold_start", "item_cold_start": return ["validation_fraction", "test_fraction"]
        default: return []
        }
    }

    static var allKeys: [String] {
        var keys = ["method", "seed"]
        for m in methodNames { for k in ownKeys(m) where !keys.contains(k) { keys.append(k) } }
        return keys
    }

    static let defaultRatios = (0.8, 0.0, 0.2)

    static func read(_ node: JSONNode?, datasetFormat: DatasetFormat, _ r: SpecReader) -> SplitSpec {
        let path = "split"
        let fallback: Method = datasetFormat == .predefined
            ? .predefined : .userRatio(train: defaultRatios.0, validation: defaultRatios.1, test: defaultRatios.2)
        var spec = SplitSpec(method: fallback, seed: 0)
        guard let node, !node.isNull, let obj = r.object(node, at: path) else { return spec }
        spec.seed = r.seed(obj, "seed", at: path) ?? 0
        var name = fallback.name
        if let n = obj["method"], let m = r.string(n, at: JSONPath.child(path, "method")) {
            if methodNames.contains(m) { name = m } else {
                r.fail(.invalidValue, JSONPath.child(path, "method"), "unknown split method \(n.gotDescription)",
                       fix: Suggestions.fix(m, in: methodNames), at: n)
                return spec
            }
        }
        // Keys of other methods are errors that name the method; keys of no method get a suggestion.
        let own = ["method", "seed"] + ownKeys(name)
        for m in obj.members where !own.contains(m.key) {
            let p = JSONPath.child(path, m.key)
            if allKeys.contains(m.key) {
                let owners = methodNames.filter { ownKeys($0).contains(m.key) }
                r.fail(.unknownKey, p, "split method '\(name)' does not take '\(m.key)' (it belongs to "
                       + owners.map { "'\($0)'" }.joined(separator: ", ") + ")",
                       fix: own.count > 2 ? "'\(name)' takes " + ownKeys(name).map { "'\($0)'" }.joined(separator: ", ") : nil,
                       line: m.line, column: m.column)
            } else {
                r.fail(.unknownKey, p, "unknown key in split", fix: Suggestions.fix(m.key, in: allKeys, listing: "allowed keys are"),
                       line: m.line, column: m.column)
            }
        }
        switch name {
        case "random_ratio", "user_ratio", "temporal":
            let (t, v, s) = readRatios(obj, path, r)
            spec.method = name == "random_ratio" ? .randomRatio(train: t, validation: v, test: s)
                : name == "user_ratio" ? .userRatio(train: t, validation: v, test: s) : .temporal(train: t, validation: v, test: s)
        case "user_temporal":
            var lastN = r.int(obj, "last_n", at: path, in: 1...Int.max)
            let lastFraction = r.double(obj, "last_fraction", at: path, in: 0...1)
            if lastFraction == 0 || lastFraction == 1, let n = obj["last_fraction"] {
                r.fail(.invalidValue, JSONPath.child(path, "last_fraction"), "expected a number strictly between 0 and 1, got \(n.gotDescription)", at: n)
            }
            if lastN != nil && lastFraction != nil {
                r.fail(.conflict, JSONPath.child(path, "last_fraction"), "give either 'last_n' or 'last_fraction', not both", at: obj["last_fraction"])
            }
            if lastN == nil && lastFraction == nil && obj["last_n"].map({ $0.isNull }) ?? true
                && obj["last_fraction"].map({ $0.isNull }) ?? true { lastN = 1 }
            spec.method = .userTemporal(lastN: lastN, lastFraction: lastFraction, validation: r.bool(obj, "validation", at: path) ?? true)
        case "leave_one_out":
            spec.method = .leaveOneOut(order: r.choice(obj, "order", at: path, as: LeaveOneOutOrder.self) ?? .latest,
                                       validation: r.bool(obj, "validation", at: path) ?? true)
        case "kfold":
            let (folds, fold, v) = readFolds(obj, path, r)
            spec.method = .kFold(folds: folds, fold: fold, validationFraction: v)
        case "user_cold_start_kfold":
            let (folds, fold, v) = readFolds(obj, path, r)
            spec.method = .userColdStartKFold(folds: folds, fold: fold, validationFraction: v)
        case "user_cold_start", "item_cold_start":
            let v = r.double(obj, "validation_fraction", at: path, in: 0...1) ?? 0.1
            let t = r.double(obj, "test_fraction", at: path, in: 0...1) ?? 0.2
            if t == 0 { r.fail(.invalidValue, JSONPath.child(path, "test_fraction"), "the test fraction must be greater than 0", at: obj["test_fraction"]) }
            if v + t >= 1 {
                r.fail(.invalidValue, JSONPath.child(path, "test_fraction"),
                       "validation_fraction + test_fraction must be below 1, they sum to \(v + t)", fix: "leave some users/items to train on",
                       at: obj["test_fraction"] ?? obj["validation_fraction"])
            }
            spec.method = name == "user_cold_start" ? .userColdStart(validationFraction: v, testFraction: t)
                : .itemColdStart(validationFraction: v, testFraction: t)
        default:
            spec.method = .predefined
        }
        if (name == "predefined") != (datasetFormat == .predefined), let n = obj["method"] ?? Optional(node) {
            r.fail(.conflict, JSONPath.child(path, "method"),
                   name == "predefined" ? "split 'predefined' needs \"dataset\": {\"format\": \"predefined\", …}"
                                        : "the dataset comes split (format 'predefined'); the split method must be 'predefined'",
                   at: n)
        }
        return spec
    }

    /// `folds` (≥ 2, default 5), `fold` (an index in `0..<folds` or `"all"`, default 0) and
    /// `validation_fraction` (in [0, 1), default 0.1) of the k-fold methods.
    private static func readFolds(_ obj: JSONObject, _ path: String, _ r: SpecReader) -> (Int, FoldChoice, Double) {
        let folds = r.int(obj, "folds", at: path, in: 2...Int.max) ?? 5
        var fold = FoldChoice.index(0)
        if let n = obj["fold"], !n.isNull {
            let p = JSONPath.child(path, "fold")
            if case .string(let s) = n.value {
                if s == "all" { fold = .all } else {
                    r.fail(.invalidValue, p, "expected a fold index or \"all\", got \(n.gotDescription)",
                           fix: Suggestions.didYouMean(s, in: ["all"]), at: n)
                }
            } else if let i = r.int(n, at: p, in: 0...(folds - 1)) {
                fold = .index(i)
            }
        }
        let v = r.double(obj, "validation_fraction", at: path, in: 0...1) ?? 0.1
        if v >= 1 { r.fail(.invalidValue, JSONPath.child(path, "validation_fraction"), "expected a number in [0, 1), got \(v)", at: obj["validation_fraction"]) }
        return (folds, fold, v)
    }

    private static func readRatios(_ obj: JSONObject, _ path: String, _ r: SpecReader) -> (Double, Double, Double) {
        let p = JSONPath.child(path, "ratios")
        guard let (items, node) = r.array(obj, "ratios", at: path) else { return defaultRatios }
        guard items.count == 3 else {
            r.fail(.invalidValue, p, "expected 3 numbers [train, validation, test], got \(items.count)",
                   fix: items.count == 2 ? "add a validation ratio, e.g. [0.8, 0.0, 0.2]" : nil, at: node)
            return defaultRatios
        }
        let values = items.enumerated().map { i, n in r.double(n, at: JSONPath.child(p, i), in: 0...1) }
        guard let t = values[0], let v = values[1], let s = values[2] else { return defaultRatios }
        let sum = t + v + s
        if abs(sum - 1) > 1e-9 {
            let shown = (sum * 1e9).rounded() / 1e9
            r.fail(.invalidValue, p, "ratios must sum to 1, they sum to \(shown)", at: node)
        }
        if t == 0 { r.fail(.invalidValue, JSONPath.child(p, 0), "the train ratio must be greater than 0", at: items[0]) }
        if s == 0 { r.fail(.invalidValue, JSONPath.child(p, 2), "the test ratio must be greater than 0", at: items[2]) }
        return (t, v, s)
    }

    var json: JSONValue {
        var o: [String: JSONValue] = ["method": .string(method.name), "seed": .int(Int(seed))]
        switch method {
        case .randomRatio(let t, let v, let s), .userRatio(let t, let v, let s), .temporal(let t, let v, let s):
            o["ratios"] = .array([.double(t), .double(v), .double(s)])
        case .userTemporal(let n, let f, let v):
            o["last_n"] = n.map(JSONValue.int) ?? .null
            o["last_fraction"] = f.map(JSONValue.double) ?? .null
            o["validation"] = .bool(v)
        case .leaveOneOut(let order, let v):
            o["order"] = .string(order.rawValue); o["validation"] = .bool(v)
        case .kFold(let n, let fold, let v), .userColdStartKFold(let n, let fold, let v):
            o["folds"] = .int(n)
            switch fold {
            case .index(let i): o["fold"] = .int(i)
            case .all: o["fold"] = .string("all")
            }
            o["validation_fraction"] = .double(v)
        case .userColdStart(let v, let t), .itemColdStart(let v, let t):
            o["validation_fraction"] = .double(v); o["test_fraction"] = .double(t)
        case .predefined: break
        }
        return .object(o)
    }
}
