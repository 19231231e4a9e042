import Foundation
import RecSpec

/// The Markdown renderings of a run's analysis: `summary.md` (every table with the text that reads
/// them) and the BENCHMARKS.md section (the test tables and the command that reproduces them).
enum MarkdownWriter {
    /// One line per model under successive halving: how many of its sweep trials halving stopped, at
    /// which rungs (their records say which: `halvedAtRung`), and the epochs trained in all.
    static func halvingNote(_ analysis: RunAnalysis) -> String {
        var md = ""
        for model in analysis.spec.models {
            guard let halving = analysis.spec.earlyStopping(for: model.name)?.halving else { continue }
            let trials = analysis.records.filter { $0.model == model.name && !$0.isRefit && $0.rungScores != nil }
            guard !trials.isEmpty else { continue }
            let stopped = trials.compactMap(\.halvedAtRung)
            let byRung = Dictionary(grouping: stopped, by: { $0 }).sorted { $0.key < $1.key }
                .map { "\($0.value.count) at epoch \(halving.epoch(ofRung: $0.key))" }.joined(separator: ", ")
            md += "Successive halving stopped \(stopped.count) of \(trials.count) trials of \(model.name)"
            md += (byRung.isEmpty ? "" : " (\(byRung))") + "; \(trials.reduce(0) { $0 + $1.epochs }) epochs trained in all "
            md += "(rungs from epoch \(halving.minEpochs), η = \(halving.reduction)).\n\n"
        }
        return md
    }

    /// `summary.md`: how configurations were selected and cells computed, one table per split, the
    /// confidence intervals, the paired tests, the subgroups, every configuration and any failures.
    static func summary(_ analysis: RunAnalysis) -> String {
        let spec = analysis.spec, tables = SummaryTables(analysis)
        let reference = analysis.reference
        var md = "# \(spec.name)\n\n"
        if let d = spec.description { md += d + "\n\n" }
        md += "Selection: best configuration per model by `\(spec.selection.metric)` on \(spec.selection.split.rawValue) "
        md += "(mean over seeds\(spec.split.folds.map { $0.count > 1 ? " and \($0.count) folds" : "" } ?? "")). "
        md += "Cells are mean ± standard deviation over \(spec.seeds.count) seed(s)"
        md += spec.split.folds.map { $0.count > 1 ? " × \($0.count) folds" : "" } ?? ""
        md += "." + deterministicNote(spec)
        md += " † marks a significant difference from the \(tables.referenceLabel) model (\(reference ?? "-")) on that metric: paired t-test over users, "
        md += "Holm-corrected over the models compared, p < 0.05.\n\n"
        if analysis.hasRefit {
            md += "Refit: test figures come from the selected configurations retrained on train + validation "
            md += "(validation figures from the sweep trials).\n\n"
        }
        md += halvingNote(analysis)
        for split in analysis.splits {
            md += "## \(split.rawValue.capitalized)\n\n" + tables.summary(split).markdown() + "\n"
        }
        if let ci = tables.confidenceIntervals() { md += "## Test, 95% confidence intervals over seeds\n\n" + ci.markdown() + "\n" }
        if let reference, let sig = tables.selectionTests() {
            md += "## Paired tests against \(reference) (test)\n\n" + sig.markdown() + "\n"
        }
        if let reference, let all = tables.everyMetricTests() {
            md += "## Paired t-tests against \(reference) on every metric (test)\n\n"
            md += "Δ mean (reference − model) and, in brackets, the Holm-adjusted p over the models.\n\n" + all.markdown() + "\n"
        }
        for t in tables.subgroups() { md += "## \(t.title)\n\n" + t.markdown() + "\n" }
        md += "## Configurations\n\n" + tables.configurations().markdown() + "\n★ = selected configuration.\n\n"
        if let failed = tables.failures() { md += "## Failed trials\n\n" + failed.markdown() + "\n" }
        return md
    }

    /// With several seeds, the sentence that says which models were trained once (deterministic: the
    /// seed changes nothing), so a cell without ± is not read as a missing spread; empty otherwise.
    static func deterministicNote(_ spec: ExperimentSpec) -> String {
        let once = spec.models.filter(\.deterministic).map(\.name)
        guard spec.seeds.count > 1, !once.isEmpty else { return "" }
        let folds = (spec.split.folds?.count ?? 1) > 1 ? " and fold" : ""
        return " Deterministic models (\(once.joined(separator: ", "))) are trained once per configuration\(folds), "
            + "not once per seed — the seed changes nothing — so their cells show one value\(folds.isEmpty ? "" : " per fold")."
    }

    /// The test table, the paired tests against the reference and the selected configurations, as a
    /// BENCHMARKS.md section that names `command`, the command reproducing it, and the day it ran.
    static func benchmarkSection(_ analysis: RunAnalysis, command: String, date: Date = Date()) -> String {
        let spec = analysis.spec, tables = SummaryTables(analysis), sel = analysis.selection
        let day = ISO8601DateFormatter().string(from: date).prefix(10)
        let seeds = spec.seeds.count, folds = spec.split.folds?.count ?? 1
        let trialSeconds = analysis.records.reduce(0) { $0 + $1.seconds }
        var md = "Measured \(day), release build: \(analysis.records.count) trials, \(String(format: "%.0f", trialSeconds)) s of trial time "
        md += "(fit + evaluation summed over trials; \(spec.parallelism.trials) ran at a time). "
        md += "Reproduce: `\(command)`. "
        md += "Cells: mean ± std over \(seeds) seed\(seeds == 1 ? "" : "s")\(folds > 1 ? " × \(folds) folds" : "")"
        md += deterministicNote(spec).isEmpty ? "; " : ";" + deterministicNote(spec) + " "
        md += "† = significantly different from \(analysis.reference ?? "the best model")\(analysis.namesReference ? " (the spec's reference)" : "") "
        md += "(paired t-test over users, Holm, p < 0.05). "
        md += "Selection by `\(spec.selection.metric)` on \(spec.selection.split.rawValue)"
        md += analysis.hasRefit ? ", then refit on train + validation.\n\n" : ".\n\n"
        md += tables.summary(.test).markdown() + "\n"
        if let sig = tables.selectionTests() { md += sig.markdown() + "\n" }
        if let all = tables.everyMetricTests() {
            md += "Every metric, Δ mean (reference − model) with the Holm-adjusted paired t-test p over the models in brackets:\n\n" + all.markdown() + "\n"
        }
        md += "Selected configurations:\n\n"
        for m in sel.models {
            guard let r = sel.records(of: m, in: analysis.records).first else { continue }
            md += "- \(m) (`\(r.type)`): \(r.reportedParameterText)\n"
        }
        return md
    }
}
