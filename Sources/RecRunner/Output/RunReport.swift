import Foundation
import RecCore
import RecReport

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

    /// `report.json` (the report's data) and `report.html` (the page drawn from it), after the manifest
    /// is written (the page shows it). Returns the page's path.
    @discardableResult
    func writeHTMLReport(cacheKeys: [String], perUser: any PerUserSource) throws -> String {
        let document = ReportDocument(analysis, cacheKeys: cacheKeys, folder: folder, perUser: perUser)
        try AtomicFile.write(ReportDocument.encoder.encode(document), to: folder + "/report.json")
        let page = folder + "/report.html"
        try AtomicFile.write(Data(ReportRenderer(runs: [document]).html().utf8), to: page)
        return page
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

    /// The test table as aligned text for the console, `width` columns wide at most: the model, the
    /// selection metric, then the other metrics in spec order while they fit (all of them with
    /// `wide`), and a line naming the metrics left out.
    static func consoleSummary(_ analysis: RunAnalysis, width: Int, wide: Bool) -> String {
        guard analysis.splits.contains(.test) else { return "no successful trials" }
        let table = SummaryTables(analysis).summary(.test)
        if wide { return table.alignedText() }
        return compact(table, keep: analysis.spec.selection.metric.description, width: width)
    }

    /// `table` cut to `width`: column 0, the column headed `keep`, then the others in order while the
    /// aligned line (columns two spaces apart) still fits.
    static func compact(_ table: ResultTable, keep: String, width: Int) -> String {
        let widths = table.header.indices.map { c in ([table.header[c]] + table.rows.map { $0[c] }).map(\.count).max() ?? 0 }
        let pinned = [0] + (table.header.firstIndex(of: keep).map { $0 == 0 ? [] : [$0] } ?? [])
        var chosen = pinned
        var used = pinned.map { widths[$0] }.reduce(0, +) + 2 * (pinned.count - 1)
        for c in table.header.indices where !chosen.contains(c) && used + 2 + widths[c] <= width {
            chosen.append(c)
            used += 2 + widths[c]
        }
        chosen = chosen.sorted { a, b in pinned.contains(a) != pinned.contains(b) ? pinned.contains(a) : a < b }
        let cut = ResultTable(title: table.title, header: chosen.map { table.header[$0] }, rows: table.rows.map { r in chosen.map { r[$0] } })
        let left = table.header.indices.filter { !chosen.contains($0) }.map { table.header[$0] }
        let long = "+\(left.count) more metric\(left.count == 1 ? "" : "s") in summary.md and report.html (--wide prints them)"
        return cut.alignedText() + (left.isEmpty ? "" : "\n" + (long.count <= width ? long : "+\(left.count) more (--wide)"))
    }
}
