import RecSpec

/// Validation-based model selection: for each model, the configuration with the best mean of the
/// selection metric over seeds (and folds) on the selection split. Lower is better for error metrics
/// (RMSE, MAE), higher for everything else; ties go to the lower configuration index.
public struct ModelSelection: Sendable {
    /// Model name → its best configuration index.
    public let best: [String: Int]
    /// Model names in spec order.
    public let models: [String]
    /// Model name → configuration index → mean selection score (NaN when missing).
    public let scores: [String: [Int: Double]]
    /// The selection metric (`selection.metric`); nil when the spec evaluates no known metric.
    public let metric: MetricKey?

    /// Selects the best configuration per model from `records`.
    public init(spec: ExperimentSpec, records: [TrialRecord]) {
        let metric = MetricKey(spec.selection.metric)
        let split = EvaluationSplit(spec.selection.split)
        let higher = metric?.higherIsBetter ?? true
        var best: [String: Int] = [:], scores: [String: [Int: Double]] = [:]
        for m in spec.models {
            let ok = records.filter { $0.model == m.name && $0.status == "ok" && !$0.isRefit }
            var byConfig: [Int: [Double]] = [:]
            for r in ok { byConfig[r.configIndex, default: []].append(metric.flatMap { r.metrics[split]?[$0] ?? r.metrics[.test]?[$0] } ?? .nan) }
            var s: [Int: Double] = [:]
            for (c, vs) in byConfig {
                let finite = vs.filter { !$0.isNaN }
                s[c] = finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
            }
            scores[m.name] = s
            let ranked = s.keys.sorted().sorted { a, b in
                let x = s[a]!, y = s[b]!
                if x.isNaN { return false }
                if y.isNaN { return true }
                return higher ? x > y : x < y
            }
            if let first = ranked.first { best[m.name] = first }
        }
        self.best = best; self.scores = scores; self.metric = metric; models = spec.models.map(\.name)
    }

    /// The records that report `model` on test: the refit trials of its best configuration when
    /// `selection.refit` produced them, else the best configuration's sweep trials.
    public func records(of model: String, in records: [TrialRecord]) -> [TrialRecord] {
        let all = bestRecords(of: model, in: records)
        let refit = all.filter(\.isRefit)
        return refit.isEmpty ? all : refit
    }

    /// The sweep (not refit) trials of `model`'s best configuration: what validation tables report.
    public func sweepRecords(of model: String, in records: [TrialRecord]) -> [TrialRecord] {
        bestRecords(of: model, in: records).filter { !$0.isRefit }
    }

    private func bestRecords(of model: String, in records: [TrialRecord]) -> [TrialRecord] {
        guard let c = best[model] else { return [] }
        return records.filter { $0.model == model && $0.configIndex == c && $0.status == "ok" }
    }
}
