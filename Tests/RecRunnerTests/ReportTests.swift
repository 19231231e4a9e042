import Foundation
import RecReport
import RecTestSupport
import Testing
@testable import RecRunner

/// A small run with every chart's data: a deterministic model, a grid sweep over two decades and a
/// log-uniform random sweep, an epoch-trained model with early stopping, two seeds, subgroups.
let reportSpec = """
{"name": "report", "description": "escaping: </p><script>alert(1)</script> & co", "dataset": {"source": "synthetic", "synthetic": {"users": 150, "items": 100, "interactions": 4000, "seed": 4}},
 "split": {"method": "user_ratio", "ratios": [0.6, 0.2, 0.2], "seed": 1},
 "models": [{"name": "pop", "type": "popularity"},
            {"name": "knn", "type": "item_knn", "params": {"neighbours": [2, 20, 200]}},
            {"name": "ials", "type": "implicit_als", "params": {"factors": 8, "epochs": 3, "regularization": {"loguniform": [0.01, 10]}},
             "sweep": {"strategy": "random", "count": 3, "seed": 2}},
            {"name": "bpr-1", "type": "bpr", "params": {"factors": 8, "epochs": 8, "learning_rate": 0.05}}],
 "seeds": [0, 1],
 "evaluation": {"metrics": ["ndcg@10", "recall@10", "coverage@10"], "subgroups": ["user_activity", "cold_users", "item_popularity"]},
 "selection": {"metric": "ndcg@10", "split": "validation"},
 "early_stopping": {"patience": 2},
 "parallelism": {"trials": 2}}
"""

