import Foundation
import RecCharts

/// The charts: metric bars with intervals, training curves, sweep responses, the paired-test
/// heat map and subgroup bars.
extension RunGroupReport {
    /// A bar chart per test metric: a bar per model (a series per run when overlaid), the 95%
    /// interval over seeds as an error bar and each seed's or fold's value as a dot.
    func metricBars() -> ReportPage.Section? {
        let tables = runs.compactMap { r in r.testTable.map { (r, $0) } }
        guard !tables.isEmpty else { return nil }
        var metrics: [String] = []
        for (_, t) in tables { for m in t.metrics where !metrics.contains(m) { metrics.append(m) } }
        var models: [String] = []
        for (_, t) in tables { for row in t.rows where !models.contains(row.model) { models.append(row.model) } }
        let charts = metrics.map { metric -> String in
            var chart = BarChart(title: metric, groups: models, yLabel: metric)
            chart.colorByGroup = !overlaid
            chart.width = max(340, min(640, Double(models.count * tables.count) * 46 + 90))
            for (k, (run, t)) in tables.enumerated() {
                let mi = t.metrics.firstIndex(of: metric)
                let bars = models.map { model -> BarChart.Bar? in
                    guard let mi, let row = t.rows.first(where: { $0.model == model }), let c = row.cells[mi] else { return nil }
                    let ci = c.n > 1 && c.lower.isFinite && c.upper.isFinite
                    return BarChart.Bar(value: c.mean, lower: ci ? c.lower : nil, upper: ci ? c.upper : nil,
                                        dots: c.values.count > 1 ? c.values.map(\.value) : [], detail: "n = \(c.n)" + (c.differs ? " †" : ""))
                }
                chart.series.append(.init(label: run.label, bars: bars, color: k))
            }
            return chart.svg()
        }
        return section("metrics", "Test metrics with 95% intervals", [
            .text("One chart per metric: the bar is the mean over seeds (and folds), the error bar its 95% t interval, the dots each seed's or fold's value. Hover for the numbers."),
            .charts(charts),
        ])
    }

    /// Per model trained by epochs: its trials' training loss (left axis) and validation metric
    /// (right axis, dashed) per epoch; the selected configuration's trials in colour, the rest of
    /// the sweep in grey; a marker at the epoch early stopping kept.
    func training() -> ReportPage.Section? {
        var charts: [String] = []
        var drawn = 0
        for run in runs {
            for model in run.models {
                let traces = run.traces.filter { $0.model == model && !$0.series.isEmpty }
                guard !traces.isEmpty else { continue }
                let lossNames = Set(traces.flatMap { $0.series.filter { !$0.isValidation }.map(\.name) }).sorted()
                let validNames = Set(traces.flatMap { $0.series.filter(\.isValidation).map(\.name) }).sorted()
                var chart = LineChart(title: overlaid ? "\(run.label) · \(model)" : model, xLabel: "epoch",
                                      yLabel: lossNames.joined(separator: ", "), rightLabel: validNames.isEmpty ? nil : validNames.joined(separator: ", "))
                chart.width = 540
                chart.xIntegers = true
                let shown = traces.filter(\.selected)
                var selectedSoFar = 0
                for t in traces {
                    let who = (t.refit ? "refit " : "") + (t.fold.map { "fold \($0) " } ?? "") + "seed \(t.seed)"
                    // The k-th selected trace takes colour k, as in the legend (by position: a trace with NaN is not equal to itself).
                    let color = selectedSoFar
                    if t.selected { selectedSoFar += 1 }
                    for s in t.series where t.selected || !s.isValidation {
                        chart.series.append(.init(label: "\(s.name) \(who)", points: zip(s.epochs, s.values).map { (Double($0), $1) },
                                                  rightAxis: s.isValidation, dashed: s.isValidation, color: color, faded: !t.selected))
                    }
                    if t.selected, let e = t.bestEpoch { chart.markers.append(.init(x: Double(e), label: "\(who): epoch \(e) kept (best \(validNames.first ?? "validation"))", color: color)) }
                }
                // Line styles first (they read every line), then a colour per trial.
                chart.legend = lossNames.map { ($0, nil, false) } + validNames.map { ($0, nil, true) } + shown.enumerated().map { k, t in
                    ((t.refit ? "refit " : "") + (t.fold.map { "fold \($0) " } ?? "") + "seed \(t.seed)", k, false)
                }
                charts.append(chart.svg())
                drawn += 1
            }
        }
        guard drawn > 0 else { return nil }
        return section("training", "Training curves", [
            .text("Per model trained by epochs: training loss (solid, left axis) and the validation metric (dashed, right axis) of each trial of the selected configuration; the other configurations of the sweep in grey. A triangle marks the epoch whose weights early stopping kept."),
            .charts(charts),
        ])
    }

