import RecEval
import RecSpec

/// The analysis step of a run: from the trial records (and the per-user values the trials stored)
/// to every number the reports show — the selected configurations, mean ± std per model and split,
/// paired tests against the reference model with Holm's correction over the models, and subgroup
/// breakdowns — with no formatting and nothing written. The writers in `Output/` render it.
///
/// The reference model is `selection.reference` when the spec names one (and it has results), else
/// the best model on test by the selection metric. Significance: paired t-test over users
/// (`PairedTest`), Holm–Bonferroni over the models compared on a metric, p < 0.05; the selection
/// metric also gets a Wilcoxon signed-rank test (`SelectionTests`).
///
/// ```swift
/// let analysis = RunAnalysis(spec: spec, records: records, requests: requests,
///                            perUser: StoredPerUserSource(store: store), folds: sweepContexts)
/// analysis.reference                      // "biased_mf"
/// analysis.summary(.test).rows[0].cells   // mean ± std of every test metric, † flags
/// ```
struct RunAnalysis {
    /// The experiment.
    let spec: ExperimentSpec
    /// Every record of the run: sweep trials in plan order, then refit trials.
    let records: [TrialRecord]
    /// The selected configuration per model.
    let selection: ModelSelection
    /// Metrics in request order (as recorded), then anything else recorded, by name.
    let metrics: [MetricKey]
    /// Splits with at least one recorded value, validation first.
    let splits: [EvaluationSplit]
    /// The best model on test by the selection metric.
    let bestModel: String?
    /// The model the paired tests compare every other one with.
    let reference: String?
    /// Mean ± std per model and metric, for each split (present or not).
    let summaries: [EvaluationSplit: SplitSummary]
    /// Paired t-tests against the reference on every test metric, Holm over the models.
    let pairedTests: [MetricKey: [PairedTest]]
    /// t-test and Wilcoxon test against the reference on the selection metric.
    let selectionTests: SelectionTests?
    /// Subgroup breakdowns of the ranking metric, in spec order.
    let subgroups: [SubgroupBreakdown]
    /// Every configuration of every model with its selection score.
    let configurations: [ConfigurationScore]

    /// Runs the analysis. `folds` are the sweep's fold contexts (subgroups read the first fold's
    /// training counts, attributes and test evaluator); `perUser` reads what the trials stored.
    init(spec: ExperimentSpec, records: [TrialRecord], requests: [MetricRequest], perUser: any PerUserSource,
         folds: [FoldContext]) {
        self.spec = spec
        self.records = records
        let selection = ModelSelection(spec: spec, records: records)
        self.selection = selection
        let requested = requests.flatMap(\.keys)
        let recorded = Set(records.flatMap { $0.metrics.values.flatMap(\.keys) })
        let metrics = requested.filter { recorded.contains($0) } + recorded.subtracting(requested).sorted { $0.description < $1.description }
        self.metrics = metrics
        splits = EvaluationSplit.allCases.filter { s in records.contains { $0.metrics[s] != nil } }
        let best = Self.bestModel(selection, records: records)
        bestModel = best
        let reference = spec.selection.reference.flatMap { selection.models.contains($0) ? $0 : nil } ?? best
        self.reference = reference

        var tests: [MetricKey: [PairedTest]] = [:]
        if let reference {
            for n in Self.present(metrics, on: .test, in: records) {
                tests[n] = PairedTest.againstReference(reference, metric: n, selection: selection, records: records, perUser: perUser)
            }
        }
        pairedTests = tests
        summaries = Dictionary(uniqueKeysWithValues: EvaluationSplit.allCases.map { split in
            (split, SplitSummary(split: split, metrics: Self.present(metrics, on: split, in: records),
                                 selection: selection, records: records, pairedTests: split == .test ? tests : [:]))
        })
        selectionTests = reference.flatMap { r in selection.metric.flatMap { m in
            SelectionTests(metric: m, reference: r, selection: selection, records: records, perUser: perUser)
        } }
        subgroups = SubgroupBreakdown.all(spec: spec, metric: Self.subgroupMetric(selection.metric, metrics: metrics),
                                          selection: selection, records: records, perUser: perUser, folds: folds)
        configurations = ConfigurationScore.all(selection: selection, records: records)
    }

    /// The summary of `split` (a split without records has no metrics, and rows for every model).
    func summary(_ split: EvaluationSplit) -> SplitSummary { summaries[split]! }

    /// Whether the spec names the compared model (the tables then say "reference", else "best").
    var namesReference: Bool { spec.selection.reference != nil }
    /// Whether any test figure comes from a refit trial.
    var hasRefit: Bool { records.contains(where: \.isRefit) }
    /// Trials that failed, in record order.
    var failed: [TrialRecord] { records.filter { $0.status != "ok" } }
    /// Seeds × folds > 1: the tables can show confidence intervals over them.
    var hasRepetitions: Bool { spec.seeds.count > 1 || (spec.split.folds?.count ?? 1) > 1 }

    /// The metrics of `metrics` that some record has on `split`.
    static func present(_ metrics: [MetricKey], on split: EvaluationSplit, in records: [TrialRecord]) -> [MetricKey] {
        metrics.filter { n in records.contains { $0.metrics[split]?[n] != nil } }
    }

    /// The best model on test by the selection metric (mean over its reported records).
    static func bestModel(_ sel: ModelSelection, records: [TrialRecord]) -> String? {
        guard let metric = sel.metric else { return nil }
        let scored: [(String, Double)] = sel.models.compactMap { m in
            let vs = sel.records(of: m, in: records).compactMap { $0.metrics[.test]?[metric] }
            return vs.isEmpty ? nil : (m, vs.reduce(0, +) / Double(vs.count))
        }
        return scored.sorted { metric.higherIsBetter ? $0.1 > $1.1 : $0.1 < $1.1 }.first?.0
    }

    /// The metric subgroups break down: the selection metric when it ranks (higher is better, not
    /// AUC), else the first metric with a cutoff.
    static func subgroupMetric(_ selected: MetricKey?, metrics: [MetricKey]) -> MetricKey? {
        guard let selected else { return nil }
        if !selected.higherIsBetter || selected.kind == .auc { return metrics.first { $0.cutoff != nil } }
        return selected
    }
}