@Suite(.serialized) struct ReportTests {
    @Test func aRunWritesItsReportDataAndPage() throws {
        let dir = try Fixtures.temporaryDirectory("report")
        let folder = try runSpecText(reportSpec, in: dir)
        let doc = try ReportDocument.read(folder)
        let summary = try SummaryDocument.read(folder: folder)
        #expect(doc.models == ["pop", "knn", "ials", "bpr-1"])
        // The table's means are the run's: summary.json's test ndcg@10 of every model.
        let table = try #require(doc.testTable)
        let k = try #require(table.metrics.firstIndex(of: "ndcg@10"))
        for m in summary.models {
            let row = try #require(table.rows.first { $0.model == m.model })
            let cell = try #require(row.cells[k])
            #expect(abs(cell.mean - m.metrics[.test]![MetricKey(.ndcg, cutoff: 10)]!) < 1e-12)
            // Each seed's value is there, and they average to the mean.
            #expect(abs(cell.values.map(\.value).reduce(0, +) / Double(cell.values.count) - cell.mean) < 1e-12)
            #expect(cell.n == cell.values.count)
            #expect(cell.n == 1 || (cell.lower <= cell.mean && cell.mean <= cell.upper))
        }
        #expect(table.rows.first { $0.model == "pop" }!.cells[k]!.n == 1)   // deterministic: trained once
        #expect(table.rows.first { $0.model == "ials" }!.cells[k]!.n == 2)

        // Sweeps: the grid spans two decades (log axis), the log-uniform draw is log, one selected each.
        let knn = try #require(doc.sweeps.first { $0.model == "knn" })
        #expect(knn.parameters == [.init(name: "neighbours", scale: "log")] && knn.configurations.count == 3)
        #expect(knn.configurations.filter(\.selected).count == 1)
        let ials = try #require(doc.sweeps.first { $0.model == "ials" })
        #expect(ials.parameters == [.init(name: "regularization", scale: "log")])
        #expect(doc.sweeps.allSatisfy { $0.model != "pop" && $0.model != "bpr-1" })

        // Traces: BPR's trials, each with a loss and the validation metric, early stopping's epoch inside.
        let bpr = doc.traces.filter { $0.model == "bpr-1" }
        #expect(bpr.count == 2 && bpr.allSatisfy(\.selected))
        for t in bpr {
            #expect(Set(t.series.map(\.name)).isSuperset(of: ["loss", "valid_ndcg@10"]))
            let epochs = try #require(t.series.first { $0.name == "loss" }).epochs
            let best = try #require(t.bestEpoch)
            #expect(epochs.first == 1 && epochs.contains(best))
        }

        // Paired tests between all 4 models: 6 pairs, Holm's adjustment recomputed by hand.
        let pw = try #require(doc.pairwise)
        #expect(pw.pairs.count == 6)
        let order = pw.pairs.indices.sorted { pw.pairs[$0].p < pw.pairs[$1].p }
        var running = 0.0
        for (rank, i) in order.enumerated() {
            running = max(running, min(1, Double(6 - rank) * pw.pairs[i].p))
            #expect(abs(pw.pairs[i].holmP - running) < 1e-12)
        }
        // Row − column: a pair's mean difference over users is the difference of the two models' test
        // means (every seed evaluates the same users), in the order asked for.
        for (a, b) in [("knn", "pop"), ("pop", "ials"), ("bpr-1", "knn")] {
            let ma = try #require(table.rows.first { $0.model == a }?.cells[k]).mean, mb = try #require(table.rows.first { $0.model == b }?.cells[k]).mean
            #expect(abs(try #require(pw.pair(a, b)).meanDifference - (ma - mb)) < 1e-9, "\(a) − \(b)")
        }

        #expect(Set(doc.subgroups.map(\.name)) == ["user_activity", "cold_users", "item_popularity"])
        #expect(doc.manifest.contains("reclab_commit") && doc.spec.contains("\"bpr-1\""))

        // The page: every section, the numbers, the model name escaped, small and offline.
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        for id in ["overview", "table", "metrics", "training", "sweeps", "significance", "subgroups", "provenance"] {
            #expect(html.contains("data-section=\"\(id)\""), "section \(id)")
        }
        let best = try #require(table.rows.first { $0.model == doc.bestModel })
        #expect(tableHTML(html, "test").contains(">\(String(format: "%.4f", best.cells[k]!.mean))"))
        #expect(html.contains("escaping: &lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co") && !html.contains("<script>alert"))
        #expect(!html.contains("<link") && !html.contains("src=\"http") && !html.contains("@import"))
        #expect(html.utf8.count < 2_000_000)
        for kind in ["bars", "line", "scatter", "heatmap"] { #expect(html.contains("data-chart=\"\(kind)\""), "chart \(kind)") }
    }

    @Test func kFoldRunsShowTheSpreadOverFolds() throws {
        let spec = reportSpec
            .replacingOccurrences(of: #""split": {"method": "user_ratio", "ratios": [0.6, 0.2, 0.2], "seed": 1}"#,
                                  with: #""split": {"method": "kfold", "folds": 3, "fold": "all", "seed": 1}"#)
            .replacingOccurrences(of: #""selection": {"metric": "ndcg@10", "split": "validation"},"#, with: #""selection": {"metric": "ndcg@10", "split": "test"},"#)
            .replacingOccurrences(of: #""early_stopping": {"patience": 2},"#, with: "")
        let dir = try Fixtures.temporaryDirectory("report-kfold")
        let folder = try runSpecText(spec, in: dir)
        let doc = try ReportDocument.read(folder)
        let table = try #require(doc.testTable)
        let k = try #require(table.metrics.firstIndex(of: "ndcg@10"))
        let pop = try #require(table.rows.first { $0.model == "pop" }?.cells[k])
        #expect(Set(pop.values.compactMap(\.fold)) == [0, 1, 2])
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(html.contains("data-section=\"folds\""))
        // Popularity's figure per fold (one seed: deterministic) and their standard deviation are in the per-fold table.
        let folds = try (0..<3).map { f in try #require(pop.values.first { $0.fold == f }).value }
        let foldTable = tableHTML(html, "folds-\(doc.fingerprint.prefix(8))")
        for v in folds { #expect(foldTable.contains(">\(String(format: "%.4f", v))<")) }
        let mean = folds.reduce(0, +) / 3
        let std = (folds.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
        #expect(foldTable.contains(">\(String(format: "%.4f", std))<"))
    }

    @Test func reportOverlaysRunsOnTheSameDataAndSeparatesOthers() throws {
        let dir = try Fixtures.temporaryDirectory("report-overlay")
        let a = try runSpecText(reportSpec, in: dir)
        let b = try runSpecText(reportSpec.replacingOccurrences(of: #""seeds": [0, 1]"#, with: #""seeds": [2]"#), in: dir, file: "b.json")
        let c = try runSpecText(reportSpec.replacingOccurrences(of: #""ratios": [0.6, 0.2, 0.2], "seed": 1"#, with: #""ratios": [0.6, 0.2, 0.2], "seed": 9"#),
                                in: dir, file: "c.json")
        let docs = try [a, b, c].map(ReportDocument.read)
        #expect(ReportRenderer.overlayGroups(docs).map { $0.map(\.fingerprint) } == [[docs[0].fingerprint, docs[1].fingerprint], [docs[2].fingerprint]])
        let html = try ReportRenderer(runs: docs).html()
        #expect(html.contains("\(docs[0].label) · knn") && html.contains("\(docs[1].label) · knn"))
        #expect(html.contains("Runs on data 2 of 2: \(docs[2].label)"))
        #expect(html.contains("data-section=\"p1-table\"") && html.contains("data-section=\"p2-table\""))
    }

    @Test func aFolderWithoutReportDataSaysHowToGetOne() throws {
        let dir = try Fixtures.temporaryDirectory("report-missing")
        #expect { try ReportDocument.read(dir.path) } throws: { error in
            "\(error)".contains("no report data") && "\(error)".contains("reclab run")
        }
    }

    @Test func theConsoleTableFitsTheWidthAndKeepsTheSelectionMetric() {
        let table = ResultTable(title: "t", header: ["model", "recall@10", "ndcg@10", "coverage@10"],
                                rows: [["popularity", "0.1234 ± 0.0001", "0.2345 ± 0.0002", "0.0500"]])
        let cut = RunReport.compact(table, keep: "ndcg@10", width: 50)
        let lines = cut.split(separator: "\n")
        #expect(lines[0].hasPrefix("model       ndcg@10") && lines.prefix(2).allSatisfy { $0.count <= 50 })
        #expect(RunReport.compact(table, keep: "ndcg@10", width: 40).split(separator: "\n").allSatisfy { $0.trimmingCharacters(in: .whitespaces).count <= 40 })
        #expect(lines.last == "+1 more (--wide)")   // the long note would not fit 50 columns
        let all = RunReport.compact(table, keep: "ndcg@10", width: 200).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(all == ["model       ndcg@10          recall@10        coverage@10", "popularity  0.2345 ± 0.0002  0.1234 ± 0.0001  0.0500"])
    }
}

/// The HTML of the table `data-table="id"` in `html` (empty when there is none).
func tableHTML(_ html: String, _ id: String) -> String {
    guard let start = html.range(of: "data-table=\"\(id)\""), let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex) else { return "" }
    return String(html[start.lowerBound..<end.upperBound])
}
