import RecConfig

/// A split that holds out whole users or whole items (`user_cold_start`, `item_cold_start`): the
/// shares' rule, the missing-validation text, the cache key text and the split itself live here
/// once; each method declares its own fractions and names which side it holds out.
public protocol ColdStartSplitMethod: SplitMethod {
    /// Share of the entities held out whole for validation.
    var validationFraction: Double { get set }
    /// Share of the entities held out whole for test.
    var testFraction: Double { get set }
    /// The held-out side of each interaction (`table.users` or `table.items`) and how many there are.
    static func keys(_ dataset: Dataset) -> (keys: [Int32], count: Int)
}

extension ColdStartSplitMethod {
    /// A splitter with the given shares (checked when splitting).
    public init(validationFraction: Double, testFraction: Double) {
        self.init()
        self.validationFraction = validationFraction; self.testFraction = testFraction
    }

    public func violations() -> [ConfigurationViolation] { SplitRules.heldOut(validation: validationFraction, test: testFraction) }
    public var missingValidation: String? { validationFraction > 0 ? nil : "\"validation_fraction\" is 0" }

    /// `<method>(validationFraction=…,testFraction=…)`, the text the dataset cache key is made from.
    public var cacheDescription: String {
        "\(Self.methodName)(validationFraction=\(SplitSupport.text(validationFraction)),"
            + "testFraction=\(SplitSupport.text(testFraction)))"
    }

    /// Holds out whole entities of the method's side.
    public func split(_ dataset: Dataset, seed: UInt64) throws -> DataSplit {
        try requireValid()
        let table = dataset.interactions
        try SplitSupport.checkSize(table, datasetName: dataset.name)
        let side = Self.keys(dataset)
        let assignment = SplitSupport.coldStartAssignment(
            keys: side.keys, keyCount: side.count, validationFraction: validationFraction,
            testFraction: testFraction, seed: seed)
        return SplitSupport.materialize(table, assignment: assignment)
    }
}
