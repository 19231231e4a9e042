import RecCore

/// Applies `PreprocessingOptions` to a loaded dataset, in this order:
///
/// 1. **Duplicates** (`DuplicatePolicy`): repeated (user, item) pairs are resolved — `keep_last` keeps
///    the latest row (largest timestamp; ties and data without timestamps by file order), `mean` keeps
///    that same row with the mean of the group's ratings (so the latest timestamp), `error` throws a
///    `DataError` naming the pair and its count, `keep_all` leaves them. On data without ratings `mean`
///    behaves like `keep_last`.
/// 2. **Implicit threshold**: rows with rating ≥ t become implicit positives (`ratings = nil`); the
///    rest are dropped (as in RecBole's `threshold` option). Data without ratings is an error.
/// 3. **Minimum counts**, one pass: user and item counts are taken once, on the rows left by step 2,
///    and every row whose user has fewer than `minUserInteractions` or whose item has fewer than
///    `minItemInteractions` is dropped. Later removals may leave some users or items below the minimum.
/// 4. **Iterative k-core** (Batagelj & Zaveršnik, "An O(m) algorithm for cores decomposition of
///    networks", 2003, on the bipartite user–item graph): drop rows of users with fewer than `userCore`
///    or items with fewer than `itemCore` rows, recount, repeat until nothing changes; afterwards every
///    remaining user and item meets its core.
///
/// Users and items that had interactions and lost them all are then removed and the rest re-indexed
/// densely with `Dataset.restricted(keepUsers:keepItems:)` (attributes and the knowledge graph follow);
/// users or items that had no interactions to begin with are kept unless a minimum count or core for
/// them is set. Surviving rows keep their relative order. If a step removes every interaction, the
/// result is `DataError.emptyResult` naming that step and its option values.
///
/// ```swift
/// let options = PreprocessingOptions(implicitThreshold: 4, userCore: 5, itemCore: 5)
/// let (data, report) = try Preprocessor.applyWithReport(options, to: raw)
/// ```
public enum Preprocessor {
    /// The preprocessed dataset.
    public static func apply(_ options: PreprocessingOptions, to dataset: Dataset) throws -> Dataset {
        try applyWithReport(options, to: dataset).dataset
    }

    /// The preprocessed dataset with a report of what each step removed.
    public static func applyWithReport(_ options: PreprocessingOptions, to dataset: Dataset) throws
        -> (dataset: Dataset, report: PreprocessingReport) {
        try check(options)
        let table = dataset.interactions
        let n = table.count
        var report = PreprocessingReport(datasetName: dataset.name, inputInteractions: n,
                                         inputUsers: dataset.userCount, inputItems: dataset.itemCount)
        if n == 0 { throw DataError.emptyResult(detail: "dataset '\(dataset.name)' has no interactions to preprocess") }
        if n >= Int(Int32.max) {
            throw DataError.invalidOption(name: "preprocessing", detail: "\(n) interactions exceed 2^31 − 1 rows")
        }
        var state = State(table: table, userCount: dataset.userCount, itemCount: dataset.itemCount)
        let initialUserCounts = state.userCounts()
        let initialItemCounts = state.itemCounts()

        // 1. Duplicates.
        report.duplicatesRemoved = try resolveDuplicates(&state, policy: options.duplicates, dataset: dataset)

        // 2. Implicit threshold.
        if let t = options.implicitThreshold {
            guard let ratings = state.ratings else {
                throw DataError.invalidOption(name: "implicit_threshold",
                                              detail: "dataset '\(dataset.name)' has no ratings to threshold")
            }
            let before = state.alive
            for k in 0..<n where state.removed[k] == 0 && !(ratings[k] >= t) { state.removed[k] = 1; state.alive -= 1 }
            report.belowThresholdRemoved = before - state.alive
            if state.alive == 0 {
                throw DataError.emptyResult(detail: "preprocessing '\(dataset.name)': implicit_threshold = \(t) removed "
                    + "every interaction (no rating is ≥ \(t))")
            }
        }

        // 3. One-pass minimum counts.
        if options.minUserInteractions > 0 || options.minItemInteractions > 0 {
            report.minimumCountRemoved = state.removeBelow(user: options.minUserInteractions,
                                                           item: options.minItemInteractions)
            if state.alive == 0 {
                throw DataError.emptyResult(detail: "preprocessing '\(dataset.name)': min_user_interactions = "
                    + "\(options.minUserInteractions), min_item_interactions = \(options.minItemInteractions) removed "
                    + "every interaction")
            }
        }

        // 4. Iterative k-core.
        if options.userCore > 0 || options.itemCore > 0 {
            while true {
                let removed = state.removeBelow(user: options.userCore, item: options.itemCore)
                if removed == 0 { break }
                report.kCoreRemoved += removed
                report.kCoreRounds += 1
                if state.alive == 0 {
                    throw DataError.emptyResult(detail: "preprocessing '\(dataset.name)': k-core with user_core = "
                        + "\(options.userCore), item_core = \(options.itemCore) removed every interaction after "
                        + "\(report.kCoreRounds) rounds")
                }
            }
        }

        // Rebuild the table and drop users / items left without interactions.
        var out = dataset
        out.interactions = state.survivingTable(implicit: options.implicitThreshold != nil)
        let finalUsers = state.userCounts(), finalItems = state.itemCounts()
        let userFiltered = options.minUserInteractions > 0 || options.userCore > 0
        let itemFiltered = options.minItemInteractions > 0 || options.itemCore > 0
        let keepUsers = (0..<dataset.userCount).map { u in
            finalUsers[u] > 0 || (initialUserCounts[u] == 0 && !userFiltered)
        }
        let keepItems = (0..<dataset.itemCount).map { i in
            finalItems[i] > 0 || (initialItemCounts[i] == 0 && !itemFiltered)
        }
        if keepUsers.contains(false) || keepItems.contains(false) {
            out = out.restricted(keepUsers: keepUsers, keepItems: keepItems)
        }
        report.outputInteractions = out.interactions.count
        report.outputUsers = out.userCount
        report.outputItems = out.itemCount
        return (out, report)
    }

    /// Rejects negative counts and a non-finite threshold (the declared bounds of the options).
    static func check(_ o: PreprocessingOptions) throws {
        guard let problem = o.problems.first else { return }
        throw DataError.invalidOption(name: problem.parameter, detail: problem.message)
    }
}
