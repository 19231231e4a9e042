import Foundation
import RecCore

/// Writes a run's result files from its analysis, each atomically, one writer per format:
/// `metrics.csv` and `traces.csv` (`CSVWriter`), `traces.h5` and `per_user.h5` (`HDF5Writer`),
/// `summary.md` (`MarkdownWriter`), `summary.tex` (`LaTeXWriter`), `summary.json`
/// (`SummaryDocument`), and the top-K and prediction TSVs of the selected configurations.
///
/// ```swift
/// try RunReport(analysis: analysis, folder: run, store: store).writeAll()
/// ```
struct RunReport {
    /// What the files show.
    let analysis: RunAnalysis
    /// The run folder.
    let folder: String
    /// The run's trial store (per-user files and TSVs of each trial).
    let store: TrialStore

    /// Writes every file.
    func writeAll() throws {
        let records = analysis.records
        try AtomicFile.write(CSVWriter.metrics(records, metrics: analysis.metrics), to: folder + "/metrics.csv")
        try AtomicFile.write(CSVWriter.traces(records), to: folder + "/traces.csv")
        try HDF5Writer.traces(records, to: folder + "/traces.h5")
        try HDF5Writer.perUser(records, store: store, to: folder + "/per_user.h5")
        try AtomicFile.write(MarkdownWriter.summary(analysis), to: folder + "/summary.md")
        try AtomicFile.write(LaTeXWriter.summary(analysis), to: folder + "/summary.tex")
        try AtomicFile.write(JSONFile.data(SummaryDocument(analysis)), to: folder + "/summary.json")
        try copySelectedOutputs()
    }

    /// `topk/<model>.tsv` and `predictions/<model>.tsv`: the files of each model's first reported
    /// trial, when the spec asked the trials to write them.
    func copySelectedOutputs() throws {
        let sel = analysis.selection
        for m in sel.models {
            guard let r = sel.records(of: m, in: analysis.records).first else { continue }
            for (suffix, dir) in [("topk.tsv", "topk"), ("predictions.tsv", "predictions")] {
                let src = store.folder + "/\(r.id).\(suffix)"
                guard let data = FileManager.default.contents(atPath: src) else { continue }
                try AtomicFile.write(data, to: folder + "/\(dir)/\(m).tsv")
            }
        }
    }

    /// The test table as aligned text for the console.
    static func consoleSummary(_ analysis: RunAnalysis) -> String {
        analysis.splits.contains(.test) ? SummaryTables(analysis).summary(.test).alignedText() : "no successful trials"
    }
}
