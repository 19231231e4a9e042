import RecConfig
import RecData

/// The `split` section: how interactions become train / validation / test. The method is one of
/// RecData's `SplitMethods.all`, read straight from its declared parameters; a k-fold method
/// (`kfold` over interactions, `user_cold_start_kfold` over users) may ask for every fold
/// (`"fold": "all"`), which `ExperimentSpec.trials()` expands into one set of trials per fold.
///
/// ```json
/// "split": {"method": "kfold", "folds": 5, "fold": "all", "seed": 0}
/// "split": {"method": "user_cold_start_kfold", "folds": 5, "fold": "all", "validation_fraction": 0.1, "seed": 0}
/// ```
public struct SplitSpec: Sendable, Equatable {
    /// The method with its parameters (a splitter, ready to split once narrowed to one fold).
    public var method: any SplitMethod
    /// Seed of the split's random choices (all methods accept it; deterministic ones ignore it).
    public var seed: UInt64

    /// A split section.
    public init(method: any SplitMethod, seed: UInt64) { self.method = method; self.seed = seed }

    /// The method's name in specs (`kfold`).
    public var methodName: String { type(of: method).methodName }

    public static func == (a: SplitSpec, b: SplitSpec) -> Bool {
        a.methodName == b.methodName && a.method.values == b.method.values && a.seed == b.seed
    }

    /// The fold indices trials run on: nil for non-k-fold methods, `[fold]` or `0..<folds`.
    public var folds: [Int]? {
        guard let folded = method as? any FoldedSplitMethod else { return nil }
        switch folded.fold {
        case .index(let i): return [i]
        case .all: return Array(0..<folded.folds)
        }
    }

    /// The method with `"fold": "all"` narrowed to one fold (unchanged for other methods or a nil fold).
    public func method(forFold fold: Int?) -> any SplitMethod {
        guard let fold, var folded = method as? any FoldedSplitMethod else { return method }
        folded.fold = .index(fold)
        return folded
    }

    /// Whether the split produces a validation set (needed by selection and early stopping), and if
    /// not, why (used in error messages).
    func validationAvailability(predefined: PredefinedFiles?) -> (Bool, String) {
        if method is PredefinedSplit { return (predefined?.validation != nil, "dataset.predefined has no validation file") }
        let why = method.missingValidation
        return (why == nil, why ?? "")
    }
}

// MARK: - Reading

extension SplitSpec {
    /// Keys every method accepts.
    static let commonKeys = ["method", "seed"]

    /// Every key some method accepts, `method` and `seed` first.
    static var allKeys: [String] {
        var keys = commonKeys
        for m in SplitMethods.all { for k in self.keys(of: m) where !keys.contains(k) { keys.append(k) } }
        return keys
    }

    static func read(_ node: JSONNode?, datasetFormat: DatasetFormat, _ r: SpecReader) -> SplitSpec {
        let path = "split"
        var method: any SplitMethod.Type = datasetFormat == .predefined ? PredefinedSplit.self : UserRatioSplitter.self
        var spec = SplitSpec(method: datasetFormat == .predefined ? PredefinedSplit() : UserRatioSplitter(), seed: 0)
        guard let node, !node.isNull, let obj = r.object(node, at: path) else { return spec }
        spec.seed = r.seed(obj, "seed", at: path) ?? 0
        if let n = obj["method"], let m = r.string(n, at: JSONPath.child(path, "method")) {
            let names = SplitMethods.all.map { $0.methodName }
            guard let named = SplitMethods.named(m) else {
                r.fail(.invalidValue, JSONPath.child(path, "method"), "unknown split method \(n.gotDescription)",
                       fix: Suggestions.fix(m, in: names), at: n)
                return spec
            }
            method = named
        }
        // Keys of other methods are errors that name the method; keys of no method get a suggestion.
        let ownKeys = keys(of: method)
        for m in obj.members where !(commonKeys + ownKeys).contains(m.key) {
            let p = JSONPath.child(path, m.key)
            let owners = SplitMethods.all.filter { keys(of: $0).contains(m.key) }.map { $0.methodName }
            if owners.isEmpty {
                r.fail(.unknownKey, p, "unknown key in split", fix: Suggestions.fix(m.key, in: allKeys, listing: "allowed keys are"),
                       line: m.line, column: m.column)
            } else {
                r.fail(.unknownKey, p, "split method '\(method.methodName)' does not take '\(m.key)' (it belongs to "
                       + owners.map { "'\($0)'" }.joined(separator: ", ") + ")",
                       fix: ownKeys.isEmpty ? nil : "'\(method.methodName)' takes " + ownKeys.map { "'\($0)'" }.joined(separator: ", "),
                       line: m.line, column: m.column)
            }
        }
        spec.method = readMethod(method, obj, at: path, r)
        let predefined = method.methodName == PredefinedSplit.methodName
        if predefined != (datasetFormat == .predefined), let n = obj["method"] ?? Optional(node) {
            r.fail(.conflict, JSONPath.child(path, "method"),
                   predefined ? "split 'predefined' needs \"dataset\": {\"format\": \"predefined\", …}"
                                                : "the dataset comes split (format 'predefined'); the split method must be 'predefined'",
                   at: n)
        }
        return spec
    }

    /// The spec keys of a method's parameters, in declaration order.
    static func keys(of method: any SplitMethod.Type) -> [String] { method.parameters.map(\.name) }

    /// The method's parameters read from `obj` (its own keys only: `read` reported the others).
    private static func readMethod<M: SplitMethod>(_ type: M.Type, _ obj: JSONObject, at path: String, _ r: SpecReader) -> any SplitMethod {
        r.configuration(M.self, obj, at: path, section: "split", otherKeys: nil)
    }

    var json: JSONValue {
        var o: [String: JSONValue] = ["method": .string(methodName), "seed": .int(Int(seed))]
        for (key, value) in method.values { o[key] = value.json }
        return .object(o)
    }
}
