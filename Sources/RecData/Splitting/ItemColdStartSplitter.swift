import RecConfig
import RecCore

/// Item cold start: a random `testFraction` of the items (and another `validationFraction`) are held
/// out with all their interactions, so no test or validation item has any training row — the
/// new-item protocol (Schein et al., "Methods and metrics for cold-start recommendations", SIGIR 2002).
///
/// Of the `E` items that have at least one interaction, `round(E · testFraction)` go to test and
/// `round(E · validationFraction)` to validation (rounded half up; at least one item still trains when
/// `E ≥ 2`), drawn by a partial Fisher–Yates shuffle of the items under `seed`. Models need side
/// information (item attributes or a knowledge graph) to score held-out items.
///
/// ```swift
/// let split = try ItemColdStartSplitter(validationFraction: 0.1, testFraction: 0.2).split(dataset, seed: 3)
/// ```
public struct ItemColdStartSplitter: ColdStartSplitMethod {
    public static let methodName = "item_cold_start"
    public static let summary = "Whole items held out for test (and validation)."

    @Param(in: 0..<1, doc: "share of the items held out whole for validation")
    public var validationFraction = 0.1
    @Param(in: Bounds(lower: 0, upper: 1, includesLower: false, includesUpper: false),
           doc: "share of the items held out whole for test; `validation_fraction + test_fraction` < 1")
    public var testFraction = 0.2

    /// 20 % of the items test, 10 % validate.
    public init() {}

    /// Whole items are held out.
    public static func keys(_ dataset: Dataset) -> (keys: [Int32], count: Int) {
        (dataset.interactions.items, dataset.itemCount)
    }
}
