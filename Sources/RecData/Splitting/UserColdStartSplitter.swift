import RecCore

/// User cold start: a random `testFraction` of the users (and another `validationFraction`) are held
/// out with all their interactions, so no test or validation user has any training row — the
/// new-user protocol (Schein et al., "Methods and metrics for cold-start recommendations", SIGIR 2002).
///
/// Of the `E` users that have at least one interaction, `round(E · testFraction)` go to test and
/// `round(E · validationFraction)` to validation (rounded half up; at least one user still trains when
/// `E ≥ 2`), drawn by a partial Fisher–Yates shuffle of the users under `seed`. Models need side
/// information (user attributes) to score held-out users.
///
/// ```swift
/// let split = try UserColdStartSplitter(validationFraction: 0.1, testFraction: 0.2).split(dataset, seed: 3)
/// ```
public struct UserColdStartSplitter: Splitter {
    /// Fraction of users held out for validation, in [0, 1).
    public var validationFraction: Double
    /// Fraction of users held out for testing, in [0, 1).
    public var testFraction: Double

    /// A user cold-start splitter (options checked when splitting).
    public init(validationFraction: Double, testFraction: Double) {
        self.validationFraction = validationFraction; self.testFraction = testFraction
    }

    /// The `SplitMethod` this splitter implements.
    public var method: SplitMethod { .userColdStart(validationFraction: validationFraction, testFraction: testFraction) }

    /// `user_cold_start(validationFraction=…,testFraction=…)`.
    public var cacheDescription: String {
        "user_cold_start(validationFraction=\(SplitSupport.text(validationFraction)),"
            + "testFraction=\(SplitSupport.text(testFraction)))"
    }

    /// Holds out whole users.
    public func split(_ dataset: Dataset, seed: UInt64) throws -> DataSplit {
        try method.validate()
        let table = dataset.interactions
        try SplitSupport.checkSize(table, datasetName: dataset.name)
        let assignment = SplitSupport.coldStartAssignment(
            keys: table.users, keyCount: dataset.userCount, validationFraction: validationFraction,
            testFraction: testFraction, seed: seed)
        return SplitSupport.materialize(table, assignment: assignment)
    }
}
