import Foundation
import RecEval

/// `reclab compare`: reads each run's `summary.json` and per-trial files and prints every model's
/// test metrics side by side, the difference from the same model (or the first model) of the first
/// run, and a paired t-test / Wilcoxon test over users for the chosen metric when the runs share
/// users (same dataset and split).
public struct RunComparison {
    struct Run {
        let folder: String
        let name: String
        let selectionMetric: String
        let models: [(name: String, parameters: String, trials: [String], metrics: [String: Double])]
    }

    let runs: [Run]
    let metric: String?

    /// Loads the runs in `folders`.
    public init(runs folders: [String], metric: String?) throws {
        self.metric = metric
        runs = try folders.map { folder in
            let doc: SummaryDocument
            do { doc = try SummaryDocument.read(folder: folder) } catch {
                throw CompareError("\(folder)/summary.json: missing or unreadable (is \(folder) a finished run folder?): \(error)")
            }
            let models = doc.models.map { m in
                (name: m.model, parameters: m.parameters, trials: m.trials,
                 metrics: Dictionary(uniqueKeysWithValues: (m.metrics[.test] ?? [:]).map { ($0.key.description, $0.value) }))
            }
            return Run(folder: folder, name: doc.name, selectionMetric: doc.selectionMetric, models: models)
        }
    }

    /// The comparison as text tables.
    public func render() -> String {
        let metrics = Array(Set(runs.flatMap { $0.models.flatMap { $0.metrics.keys } })).sorted()
        var rows: [[String]] = []
        let base = runs[0]
        for (k, run) in runs.enumerated() {
            for m in run.models {
                var row = ["\(k + 1):\(run.name)", m.name]
                let ref = base.models.first { $0.name == m.name } ?? base.models.first
                for name in metrics {
                    guard let v = m.metrics[name] else { row.append("–"); continue }
                    var cell = String(format: "%.4f", v)
                    if k > 0, let r = ref?.metrics[name] { cell += String(format: " (%+.4f)", v - r) }
                    row.append(cell)
                }
                rows.append(row)
            }
        }
        var out = ResultTable(title: "comparison", header: ["run", "model"] + metrics, rows: rows).markdown()
        let test = metric ?? base.selectionMetric
        var sig: [[String]] = []
        if let ref = base.models.first, let a = values(run: base, model: ref, metric: test) {
            for (k, run) in runs.enumerated() {
                for m in run.models where !(k == 0 && m.name == ref.name) {
                    guard let b = values(run: run, model: m, metric: test) else { continue }
                    let (x, y) = a.paired(with: b)
                    guard x.count > 1 else { sig.append(["\(k + 1):\(run.name)", m.name, "0", "–", "–", "–"]); continue }
                    let t = PairedTTest(x, y), w = WilcoxonSignedRank(x, y)
                    sig.append(["\(k + 1):\(run.name)", m.name, "\(x.count)", String(format: "%+.4f", -t.meanDifference),
                                String(format: "%.4g", t.pValue), String(format: "%.4g", w.pValue)])
                }
            }
            out += "\nPaired tests on \(test) (test) against 1:\(base.name) \(ref.name):\n\n"
            out += ResultTable(title: "significance", header: ["run", "model", "paired users", "Δ mean", "t-test p", "Wilcoxon p"], rows: sig).markdown()
        }
        return out
    }

    private func values(run: Run, model: (name: String, parameters: String, trials: [String], metrics: [String: Double]), metric: String) -> PerUserValues? {
        guard let key = MetricKey(metric) else { return nil }
        let store = TrialStore(folder: run.folder + "/trials")
        let records = model.trials.compactMap { store.finished($0) }
        return PerUserValues.load(metric: key, split: .test, records: records, store: store)
    }
}

/// A `reclab compare` input problem.
struct CompareError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
