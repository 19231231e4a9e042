import RecEval

/// Mean ± std over seeds (and folds) of each model's selected configuration on one split: test
/// figures from `ModelSelection.records(of:in:)` (the refit trials when there are any), validation
/// figures from the sweep trials. NaN values (a metric undefined for a trial) are left out.
struct SplitSummary: Sendable {
    /// One model's row.
    struct Row: Sendable {
        /// The model.
        let model: String
        /// One cell per metric of the summary; nil when the model has no successful trial.
        let cells: [Cell]?
    }

    /// One model on one metric.
    struct Cell: Sendable {
        /// Over the finite values (sample std, t interval); nil when there are none.
        let values: SeedSummary?
        /// Significantly different from the reference (test only).
        let differsFromReference: Bool
    }

    /// The split.
    let split: EvaluationSplit
    /// The metrics recorded on this split.
    let metrics: [MetricKey]
    /// One row per model, in spec order.
    let rows: [Row]

    /// The summary of `split` over `metrics`; `pairedTests` (test only) set the † flags.
    init(split: EvaluationSplit, metrics: [MetricKey], selection sel: ModelSelection, records: [TrialRecord],
         pairedTests: [MetricKey: [PairedTest]]) {
        self.split = split
        self.metrics = metrics
        rows = sel.models.map { m in
            let rs = split == .test ? sel.records(of: m, in: records) : sel.sweepRecords(of: m, in: records)
            guard !rs.isEmpty else { return Row(model: m, cells: nil) }
            return Row(model: m, cells: metrics.map { n in
                let vs = rs.compactMap { $0.metrics[split]?[n] }.filter { !$0.isNaN }
                let marked = pairedTests[n]?.contains { $0.model == m && $0.isSignificant } ?? false
                return Cell(values: vs.isEmpty ? nil : SeedSummary(vs), differsFromReference: marked)
            })
        }
    }
}
