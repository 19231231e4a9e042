import RecCharts

/// The tables: models × metrics per split (sortable, † marks, intervals on hover) and the
/// selection metric per fold.
extension RunGroupReport {
    /// The test table, then the validation table of the selected configurations when runs have one.
    func testTable() -> ReportPage.Section? {
        var blocks: [ReportPage.Block] = []
        for split in ["test", "validation"] {
            let tables = runs.compactMap { r in r.tables.first { $0.split == split }.map { (r, $0) } }
            guard !tables.isEmpty else { continue }
            blocks.append(.table(metricTable(split: split, tables)))
        }
        guard !blocks.isEmpty else { return section("table", "Results", [.text("No trial succeeded: there is nothing to tabulate.")]) }
        let refs = runs.compactMap { r in r.referenceModel.map { overlaid ? "\($0) in \(r.label)" : $0 } }
        var legend = "Mean ± standard deviation over seeds and folds of each model's selected configuration; hover a cell for its 95% interval and every seed's value; click a header to sort."
        if !refs.isEmpty {
            legend += " † = significantly different from \(refs.joined(separator: ", ")) (paired t-test over users, Holm-corrected, p < 0.05). The best value per metric is shaded."
        }
        return section("table", "Results", [.text(legend)] + blocks)
    }

    /// One split's table over the runs: a row per run × model, a column per metric of any run.
    func metricTable(split: String, _ tables: [(ReportDocument, MetricTable)]) -> ReportPage.Table {
        var metrics: [String] = [], higher: [String: Bool] = [:]
        for (_, t) in tables {
            for (m, h) in zip(t.metrics, t.higherIsBetter) where higher[m] == nil { metrics.append(m); higher[m] = h }
        }
        var best: [String: Double] = [:]
        for (_, t) in tables {
            for row in t.rows {
                for (m, cell) in zip(t.metrics, row.cells) {
                    guard let v = cell?.mean, v.isFinite else { continue }
                    if let b = best[m] { best[m] = higher[m]! ? max(b, v) : min(b, v) } else { best[m] = v }
                }
            }
        }
        var rows: [ReportPage.Row] = []
        for (run, t) in tables {
            for row in t.rows {
                var cells = [ReportPage.Cell(text: label(run, row.model), sortValue: label(run, row.model), tip: row.refit ? "test figures from the refit on train + validation" : "", cls: "label"),
                             ReportPage.Cell(text: sweptText(run, row), sortValue: sweptText(run, row), tip: row.parameters, cls: "params")]
                for m in metrics {
                    guard let k = t.metrics.firstIndex(of: m), let c = row.cells[k] else {
                        cells.append(.init(text: "—", sortValue: "", tip: "no value", cls: "")); continue
                    }
                    let text = SVG.fixed(c.mean, 4) + (c.n > 1 ? " ± " + SVG.fixed(c.std, 4) : "") + (c.differs ? " †" : "")
                    let reps = c.values.map { v in (v.fold.map { "fold \($0) " } ?? "") + "seed \(v.seed): " + SVG.fixed(v.value, 4) }
                    let tip = (c.n > 1 ? "95% CI [\(SVG.fixed(c.lower, 4)), \(SVG.fixed(c.upper, 4))], " : "") + "n = \(c.n)"
                        + (reps.isEmpty ? "" : "; " + reps.joined(separator: "; "))
                    cells.append(.init(text: text, sortValue: c.mean.isFinite ? String(c.mean) : "", tip: tip, cls: best[m] == c.mean ? "best" : ""))
                }
                rows.append(ReportPage.Row(cells: cells))
            }
        }
        let columns = [ReportPage.Column(name: overlaid ? "run · model" : "model", tip: ""),
                       .init(name: "selected", tip: "the selected values of the parameters the sweep varies (hover a cell for every parameter)")]
            + metrics.map { ReportPage.Column(name: $0, tip: higher[$0]! ? "higher is better" : "lower is better") }
        let caption = split == "test" ? "Test" : "Validation: the sweep trials of each selected configuration"
        return ReportPage.Table(id: idPrefix + split, caption: caption, columns: columns, rows: rows, collapsible: split != "test")
    }

