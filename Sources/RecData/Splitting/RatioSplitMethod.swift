import RecConfig

/// A split by `[train, validation, test]` shares (`random_ratio`, `user_ratio`, `temporal`): what the
/// three share — reading the shares, their rule, the missing-validation message and the cache key
/// text — lives here once; each method declares its own `ratios` (its doc says what is shared out).
public protocol RatioSplitMethod: SplitMethod {
    /// `[train, validation, test]`, summing to 1.
    var ratios: [Double] { get set }
}

extension RatioSplitMethod {
    /// A splitter with the given shares (checked when splitting).
    public init(train: Double, validation: Double, test: Double) {
        self.init()
        ratios = [train, validation, test]
    }

    /// The shares `ratios[0]`, `[1]` and `[2]` (0 when missing: `violations()` reports it).
    public var train: Double { SplitRules.share(ratios, 0) }
    public var validation: Double { SplitRules.share(ratios, 1) }
    public var test: Double { SplitRules.share(ratios, 2) }

    public func violations() -> [ConfigurationViolation] { SplitRules.ratios(ratios) }
    public var missingValidation: String? { validation > 0 ? nil : "its validation ratio (ratios[1]) is 0" }

    /// `<method>(train=…,validation=…,test=…)`, the text the dataset cache key is made from.
    public var cacheDescription: String {
        "\(Self.methodName)(train=\(SplitSupport.text(train)),validation=\(SplitSupport.text(validation)),"
            + "test=\(SplitSupport.text(test)))"
    }
}
