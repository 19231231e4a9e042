import Foundation
import RecCharts

/// Turns the report data of one or more runs into the self-contained HTML page: inline SVG charts
/// (`RecCharts`), inline CSS and a few lines of script for sorting tables; nothing is fetched.
///
/// Several runs are overlaid — one table, charts with a series per run — only when their dataset
/// cache keys and evaluation settings agree (same data, preprocessing and split, same candidates
/// and relevance threshold: the rule `reclab compare` pairs runs by); other runs get a part of their own.
///
/// ```swift
/// let html = try ReportRenderer(runs: [try ReportDocument.read("results/quickstart/3f2a…")]).html()
/// ```
public struct ReportRenderer {
    public let runs: [ReportDocument]

    public init(runs: [ReportDocument]) { self.runs = runs }

    /// The page.
    public func html() throws -> String {
        guard !runs.isEmpty else { throw ReportError("no runs to report") }
        let groups = Self.overlayGroups(runs)
        let parts = groups.enumerated().map { k, g -> ReportPage.Part in
            let part = RunGroupReport(runs: g, idPrefix: groups.count > 1 ? "p\(k + 1)-" : "")
            return ReportPage.Part(
                heading: groups.count > 1 ? "Runs on data \(k + 1) of \(groups.count): " + g.map(\.label).joined(separator: ", ") : nil,
                note: groups.count > 1 ? "These runs are drawn apart from the others: their data, preprocessing, split, candidates or relevance threshold differ, so their figures are not comparable." : nil,
                sections: part.sections())
        }
        let title = runs.count == 1 ? "RecLab report: \(runs[0].name)" : "RecLab report: " + runs.map(\.label).joined(separator: " vs ")
        let subtitle = runs.map { r in
            "\(r.label): \(r.models.count) models, \(r.splitDescription), selection \(r.selectionMetric) on \(r.selectionSplit)"
                + (r.bestModel.map { ", best on test: \($0)" } ?? "")
        }.joined(separator: " · ")
        // The runs' own end times, not the clock: one report.json always renders to the same bytes.
        let finished = runs.map { ManifestSummary(json: $0.manifest).finished }.joined(separator: ", ")
        let page = ReportPage(title: title, subtitle: subtitle, generated: "runs finished " + finished, parts: parts)
        return try page.render()
    }

    /// Runs grouped by equal dataset cache keys and evaluation settings, groups in the order of their first run.
    public static func overlayGroups(_ runs: [ReportDocument]) -> [[ReportDocument]] {
        var groups: [[ReportDocument]] = []
        for r in runs {
            if let k = groups.firstIndex(where: { $0[0].datasetCacheKeys == r.datasetCacheKeys && $0[0].evaluationSettings == r.evaluationSettings }) { groups[k].append(r) } else { groups.append([r]) }
        }
        return groups
    }

}

/// The sections of one group of overlaid runs.
struct RunGroupReport {
    let runs: [ReportDocument]
    /// Keeps section ids unique when the page has several groups.
    let idPrefix: String

    var overlaid: Bool { runs.count > 1 }

    /// `model`, or `run · model` when runs are overlaid.
    func label(_ run: ReportDocument, _ model: String) -> String { overlaid ? "\(run.label) · \(model)" : model }

    func sections() -> [ReportPage.Section] {
        [overview(), testTable(), metricBars(), folds(), training(), sweeps(), significance(), subgroups(), provenance()].compactMap { $0 }
    }

    func section(_ id: String, _ heading: String, _ blocks: [ReportPage.Block]) -> ReportPage.Section {
        ReportPage.Section(id: idPrefix + id, heading: heading, blocks: blocks)
    }

    func overview() -> ReportPage.Section {
        var rows: [ReportPage.Row] = []
        for r in runs {
            let m = ManifestSummary(json: r.manifest)
            let cells = [r.label, r.splitDescription, "\(r.models.count)", "\(m.trials)", "\(r.failures.count)",
                         r.selectionMetric + " (" + r.selectionSplit + ")", r.bestModel ?? "—", m.commit, m.started, m.wallTime]
            rows.append(ReportPage.Row(cells: cells.enumerated().map { k, t in
                ReportPage.Cell(text: t, sortValue: t, tip: "", cls: "label")
            }))
        }
        let names = ["run", "split", "models", "trials", "failed", "selection", "best on test", "commit", "started", "trial seconds (sum)"]
        var blocks: [ReportPage.Block] = runs.compactMap { r in r.description.map { .text((overlaid ? r.label + ": " : "") + $0) } }
        blocks.append(.table(ReportPage.Table(id: idPrefix + "runs", caption: "", columns: names.map { .init(name: $0, tip: "") }, rows: rows)))
        for r in runs where !r.failures.isEmpty {
            blocks.append(.details("\(r.label): \(r.failures.count) failed trial\(r.failures.count == 1 ? "" : "s")", r.failures.joined(separator: "\n")))
        }
        return section("overview", "Overview", blocks)
    }

    func provenance() -> ReportPage.Section {
        section("provenance", "Manifest and resolved spec", runs.flatMap { r -> [ReportPage.Block] in
            [.details("\(r.label): manifest (commit, versions, hardware, data hashes, times)", r.manifest),
             .details("\(r.label): resolved spec (every default filled in)", r.spec)]
        })
    }
}

/// The overview's figures from `manifest.json` (missing keys shown as "?").
struct ManifestSummary {
    var commit = "?", started = "?", finished = "?", wallTime = "?"
    var trials = 0

    init(json: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return }
        if let c = object["reclab_commit"] as? String {
            commit = String(c.prefix(10)) + ((object["reclab_dirty"] as? Bool) == true ? " (uncommitted changes)" : "")
        }
        started = object["started"] as? String ?? "?"
        finished = object["finished"] as? String ?? "?"
        if let ts = object["trials"] as? [[String: Any]] {
            trials = ts.count
            let seconds = ts.compactMap { $0["seconds"] as? Double }.reduce(0, +)
            wallTime = SVG.fixed(seconds, 1) + " s"
        }
    }
}
