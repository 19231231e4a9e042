import Foundation
import RecEval

/// A run's analysis as tables of cell text, shared by the Markdown and LaTeX summaries, the
/// BENCHMARKS.md section and the console: each table built once here, in one number format.
///
/// ```swift
/// let tables = SummaryTables(analysis)
/// tables.summary(.test).markdown()     // | model | ndcg@10 | … with "0.2197 ± 0.0012 †" cells
/// ```
struct SummaryTables {
    /// What the tables show.
    let analysis: RunAnalysis

    init(_ analysis: RunAnalysis) { self.analysis = analysis }

    /// "reference" when the spec names the compared model, "best" otherwise.
    var referenceLabel: String { analysis.namesReference ? "reference" : "best" }

    /// Mean ± std per model (mean alone for one value), † where the model differs significantly from
    /// the reference; the reference's row is labelled on test.
    func summary(_ split: EvaluationSplit) -> ResultTable {
        let s = analysis.summary(split)
        let rows: [[String]] = s.rows.map { row in
            guard let cells = row.cells else { return [row.model] + s.metrics.map { _ in "failed" } }
            let label = row.model + (row.model == analysis.reference && split == .test ? " (\(referenceLabel))" : "")
            return [label] + cells.map { cell in
                guard let v = cell.values else { return "–" }
                let text = v.n > 1 ? "\(Self.num4(v.mean)) ± \(Self.num4(v.standardDeviation))" : Self.num4(v.mean)
                return text + (cell.differsFromReference ? " †" : "")
            }
        }
        return ResultTable(title: "\(analysis.spec.name): \(split.rawValue)", header: ["model"] + s.metrics.map(\.description), rows: rows)
    }

    /// Test means with their 95% confidence intervals over seeds (and folds); nil for one seed and fold.
    func confidenceIntervals() -> ResultTable? {
        guard analysis.hasRepetitions else { return nil }
        let s = analysis.summary(.test)
        let rows: [[String]] = s.rows.map { row in
            [row.model] + s.metrics.indices.map { c in
                guard let v = row.cells?[c].values else { return "–" }
                return v.n > 1 ? "\(Self.num4(v.mean)) [\(Self.num4(v.lower)), \(Self.num4(v.upper))]" : Self.num4(v.mean)
            }
        }
        return ResultTable(title: "test, mean [95% CI]", header: ["model"] + s.metrics.map(\.description), rows: rows)
    }

    /// The reference against each model on the selection metric: Δ, t-test and Wilcoxon p (raw and Holm), effect sizes.
    func selectionTests() -> ResultTable? {
        guard let t = analysis.selectionTests else { return nil }
        let rows = t.rows.map { r in
            [r.model, "\(r.users)", Self.num4(r.tTest.meanDifference), Self.p(r.tTest.pValue), Self.p(r.tHolmP),
             Self.num4(r.tTest.cohensDz), Self.p(r.wilcoxon.pValue), Self.p(r.wilcoxonHolmP), Self.num4(r.wilcoxon.rankBiserial)]
        }
        return ResultTable(title: "\(t.reference) vs others on \(t.metric) (test)",
                           header: ["model", "users", "Δ mean (\(referenceLabel) − model)", "t-test p", "Holm p", "Cohen's d_z",
                                    "Wilcoxon p", "Holm p", "rank-biserial r"], rows: rows)
    }

    /// `Δ (Holm p)` of every test metric per compared model; nil without tests or with one metric
    /// (the selection table says it all then).
    func everyMetricTests() -> ResultTable? {
        guard let reference = analysis.reference else { return nil }
        let names = analysis.summary(.test).metrics
        var cells: [String: [MetricKey: String]] = [:]
        for n in names {
            for test in analysis.pairedTests[n] ?? [] {
                cells[test.model, default: [:]][n] = "\(Self.signed4(test.meanDifference)) (\(Self.p(test.holmP)))"
            }
        }
        guard !cells.isEmpty, names.count > 1 else { return nil }
        let rows = analysis.selection.models.filter { $0 != reference && cells[$0] != nil }.map { m in [m] + names.map { cells[m]?[$0] ?? "–" } }
        return ResultTable(title: "\(reference) vs others, every metric (test)", header: ["model"] + names.map(\.description), rows: rows)
    }

    /// One table per subgroup breakdown: `mean (users)` per group.
    func subgroups() -> [ResultTable] {
        analysis.subgroups.map { b in
            var note = b.onlyFold.map { ", fold \($0) only" } ?? ""
            if b.multiValued { note += b.name.hasPrefix("item:") ? "; an item counts in each of its groups" : "; a user counts in each of their groups" }
            return ResultTable(title: "Subgroups: \(b.name), \(b.metric) on test (users in brackets\(note))",
                               header: ["model"] + b.labels,
                               rows: b.rows.map { r in [r.model] + r.cells.map { c in c.map { "\(Self.num4($0.mean)) (\($0.users))" } ?? "–" } })
        }
    }

    /// Every configuration with its selection score, ★ on the selected one.
    func configurations() -> ResultTable {
        let spec = analysis.spec
        let rows = analysis.configurations.map { c in
            [c.model, "\(c.index)\(c.isSelected ? " ★" : "")", c.parameters, Self.num4(c.score), "\(c.succeeded)/\(c.trials)",
             String(format: "%.2f", c.meanSeconds)]
        }
        return ResultTable(title: "configurations",
                           header: ["model", "config", "parameters", "\(spec.selection.metric) (\(spec.selection.split.rawValue))",
                                    "ok trials", "mean seconds"], rows: rows)
    }

    /// The failed trials with their messages; nil when none failed.
    func failures() -> ResultTable? {
        let failed = analysis.failed
        guard !failed.isEmpty else { return nil }
        return ResultTable(title: "failed", header: ["trial", "model", "parameters", "seed", "error"],
                           rows: failed.map { [$0.id, $0.model, $0.parameterText, "\($0.seed)", $0.error ?? ""] })
    }

    /// Four decimals, "–" for NaN.
    static func num4(_ x: Double) -> String { x.isNaN ? "–" : String(format: "%.4f", x) }
    /// Four decimals with the sign, "–" for NaN.
    static func signed4(_ x: Double) -> String { x.isNaN ? "–" : String(format: "%+.4f", x) }
    /// A p-value: four decimals, scientific below 10⁻⁴, "–" for NaN.
    static func p(_ x: Double) -> String { x.isNaN ? "–" : (x < 1e-4 ? String(format: "%.1e", x) : String(format: "%.4f", x)) }
}
