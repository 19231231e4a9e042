import RecConfig

/// A way to split interactions into train / validation / test, as the spec's `split` section names
/// it: a `Splitter` whose options are declared once, as `@Param` properties of the splitter itself.
/// From those declarations come the spec reader (defaults, kinds, bounds, unknown keys with
/// suggestions), the resolved spec, the cache key's option text and docs/spec.md; the cross-field
/// rules (ratios summing to 1) live once, in `violations()`, and `split` re-checks a splitter built
/// in code through `requireValid()`.
///
/// Adding a split is its file (a type conforming to `SplitMethod`) plus one line in `SplitMethods.all`.
///
/// ```swift
/// let kfold = try KFoldSplitter.decode(["folds": .int(5), "fold": .int(2)])
/// let split = try kfold.split(dataset, seed: 0)
/// ```
public protocol SplitMethod: Splitter, Configuration {
    /// The method's name in specs (`kfold`).
    static var methodName: String { get }
    /// One line for docs/spec.md.
    static var summary: String { get }
    /// Why the split has no validation part (`"validation" is false`), or nil when it has one.
    /// Selection on validation data and early stopping need one.
    var missingValidation: String? { get }
}

/// A split cut into folds, one of which tests: the spec's `"fold": "all"` runs every trial once per
/// fold, each on the splitter narrowed to that fold.
public protocol FoldedSplitMethod: SplitMethod {
    /// Number of folds.
    var folds: Int { get }
    /// The test fold, or every fold.
    var fold: FoldChoice { get set }
}

/// Every split method a spec can name. Adding a split is its file plus one line here; the spec
/// reader, `reclab plan`, docs/spec.md and the tests all read this list.
public enum SplitMethods {
    /// The methods, in the order docs/spec.md lists them.
    nonisolated(unsafe) public static let all: [any SplitMethod.Type] = [
        RandomRatioSplitter.self, UserRatioSplitter.self, TemporalSplitter.self, UserTemporalSplitter.self,
        LeaveOneOutSplitter.self, KFoldSplitter.self, UserColdStartSplitter.self, UserColdStartKFoldSplitter.self,
        ItemColdStartSplitter.self, PredefinedSplit.self,
    ]

    /// The method named `name` in specs.
    public static func named(_ name: String) -> (any SplitMethod.Type)? { all.first { $0.methodName == name } }
}

/// A single fold (0-based) or every fold of a k-fold split.
public enum FoldChoice: Sendable, Hashable, ParameterValue {
    case index(Int)
    case all

    public static var kind: ParameterKind { .oneOf([.int, .choice(["all"])]) }
    public var parameterValue: ParamValue {
        switch self {
        case .index(let i): return .int(i)
        case .all: return .string("all")
        }
    }
    public init?(parameterValue v: ParamValue) {
        if v == .string("all") { self = .all } else if let i = Int(parameterValue: v) { self = .index(i) } else { return nil }
    }
}

extension SplitMethod {
    public var missingValidation: String? { nil }

    /// Throws `DataError.invalidOption` naming the first impossible option by its spec key
    /// (`kfold.fold`) when this splitter's values break their bounds or rules.
    public func requireValid() throws {
        guard let problem = problems.first else { return }
        let key = problem.parameter + (problem.element.map { "[\($0)]" } ?? "")
        throw DataError.invalidOption(name: "\(Self.methodName).\(key)",
                                      detail: problem.message + (problem.fix.map { " (\($0))" } ?? ""))
    }
}

extension FoldedSplitMethod {
    /// The test fold as an index; `"all"` must be narrowed to one fold before splitting.
    func testFold() throws -> Int {
        guard case .index(let f) = fold else {
            throw DataError.invalidOption(name: "\(Self.methodName).fold",
                                          detail: "\"all\" stands for one split per fold; split each fold on its own")
        }
        return f
    }
}

/// The cross-field rules that several methods share, written once.
enum SplitRules {
    /// Tolerance on the sum of (train, validation, test) ratios.
    static let ratioTolerance = 1e-6

    /// Share `i` of `ratios`, or 0 when the list is too short.
    static func share(_ r: [Double], _ i: Int) -> Double { i < r.count ? r[i] : 0 }

    /// `ratios`: three shares summing to 1 (± `ratioTolerance`), train and test above 0.
    static func ratios(_ r: [Double]) -> [ConfigurationViolation] {
        guard r.count == 3 else {
            return [ConfigurationViolation("ratios", "expected 3 numbers [train, validation, test], got \(r.count)",
                                           fix: r.count == 2 ? "add a validation ratio, e.g. [0.8, 0.0, 0.2]" : nil)]
        }
        var out: [ConfigurationViolation] = []
        let sum = r[0] + r[1] + r[2]
        if abs(sum - 1) > ratioTolerance {
            out.append(ConfigurationViolation("ratios", "ratios must sum to 1, they sum to \((sum * 1e9).rounded() / 1e9)"))
        }
        if r[0] == 0 { out.append(ConfigurationViolation("ratios", element: 0, "the train ratio must be greater than 0")) }
        if r[2] == 0 { out.append(ConfigurationViolation("ratios", element: 2, "the test ratio must be greater than 0")) }
        return out
    }

    /// A fold as the cache key writes it (`all` before narrowing to one fold).
    static func text(_ fold: FoldChoice) -> String {
        if case .index(let f) = fold { return String(f) }
        return "all"
    }

    /// `fold`: an index below `folds`, or `"all"`.
    static func fold(_ fold: FoldChoice, folds: Int) -> [ConfigurationViolation] {
        guard case .index(let f) = fold, f >= folds else { return [] }
        return [ConfigurationViolation("fold", "expected an integer\(Bounds(0...Double(folds - 1)).phrase), got \(f)")]
    }

    /// Held-out shares of whole users or items: `validation_fraction + test_fraction` below 1.
    static func heldOut(validation: Double, test: Double) -> [ConfigurationViolation] {
        guard validation + test >= 1 else { return [] }
        return [ConfigurationViolation("test_fraction", "validation_fraction + test_fraction must be below 1, they sum to \(validation + test)",
                                       fix: "leave some users/items to train on")]
    }
}