    /// Per model with a sweep: the selection score of every configuration against each parameter
    /// the sweep varies (log axis for log-uniform or wide grids), the selected one ringed.
    func sweeps() -> ReportPage.Section? {
        var charts: [String] = []
        var keys: [(model: String, parameter: SweepResponse.Parameter, metric: String)] = []
        for run in runs {
            for s in run.sweeps where s.configurations.count > 1 {
                for p in s.parameters {
                    guard let k = keys.firstIndex(where: { $0.model == s.model && $0.parameter.name == p.name }) else {
                        keys.append((s.model, p, "\(s.split) \(s.metric)")); continue
                    }
                    // Overlaid runs share an axis: categorical if any run's is, log only if every run's is.
                    let a = keys[k].parameter.scale, b = p.scale
                    keys[k].parameter.scale = a == b ? a : (a == "categorical" || b == "categorical" ? "categorical" : "linear")
                }
            }
        }
        for key in keys {
            let categories: [String]? = key.parameter.scale == "categorical"
                ? Array(Set(runs.flatMap { r in r.sweeps.filter { $0.model == key.model }.flatMap { $0.configurations.compactMap { $0.values[key.parameter.name] } } })).sorted()
                : nil
            var chart = ScatterChart(title: "\(key.model): \(key.parameter.name)", xLabel: key.parameter.name, yLabel: key.metric,
                                     x: categories.map { .categories($0) } ?? (key.parameter.scale == "log" ? .log : .linear))
            for (k, run) in runs.enumerated() {
                guard let s = run.sweeps.first(where: { $0.model == key.model }) else { continue }
                for c in s.configurations {
                    guard let text = c.values[key.parameter.name] else { continue }
                    let x = categories.map { Double($0.firstIndex(of: text) ?? -1) } ?? (Double(text) ?? .nan)
                    let others = c.values.filter { $0.key != key.parameter.name }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    let label = (overlaid ? run.label + " " : "") + "\(key.parameter.name)=\(text)" + (others.isEmpty ? "" : " (" + others.joined(separator: ", ") + ")")
                    chart.points.append(.init(x: x, y: c.score, label: label, highlighted: c.selected, color: k))
                }
            }
            if overlaid { chart.legend = runs.enumerated().map { ($1.label, $0) } }
            charts.append(chart.svg())
        }
        // Search progress: the best score found after each configuration (in the order the sweep ran
        // them: a TPE sweep's proposals follow its random start-up), one line per model and run.
        var progress = LineChart(title: "search progress: best so far", xLabel: "configurations tried", yLabel: keys.first?.metric)
        progress.xIntegers = true
        progress.width = 560
        var line = 0
        for run in runs {
            for s in run.sweeps where s.configurations.count >= 3 {
                let higher = run.testTable.flatMap { t in t.metrics.firstIndex(of: s.metric).map { t.higherIsBetter[$0] } } ?? true
                var best = Double.nan
                let points = s.configurations.sorted { $0.index < $1.index }.enumerated().map { k, c -> (x: Double, y: Double) in
                    if c.score.isFinite && (best.isNaN || (higher ? c.score > best : c.score < best)) { best = c.score }
                    return (Double(k + 1), best)
                }
                progress.series.append(.init(label: label(run, s.model), points: points, color: line))
                line += 1
            }
        }
        if !progress.series.isEmpty { charts.insert(progress.svg(), at: 0) }
        guard !charts.isEmpty else { return nil }
        return section("sweeps", "Sweep response", [
            .text("Each configuration's selection score (mean over its seeds and folds) against each parameter its sweep varies; the selected configuration is ringed. Hover a point for all its parameters."),
            .charts(charts),
        ])
    }

