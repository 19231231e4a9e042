import Foundation
import RecEval
import RecReport
import RecSpec

extension ReportDocument {
    /// The report data of an analysed run: its tables with every repetition's value, the paired
    /// tests between all models, traces, sweep responses and subgroups, plus the manifest and
    /// resolved spec as written in `folder`.
    init(_ a: RunAnalysis, cacheKeys: [String], folder: String, perUser: any PerUserSource) {
        let spec = a.spec, sel = a.selection
        let text = { (file: String) in (try? String(contentsOfFile: folder + "/" + file, encoding: .utf8)) ?? "" }
        self.init(
            name: spec.name, fingerprint: spec.fingerprint, description: spec.description,
            selectionMetric: spec.selection.metric.description, selectionSplit: EvaluationSplit(spec.selection.split).rawValue,
            bestModel: a.bestModel, referenceModel: a.reference, datasetCacheKeys: cacheKeys,
            evaluationSettings: Self.evaluationText(spec.evaluation),
            splitDescription: Self.splitText(spec.split), models: sel.models,
            tables: [EvaluationSplit.test, .validation].filter(a.splits.contains).map { Self.table(a, split: $0) },
            pairwise: sel.metric.flatMap { AllPairsTests.compute(metric: $0, selection: sel, records: a.records, perUser: perUser) },
            traces: Self.traces(a), sweeps: Self.sweeps(a), subgroups: a.subgroups.map(Self.subgroup),
            failures: a.failed.map(\.failureLine),
            manifest: text("manifest.json"), spec: text("spec.resolved.json"))
    }

    /// `kfold (folds=5, fold=all)`: the method and the parameters it was given.
    static func splitText(_ split: SplitSpec) -> String {
        let values = split.method.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return split.methodName + (values.isEmpty ? "" : " (" + values.joined(separator: ", ") + ")")
    }

    /// `candidates=all; relevance_threshold=none`: what decides the ranked items and the relevant ones.
    static func evaluationText(_ e: EvaluationSpec) -> String {
        let candidates: String
        switch e.candidates {
        case .all: candidates = "all"
        case let .sampled(count, seed): candidates = "sampled \(count) seed \(seed)"
        }
        return "candidates=\(candidates); relevance_threshold=\(e.relevanceThreshold.map { "\($0)" } ?? "none")"
    }

    static func table(_ a: RunAnalysis, split: EvaluationSplit) -> MetricTable {
        let summary = a.summary(split), sel = a.selection
        let rows = summary.rows.map { row -> MetricTable.Row in
            let rs = split == .test ? sel.records(of: row.model, in: a.records) : sel.sweepRecords(of: row.model, in: a.records)
            let given: [SplitSummary.Cell?] = row.cells ?? Array(repeating: nil, count: summary.metrics.count)
            let cells = given.enumerated().map { k, cell -> MetricTable.Cell? in
                guard let cell, let v = cell.values else { return nil }
                let metric = summary.metrics[k]
                let reps = rs.compactMap { r in r.metrics[split]?[metric].map { MetricTable.Repetition(seed: r.seed, fold: r.fold, value: $0) } }
                return MetricTable.Cell(mean: v.mean, std: v.standardDeviation, lower: v.lower, upper: v.upper, n: v.n,
                                        differs: cell.differsFromReference, values: reps)
            }
            return MetricTable.Row(model: row.model, parameters: rs.first?.reportedParameterText ?? "", refit: rs.contains(where: \.isRefit), cells: cells)
        }
        return MetricTable(split: split.rawValue, metrics: summary.metrics.map(\.description),
                           higherIsBetter: summary.metrics.map(\.higherIsBetter), rows: rows)
    }

    /// Every successful trial with a trace, sweep trials then refits, in record order.
    static func traces(_ a: RunAnalysis) -> [TrialTrace] {
        a.records.filter { $0.status == "ok" && !$0.trace.isEmpty }.map { r in
            var names: [String] = []
            for row in r.trace where !names.contains(row.name) { names.append(row.name) }
            let series = names.map { n in
                let rows = r.trace.filter { $0.name == n }
                return TrialTrace.Series(name: n, epochs: rows.map(\.epoch), values: rows.map(\.value))
            }
            return TrialTrace(model: r.model, parameters: r.parameterText, seed: r.seed, fold: r.fold, refit: r.isRefit,
                              selected: a.selection.best[r.model] == r.configIndex, bestEpoch: r.bestEpoch, series: series)
        }
    }

    /// Per model with swept parameters: each configuration's selection score. A parameter is drawn
    /// on a log axis when the sweep draws it log-uniformly, or lists numbers spanning two decades or more.
    static func sweeps(_ a: RunAnalysis) -> [SweepResponse] {
        let sel = a.selection
        return a.spec.models.compactMap { m -> SweepResponse? in
            let configs = a.configurations.filter { $0.model == m.name }
            let firstRecord = Dictionary(a.records.filter { $0.model == m.name && !$0.isRefit }.map { ($0.configIndex, $0) }, uniquingKeysWith: { x, _ in x })
            // The parameters the sweep varies: not fixed, and taking more than one value in the records.
            let swept = m.sweepParameters.filter { p in
                if case .fixed = p.values { return false }
                return Set(firstRecord.values.compactMap { $0.parameters[p.name] }).count > 1
            }
            guard !swept.isEmpty else { return nil }
            let points = configs.map { c in
                SweepResponse.Configuration(index: c.index, values: (firstRecord[c.index]?.parameters ?? [:]).filter { k, _ in swept.contains { $0.name == k } },
                                            score: c.score, selected: c.isSelected)
            }
            let parameters = swept.map { p -> SweepResponse.Parameter in
                let numbers = points.compactMap { $0.values[p.name].flatMap(Double.init) }
                let scale: String
                switch p.values {
                case .logUniform: scale = "log"
                case .uniform: scale = "linear"
                case .fixed, .list, .choice:
                    if numbers.count < points.count { scale = "categorical" }
                    else if let lo = numbers.min(), let hi = numbers.max(), lo > 0, hi / lo >= 100 { scale = "log" }
                    else { scale = "linear" }
                }
                return SweepResponse.Parameter(name: p.name, scale: scale)
            }
            return SweepResponse(model: m.name, metric: sel.metric?.description ?? a.spec.selection.metric.description,
                                 split: EvaluationSplit(a.spec.selection.split).rawValue, parameters: parameters, configurations: points)
        }
    }

    static func subgroup(_ s: SubgroupBreakdown) -> SubgroupFigures {
        var notes: [String] = []
        if s.multiValued { notes.append("a user or item can be in several groups") }
        if let f = s.onlyFold { notes.append("fold \(f) only") }
        return SubgroupFigures(name: s.name, metric: s.metric.description, labels: s.labels,
                             rows: s.rows.map { r in SubgroupFigures.Row(model: r.model, means: r.cells.map { $0?.mean }, users: r.cells.map { $0?.users }) },
                             note: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }
}
