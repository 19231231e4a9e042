import Foundation

/// The CSV files of a run, in long format so pandas, R or a spreadsheet can pivot them:
/// `metrics.csv` (one row per trial × split × metric, failed trials one row with their message) and
/// `traces.csv` (one row per trial × epoch × traced quantity).
enum CSVWriter {
    /// `metrics.csv`: trials ordered by model, configuration, seed and fold; metrics in `metrics` order.
    ///
    /// Every swept parameter (one with more than one value among the records) also has a column of
    /// its own, `param.<name>`, after `parameters`: blank for models without it, so a response curve
    /// is `df.groupby("param.lambda")` with no parsing.
    static func metrics(_ records: [TrialRecord], metrics: [MetricKey]) -> String {
        let swept = sweptParameters(records)
        var lines = [CSV.line(["trial", "model", "type", "config", "parameters"] + swept.map { "param." + $0 }
                              + ["seed", "fold", "split", "metric", "cutoff", "value", "status", "refit"])]
        for r in records.sorted(by: { ($0.model, $0.configIndex, $0.seed, $0.fold ?? 0) < ($1.model, $1.configIndex, $1.seed, $1.fold ?? 0) }) {
            let fold = r.fold.map(String.init) ?? "", refit = r.isRefit ? "true" : "false"
            let values = swept.map { r.parameters[$0] ?? "" }
            if r.status != "ok" {
                lines.append(CSV.line([r.id, r.model, r.type, "\(r.configIndex)", r.parameterText] + values + ["\(r.seed)", fold,
                                       "", "", "", "", "failed: " + (r.error ?? ""), refit]))
                continue
            }
            for split in EvaluationSplit.allCases {
                guard let m = r.metrics[split] else { continue }
                for key in metrics {
                    guard let value = m[key] else { continue }
                    lines.append(CSV.line([r.id, r.model, r.type, "\(r.configIndex)", r.parameterText] + values + ["\(r.seed)", fold,
                                           split.rawValue, key.kind.rawValue, key.cutoff.map(String.init) ?? "", number(value),
                                           "ok", refit]))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parameter names with more than one value among `records` (of any model), sorted.
    static func sweptParameters(_ records: [TrialRecord]) -> [String] {
        var seen: [String: Set<String>] = [:]
        for r in records { for (k, v) in r.parameters { seen[k, default: []].insert(v) } }
        return seen.filter { $0.value.count > 1 }.keys.sorted()
    }

    /// `traces.csv`: every traced trial's losses and validation metrics per epoch, in record order.
    static func traces(_ records: [TrialRecord]) -> String {
        var lines = [CSV.line(["trial", "model", "config", "parameters", "seed", "fold", "epoch", "quantity", "value"])]
        for r in records where !r.trace.isEmpty {
            for row in r.trace {
                lines.append(CSV.line([r.id, r.model, "\(r.configIndex)", r.parameterText, "\(r.seed)", r.fold.map(String.init) ?? "",
                                       "\(row.epoch)", row.name, number(row.value)]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Six significant digits (`%.6g`), `NaN` for NaN.
    static func number(_ x: Double) -> String { x.isNaN ? "NaN" : String(format: "%.6g", x) }
}