    /// Per run: a paired t-test between every two models on the selection metric, as a heat map
    /// coloured by the effect size (row − column) with the Holm-corrected p in each cell.
    func significance() -> ReportPage.Section? {
        var blocks: [ReportPage.Block] = []
        for run in runs {
            guard let pw = run.pairwise, pw.models.count > 1 else { continue }
            var map = HeatMap(title: "\(overlaid ? run.label + ": " : "")\(pw.metric), row − column", rows: pw.models, columns: pw.models)
            // Red means "row better": higher, or lower for an error metric (RMSE, MAE).
            let k = run.testTable?.metrics.firstIndex(of: pw.metric)
            let better: Double = (k.map { run.testTable!.higherIsBetter[$0] } ?? true) ? 1 : -1
            // With folds a user is paired once per fold they were tested in.
            let units = run.testTable?.rows.contains { $0.cells.contains { $0?.values.contains { $0.fold != nil } ?? false } } == true ? "user-fold pairs" : "users"
            map.cells = pw.models.map { a in pw.models.map { b in
                guard a != b, let p = pw.pair(a, b) else { return nil }
                let tip = "\(a) − \(b) = \(SVG.short(p.meanDifference)) \(pw.metric) over \(p.users) \(units); t-test p = \(Self.pText(p.p)), Holm p = \(Self.pText(p.holmP)); Cohen's d_z = \(SVG.fixed(p.effect, 3))"
                return HeatMap.Cell(value: better * p.effect / 0.5, text: Self.pText(p.holmP), tooltip: tip, emphasised: p.holmP < 0.05)
            } }
            map.caption = "colour: Cohen's d_z of row − column, red where the row is better (full at |d_z| ≥ 0.5); text: Holm p; outlined: p < 0.05"
            blocks.append(.charts([map.svg()]))
        }
        guard !blocks.isEmpty else { return nil }
        return section("significance", "Paired tests between models", [
            .text("Paired t-test over the users both models evaluated (each user's value averaged over seeds), Holm–Bonferroni over all pairs. Hover a cell for the difference, both p-values and the effect size."),
        ] + blocks)
    }

    /// The ranking metric per subgroup (user activity, item popularity, cold vs warm, attributes) as grouped bars with the table beside.
    func subgroups() -> ReportPage.Section? {
        var blocks: [ReportPage.Block] = []
        var names: [String] = []
        for r in runs { for s in r.subgroups where !names.contains(s.name) { names.append(s.name) } }
        for name in names {
            let tables = runs.compactMap { r in r.subgroups.first { $0.name == name }.map { (r, $0) } }
            var labels: [String] = []
            for (_, t) in tables { for l in t.labels where !labels.contains(l) { labels.append(l) } }
            let metric = tables[0].1.metric
            var chart = BarChart(title: "\(metric) by \(name)", groups: labels, yLabel: metric)
            chart.width = max(540, min(900, Double(labels.count * tables.reduce(0) { $0 + $1.1.rows.count }) * 16 + 120))
            var rows: [ReportPage.Row] = []
            var color = 0
            for (run, t) in tables {
                for row in t.rows {
                    let bars = labels.map { l -> BarChart.Bar? in
                        guard let k = t.labels.firstIndex(of: l), let v = row.means[k] else { return nil }
                        return BarChart.Bar(value: v, detail: row.users[k].map { "(\($0) users)" } ?? "")
                    }
                    chart.series.append(.init(label: label(run, row.model), bars: bars, color: color))
                    color += 1
                    var cells = [ReportPage.Cell(text: label(run, row.model), sortValue: label(run, row.model), tip: "", cls: "label")]
                    cells += labels.map { l in
                        guard let k = t.labels.firstIndex(of: l), let v = row.means[k] else { return ReportPage.Cell(text: "—", sortValue: "", tip: "", cls: "") }
                        return ReportPage.Cell(text: SVG.fixed(v, 4), sortValue: String(v), tip: row.users[k].map { "\($0) users" } ?? "", cls: "")
                    }
                    rows.append(ReportPage.Row(cells: cells))
                }
            }
            let columns = [ReportPage.Column(name: overlaid ? "run · model" : "model", tip: "")]
                + labels.map { ReportPage.Column(name: $0, tip: "hover a cell for the users it averages") }
            let note = tables.compactMap(\.1.note).first
            blocks.append(.charts([chart.svg()]))
            blocks.append(.table(ReportPage.Table(id: idPrefix + "subgroup-" + name.replacingOccurrences(of: ":", with: "-"),
                                                  caption: "\(metric) by \(name)" + (note.map { " — " + $0 } ?? ""), columns: columns, rows: rows)))
        }
        guard !blocks.isEmpty else { return nil }
        return section("subgroups", "Subgroups and cold start", [
            .text("The test ranking metric of each selected model within groups of users or items: activity and popularity quartiles of the training data, cold (at most 5 training interactions) against warm, and attribute groups."),
        ] + blocks)
    }

    /// A p-value for a cell: three decimals, or `<0.001`.
    static func pText(_ p: Double) -> String { p.isNaN ? "—" : p < 0.001 ? "<0.001" : SVG.fixed(p, 3) }
}
