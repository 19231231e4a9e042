import RecConfig
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
public struct UserColdStartSplitter: ColdStartSplitMethod {
    public static let methodName = "user_cold_start"
    public static let summary = "Whole users held out for test (and validation)."

    @Param(in: 0..<1, doc: "share of the users held out whole for validation")
    public var validationFraction = 0.1
    @Param(in: Bounds(lower: 0, upper: 1, includesLower: false, includesUpper: false),
           doc: "share of the users held out whole for test; `validation_fraction + test_fraction` < 1")
    public var testFraction = 0.2

    /// 20 % of the users test, 10 % validate.
    public init() {}

    /// Whole users are held out.
    public static func keys(_ dataset: Dataset) -> (keys: [Int32], count: Int) {
        (dataset.interactions.users, dataset.userCount)
    }
}
