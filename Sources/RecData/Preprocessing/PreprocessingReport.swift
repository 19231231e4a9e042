/// What each preprocessing step removed, for logs and run manifests.
///
/// ```swift
/// let (data, report) = try Preprocessor.applyWithReport(options, to: raw)
/// print(report)   // preprocessing ml-100k: 100000 → 99287 interactions (duplicates −0, …)
/// ```
public struct PreprocessingReport: Sendable, Equatable, CustomStringConvertible {
    /// Dataset name.
    public var datasetName: String
    /// Interactions before preprocessing.
    public var inputInteractions: Int
    /// Rows removed by the duplicate policy (merged or dropped repeats of a (user, item) pair).
    public var duplicatesRemoved: Int
    /// Rows removed because their rating was below the implicit threshold.
    public var belowThresholdRemoved: Int
    /// Rows removed by the one-pass minimum user / item counts.
    public var minimumCountRemoved: Int
    /// Rows removed by the iterative k-core filter.
    public var kCoreRemoved: Int
    /// Number of k-core rounds that removed at least one row.
    public var kCoreRounds: Int
    /// Interactions after preprocessing.
    public var outputInteractions: Int
    /// Users before and after (users left without interactions are removed).
    public var inputUsers: Int, outputUsers: Int
    /// Items before and after (items left without interactions are removed).
    public var inputItems: Int, outputItems: Int

    /// A report with every count zero for a dataset of the given size.
    public init(datasetName: String, inputInteractions: Int, inputUsers: Int, inputItems: Int) {
        self.datasetName = datasetName
        self.inputInteractions = inputInteractions; self.outputInteractions = inputInteractions
        self.duplicatesRemoved = 0; self.belowThresholdRemoved = 0; self.minimumCountRemoved = 0
        self.kCoreRemoved = 0; self.kCoreRounds = 0
        self.inputUsers = inputUsers; self.outputUsers = inputUsers
        self.inputItems = inputItems; self.outputItems = inputItems
    }

    /// One line: totals, then rows removed per step.
    public var description: String {
        "preprocessing \(datasetName): \(inputInteractions) → \(outputInteractions) interactions "
            + "(duplicates −\(duplicatesRemoved), implicit threshold −\(belowThresholdRemoved), "
            + "minimum counts −\(minimumCountRemoved), k-core −\(kCoreRemoved) in \(kCoreRounds) rounds); "
            + "users \(inputUsers) → \(outputUsers), items \(inputItems) → \(outputItems)"
    }
}