    /// The selected values of the parameters `row.model`'s sweep varies (`neighbours=200`); empty
    /// for a model with one configuration.
    func sweptText(_ run: ReportDocument, _ row: MetricTable.Row) -> String {
        // From the sweep's selected configuration, not the reported record: a refit may have changed `epochs`.
        guard let sweep = run.sweeps.first(where: { $0.model == row.model }),
              let selected = sweep.configurations.first(where: \.selected) else { return "" }
        return sweep.parameters.compactMap { p in selected.values[p.name].map { "\(p.name)=\($0)" } }.joined(separator: ", ")
    }

    /// With folds: the selection metric per fold (mean over seeds), and its spread over folds.
    func folds() -> ReportPage.Section? {
        var blocks: [ReportPage.Block] = []
        for run in runs {
            guard let t = run.testTable, let k = t.metrics.firstIndex(of: run.selectionMetric) ?? t.metrics.indices.first else { continue }
            let folds = Set(t.rows.flatMap { $0.cells[k]?.values.compactMap(\.fold) ?? [] }).sorted()
            guard folds.count > 1 else { continue }
            let metric = t.metrics[k]
            var rows: [ReportPage.Row] = []
            // Lines over the folds on an axis fitted to the values (not from zero), so the spread shows.
            var chart = LineChart(title: "\(metric) per fold\(overlaid ? " — " + run.label : "")", xLabel: "fold", yLabel: metric)
            chart.xIntegers = true
            for (mi, row) in t.rows.enumerated() {
                guard let c = row.cells[k] else { continue }
                let perFold = folds.map { f -> Double? in
                    let vs = c.values.filter { $0.fold == f }.map(\.value).filter(\.isFinite)
                    return vs.isEmpty ? nil : vs.reduce(0, +) / Double(vs.count)
                }
                let present = perFold.compactMap { $0 }
                let mean = present.reduce(0, +) / Double(max(1, present.count))
                let spread = present.count > 1 ? (present.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(present.count - 1)).squareRoot() : .nan
                var cells = [ReportPage.Cell(text: row.model, sortValue: row.model, tip: "", cls: "label")]
                cells += perFold.map { v in ReportPage.Cell(text: v.map { SVG.fixed($0, 4) } ?? "—", sortValue: v.map { String($0) } ?? "", tip: "", cls: "") }
                let range = present.isEmpty ? Double.nan : present.max()! - present.min()!
                for (v, tip) in [(spread, "standard deviation over folds"), (range, "max − min over folds")] {
                    cells.append(.init(text: v.isNaN ? "—" : SVG.fixed(v, 4), sortValue: v.isNaN ? "" : String(v), tip: tip, cls: ""))
                }
                rows.append(ReportPage.Row(cells: cells))
                chart.series.append(.init(label: row.model, points: zip(folds, perFold).map { (Double($0), $1 ?? .nan) }, color: mi))
            }
            let columns = [ReportPage.Column(name: "model", tip: "")] + folds.map { .init(name: "fold \($0)", tip: "mean over seeds") }
                + [.init(name: "std over folds", tip: ""), .init(name: "range", tip: "")]
            chart.width = max(420, min(760, Double(folds.count) * 70 + 140))
            blocks.append(.table(ReportPage.Table(id: idPrefix + "folds-\(run.fingerprint.prefix(8))", caption: "\(overlaid ? run.label + ": " : "")test \(metric) per fold", columns: columns, rows: rows)))
            blocks.append(.charts([chart.svg()]))
        }
        guard !blocks.isEmpty else { return nil }
        return section("folds", "Spread over folds", [.text("Each fold's test figure of the selected configuration, averaged over seeds: how much the estimate moves with the data it is tested on.")] + blocks)
    }
}
