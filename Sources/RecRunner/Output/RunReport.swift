import Foundation
import RecCore
import RecData
import RecEval
import RecHDF5
import RecSpec

/// Writes a run's result files from its trial records:
/// `metrics.csv` (long format), `traces.csv` + `traces.h5`, `per_user.h5`, `summary.md` + `summary.tex`
/// (one table per split, mean ± std over seeds, best configuration per model, significance markers
/// against the best model, 95% confidence intervals, pairwise tests, subgroup tables) and
/// `summary.json` (what `reclab compare` reads). Every file is written atomically.
struct RunReport {
    let spec: ExperimentSpec
    let folder: String
    let records: [TrialRecord]
    let store: TrialStore
    let contexts: [Int: FoldContext]
    let requests: [MetricRequest]
    /// Per-user files read once for every table that needs them.
    let perUserCache = PerUserFileCache()
    /// The paired t-tests against the reference per metric, computed once however many tables use them.
    let pairedTestMemo = PairedTestMemo()

    var selection: ModelSelection { ModelSelection(spec: spec, records: records) }

    /// Metric names in request order (as they appear in records), then anything else recorded.
    var metricNames: [MetricKey] {
        let names = requests.flatMap(\.keys)
        let recorded = Set(records.flatMap { $0.metrics.values.flatMap(\.keys) })
        return names.filter { recorded.contains($0) } + recorded.subtracting(names).sorted { $0.description < $1.description }
    }

    var splits: [EvaluationSplit] {
        EvaluationSplit.allCases.filter { s in records.contains { $0.metrics[s] != nil } }
    }

    func writeAll() throws {
        try writeMetricsCSV()
        try writeTraces()
        try writePerUser()
        try writeSummaries()
        try copyOutputs()
    }

    // MARK: - metrics.csv

    func writeMetricsCSV() throws {
        var lines = [CSV.line(["trial", "model", "type", "config", "parameters", "seed", "fold", "split", "metric", "cutoff", "value", "status", "refit"])]
        for r in records.sorted(by: { ($0.model, $0.configIndex, $0.seed, $0.fold ?? 0) < ($1.model, $1.configIndex, $1.seed, $1.fold ?? 0) }) {
            if r.status != "ok" {
                lines.append(CSV.line([r.id, r.model, r.type, "\(r.configIndex)", r.parameterText, "\(r.seed)", r.fold.map(String.init) ?? "",
                                       "", "", "", "", "failed: " + (r.error ?? ""), r.isRefit ? "true" : "false"]))
                continue
            }
            for split in EvaluationSplit.allCases {
                guard let m = r.metrics[split] else { continue }
                for name in metricNames where m[name] != nil {
                    lines.append(CSV.line([r.id, r.model, r.type, "\(r.configIndex)", r.parameterText, "\(r.seed)",
                                           r.fold.map(String.init) ?? "", split.rawValue, name.kind.rawValue,
                                           name.cutoff.map(String.init) ?? "", Self.num(m[name]!), "ok", r.isRefit ? "true" : "false"]))
                }
            }
        }
        try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: folder + "/metrics.csv")
    }

    // MARK: - traces

    func writeTraces() throws {
        var lines = [CSV.line(["trial", "model", "config", "parameters", "seed", "fold", "epoch", "quantity", "value"])]
        for r in records where !r.trace.isEmpty {
            for row in r.trace {
                lines.append(CSV.line([r.id, r.model, "\(r.configIndex)", r.parameterText, "\(r.seed)", r.fold.map(String.init) ?? "",
                                       "\(row.epoch)", row.name, Self.num(row.value)]))
            }
        }
        try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: folder + "/traces.csv")
        try AtomicFile.produce(folder + "/traces.h5") { tmp in
            let f = try HDF5File.create(path: tmp)
            defer { f.close() }
            for r in records where !r.trace.isEmpty {
                let g = try f.root.createGroup(r.id)
                try g.setAttribute("model", r.model)
                try g.setAttribute("parameters", r.parameterText)
                try g.setAttribute("seed", Int64(bitPattern: r.seed))
                for name in Set(r.trace.map(\.name)).sorted() {
                    let rows = r.trace.filter { $0.name == name }
                    let q = try g.createGroup(name.replacingOccurrences(of: "/", with: "_"))
                    try q.write("epoch", rows.map { Int32($0.epoch) })
                    try q.write("value", rows.map(\.value))
                }
            }
        }
    }

    // MARK: - per_user.h5: every trial's per-user values in one file

    func writePerUser() throws {
        try AtomicFile.produce(folder + "/per_user.h5") { tmp in
            let out = try HDF5File.create(path: tmp)
            defer { out.close() }
            for r in records where r.status == "ok" {
                guard let f = try? HDF5File.open(path: store.perUserPath(r.id), readOnly: true) else { continue }
                defer { f.close() }
                let g = try out.root.createGroup(r.id)
                try g.setAttribute("model", r.model)
                try g.setAttribute("parameters", r.parameterText)
                try g.setAttribute("seed", Int64(bitPattern: r.seed))
                if let fold = r.fold { try g.setAttribute("fold", Int64(fold)) }
                for split in f.root.memberNames() where f.root.isGroup(split) {
                    for kind in ["ranking", "rating"] where (try? f.root.openGroup(split))?.contains(kind) == true {
                        let src = try f.root.openGroup("\(split)/\(kind)")
                        let dst = try g.createGroup("\(split)/\(kind)")
                        let users: [Int32] = try src.read("users")
                        try dst.write("users", users)
                        let vs = try src.openGroup("values")
                        let vd = try dst.createGroup("values")
                        for name in vs.memberNames() { try vd.write(name, try vs.read(name) as [Double]) }
                    }
                }
            }
        }
    }

    // MARK: - summary.md / summary.tex / summary.json

    func writeSummaries() throws {
        let sel = selection
        let best = referenceModel(sel)
        var md = "# \(spec.name)\n\n"
        if let d = spec.description { md += d + "\n\n" }
        md += "Selection: best configuration per model by `\(spec.selection.metric)` on \(spec.selection.split.rawValue) "
        md += "(mean over seeds\(spec.split.folds.map { $0.count > 1 ? " and \($0.count) folds" : "" } ?? "")). "
        md += "Cells are mean ± standard deviation over \(spec.seeds.count) seed(s)"
        md += spec.split.folds.map { $0.count > 1 ? " × \($0.count) folds" : "" } ?? ""
        md += ". † marks a significant difference from the \(referenceLabel) model (\(best ?? "-")) on that metric: paired t-test over users, "
        md += "Holm-corrected over the models compared, p < 0.05.\n\n"
        if records.contains(where: \.isRefit) {
            md += "Refit: test figures come from the selected configurations retrained on train + validation "
            md += "(validation figures from the sweep trials).\n\n"
        }
        var tex = "% Generated by reclab for \(spec.name)\n"
        var json: [String: Any] = ["name": spec.name, "fingerprint": spec.fingerprint, "selection_metric": spec.selection.metric.description,
                                   "best_model": bestModel(sel) ?? NSNull(), "reference_model": best ?? NSNull()]
        var modelsJSON: [[String: Any]] = []
        for split in splits {
            let table = summaryTable(split: split, selection: sel, best: best)
            md += "## \(split.rawValue.capitalized)\n\n" + table.markdown() + "\n"
            tex += table.latex(label: "tab:\(spec.name)-\(split.rawValue)") + "\n"
        }
        if let ci = confidenceTable(selection: sel) { md += "## Test, 95% confidence intervals over seeds\n\n" + ci.markdown() + "\n" }
        if let sig = significanceTable(selection: sel, best: best) {
            md += "## Paired tests against \(best!) (test)\n\n" + sig.markdown() + "\n"
            tex += sig.latex(label: "tab:\(spec.name)-significance") + "\n"
        }
        if let all = metricSignificanceTable(selection: sel, best: best) {
            md += "## Paired t-tests against \(best!) on every metric (test)\n\nΔ mean (reference − model) and, in brackets, the Holm-adjusted p over the models.\n\n" + all.markdown() + "\n"
        }
        for t in subgroupTables(selection: sel) { md += "## \(t.title)\n\n" + t.markdown() + "\n" }
        md += configurationsSection(selection: sel)
        let failed = records.filter { $0.status != "ok" }
        if !failed.isEmpty {
            md += "## Failed trials\n\n" + ResultTable(title: "failed", header: ["trial", "model", "parameters", "seed", "error"],
                rows: failed.map { [$0.id, $0.model, $0.parameterText, "\($0.seed)", $0.error ?? ""] }).markdown() + "\n"
        }
        for m in spec.models.map(\.name) {
            let rs = sel.records(of: m, in: records)
            let sweep = sel.sweepRecords(of: m, in: records)
            var entry: [String: Any] = ["model": m, "type": rs.first?.type ?? "", "parameters": rs.first?.parameterText ?? "",
                                        "trials": rs.map(\.id)]
            var means: [String: [String: Double]] = [:]
            entry["refit"] = rs.contains(where: \.isRefit)
            for split in splits {
                for name in metricNames {
                    let vs = (split == .test ? rs : sweep).compactMap { $0.metrics[split]?[name] }
                    if !vs.isEmpty { means[split.rawValue, default: [:]][name.description] = vs.reduce(0, +) / Double(vs.count) }
                }
            }
            entry["metrics"] = means
            modelsJSON.append(entry)
        }
        json["models"] = modelsJSON
        try AtomicFile.write(md, to: folder + "/summary.md")
        try AtomicFile.write(tex, to: folder + "/summary.tex")
        try AtomicFile.write(try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys]), to: folder + "/summary.json")
    }

    /// The model the paired tests compare every other one with: `selection.reference` when the spec
    /// names one (and it has results), else the best on test.
    func referenceModel(_ sel: ModelSelection) -> String? {
        if let r = spec.selection.reference, sel.models.contains(r) { return r }
        return bestModel(sel)
    }

    /// "reference" when the spec names the compared model, "best" otherwise.
    var referenceLabel: String { spec.selection.reference == nil ? "best" : "reference" }

    /// The best model overall on test by the selection metric (its best configuration).
    func bestModel(_ sel: ModelSelection) -> String? {
        guard let metric = sel.metric else { return nil }
        let higher = metric.higherIsBetter
        let scored: [(String, Double)] = sel.models.compactMap { m in
            let vs = sel.records(of: m, in: records).compactMap { $0.metrics[.test]?[metric] }
            return vs.isEmpty ? nil : (m, vs.reduce(0, +) / Double(vs.count))
        }
        return scored.sorted { higher ? $0.1 > $1.1 : $0.1 < $1.1 }.first?.0
    }

    func summaryTable(split: EvaluationSplit, selection sel: ModelSelection, best: String?) -> ResultTable {
        let names = metricNames.filter { n in records.contains { $0.metrics[split]?[n] != nil } }
        let marks = split == .test ? significanceMarks(selection: sel, best: best, metrics: names) : [:]
        var rows: [[String]] = []
        for m in sel.models {
            let rs = split == .test ? sel.records(of: m, in: records) : sel.sweepRecords(of: m, in: records)
            guard !rs.isEmpty else { rows.append([m] + names.map { _ in "failed" }); continue }
            var row = [m + (m == best && split == .test ? " (\(referenceLabel))" : "")]
            for n in names {
                let vs = rs.compactMap { $0.metrics[split]?[n] }.filter { !$0.isNaN }
                if vs.isEmpty { row.append("–"); continue }
                let s = SeedSummary(vs)
                var cell = vs.count > 1 ? "\(Self.num4(s.mean)) ± \(Self.num4(s.standardDeviation))" : Self.num4(s.mean)
                if marks[m]?.contains(n) == true { cell += " †" }
                row.append(cell)
            }
            rows.append(row)
        }
        return ResultTable(title: "\(spec.name): \(split.rawValue)", header: ["model"] + names.map(\.description), rows: rows)
    }

    func confidenceTable(selection sel: ModelSelection) -> ResultTable? {
        guard spec.seeds.count > 1 || (spec.split.folds?.count ?? 1) > 1 else { return nil }
        let names = metricNames.filter { n in records.contains { $0.metrics[.test]?[n] != nil } }
        let rows: [[String]] = sel.models.map { m in
            let rs = sel.records(of: m, in: records)
            return [m] + names.map { n in
                let vs = rs.compactMap { $0.metrics[.test]?[n] }.filter { !$0.isNaN }
                guard vs.count > 1 else { return vs.first.map(Self.num4) ?? "–" }
                let s = SeedSummary(vs)
                return "\(Self.num4(s.mean)) [\(Self.num4(s.lower)), \(Self.num4(s.upper))]"
            }
        }
        return ResultTable(title: "test, mean [95% CI]", header: ["model"] + names.map(\.description), rows: rows)
    }

    /// Model → metrics on which it differs significantly from the best model (Holm over models).
    func significanceMarks(selection sel: ModelSelection, best: String?, metrics: [MetricKey]) -> [String: Set<MetricKey>] {
        guard let best else { return [:] }
        var marks: [String: Set<MetricKey>] = [:]
        for n in metrics {
            for test in holmPairedTTests(metric: n, reference: best, selection: sel) where test.holmP < 0.05 {
                marks[test.model, default: []].insert(n)
            }
        }
        return marks
    }

    /// Paired t-tests over users of `reference` against every other selected model on test `metric`,
    /// Holm-adjusted over the models: the numbers behind the † marks and the every-metric table.
    func holmPairedTTests(metric n: MetricKey, reference: String, selection sel: ModelSelection) -> [PairedTestMemo.Result] {
        pairedTestMemo.results(metric: n, reference: reference) {
            guard let b = PerUserValues.load(metric: n, split: .test, records: sel.records(of: reference, in: records),
                                             store: store, cache: perUserCache) else { return [] }
            var tests: [(String, PairedTTest)] = []
            for m in sel.models where m != reference {
                guard let o = PerUserValues.load(metric: n, split: .test, records: sel.records(of: m, in: records), store: store, cache: perUserCache) else { continue }
                let (x, y) = b.paired(with: o)
                guard x.count > 1 else { continue }
                tests.append((m, PairedTTest(x, y)))
            }
            let adjusted = HolmBonferroni.adjust(tests.map(\.1.pValue))
            return zip(tests, adjusted).map { PairedTestMemo.Result(model: $0.0, meanDifference: $0.1.meanDifference, holmP: $1) }
        }
    }

    /// Every test metric's paired comparison with the reference: `Δ (Holm p)` per model and metric,
    /// Δ = reference − model, Holm over the models within each metric (as the † marks).
    func metricSignificanceTable(selection sel: ModelSelection, best: String?) -> ResultTable? {
        guard let best else { return nil }
        let names = metricNames.filter { n in records.contains { $0.metrics[.test]?[n] != nil } }
        let others = sel.models.filter { $0 != best }
        var cells: [String: [MetricKey: String]] = [:]
        for n in names {
            for test in holmPairedTTests(metric: n, reference: best, selection: sel) {
                cells[test.model, default: [:]][n] = "\(Self.signed4(test.meanDifference)) (\(Self.p(test.holmP)))"
            }
        }
        guard !cells.isEmpty, names.count > 1 else { return nil }
        let rows = others.filter { cells[$0] != nil }.map { m in [m] + names.map { cells[m]?[$0] ?? "–" } }
        return ResultTable(title: "\(best) vs others, every metric (test)", header: ["model"] + names.map(\.description), rows: rows)
    }

    func significanceTable(selection sel: ModelSelection, best: String?) -> ResultTable? {
        guard let best, let n = sel.metric else { return nil }
        let bestRecords = sel.records(of: best, in: records)
        guard let b = PerUserValues.load(metric: n, split: .test, records: bestRecords, store: store, cache: perUserCache) else { return nil }
        var rows: [[String]] = [], pt: [Double] = [], pw: [Double] = []
        var entries: [(String, Int, Double, PairedTTest, WilcoxonSignedRank)] = []
        for m in sel.models where m != best {
            guard let o = PerUserValues.load(metric: n, split: .test, records: sel.records(of: m, in: records), store: store, cache: perUserCache) else { continue }
            let (x, y) = b.paired(with: o)
            guard x.count > 1 else { continue }
            let t = PairedTTest(x, y), w = WilcoxonSignedRank(x, y)
            entries.append((m, x.count, t.meanDifference, t, w)); pt.append(t.pValue); pw.append(w.pValue)
        }
        guard !entries.isEmpty else { return nil }
        let ht = HolmBonferroni.adjust(pt), hw = HolmBonferroni.adjust(pw)
        for (k, e) in entries.enumerated() {
            rows.append([e.0, "\(e.1)", Self.num4(e.2), Self.p(e.3.pValue), Self.p(ht[k]), Self.num4(e.3.cohensDz),
                         Self.p(e.4.pValue), Self.p(hw[k]), Self.num4(e.4.rankBiserial)])
        }
        return ResultTable(title: "\(best) vs others on \(n) (test)",
                           header: ["model", "users", "Δ mean (\(referenceLabel) − model)", "t-test p", "Holm p", "Cohen's d_z",
                                    "Wilcoxon p", "Holm p", "rank-biserial r"], rows: rows)
    }

    // MARK: - subgroups

    func subgroupTables(selection sel: ModelSelection) -> [ResultTable] {
        guard !spec.evaluation.subgroups.isEmpty, let context = contexts.values.sorted(by: { ($0.fold ?? 0) < ($1.fold ?? 0) }).first else { return [] }
        let metric = rankingSubgroupMetric
        guard let metric else { return [] }
        let d = context.prepared.dataset
        let train = context.training.userItem
        var tables: [ResultTable] = []
        for s in spec.evaluation.subgroups {
            var grouping: Grouping?
            var itemSide = false
            switch s {
            case .coldUsers: grouping = .coldWarm(counts: Grouping.userCounts(train), coldAtMost: 5, name: "cold_users")
            case .userActivity: grouping = .quantileBins(Grouping.userCounts(train).map(Double.init), bins: 4, name: "user_activity")
            case .itemPopularity: grouping = .quantileBins(Grouping.itemCounts(train).map(Double.init), bins: 4, name: "item_popularity"); itemSide = true
            case .coldItems: grouping = .coldWarm(counts: Grouping.itemCounts(train), coldAtMost: 5, name: "cold_items"); itemSide = true
            case .userAttribute(let a): grouping = d.userAttributes[a].flatMap { Self.attributeGrouping($0, name: "user:" + a) }
            case .itemAttribute(let a): grouping = d.itemAttributes[a].flatMap { Self.attributeGrouping($0, name: "item:" + a) }; itemSide = true
            }
            guard let grouping else { continue }
            // A user attribute does not depend on the fold, so its table pools every fold's test users;
            // groupings by training counts and item-side tables are the first fold's.
            var pooled = false
            if case .userAttribute = s { pooled = true }
            let foldNote = !pooled && contexts.count > 1 ? ", fold \(context.fold ?? 0) only" : ""
            var rows: [[String]] = []
            for m in sel.models {
                let rs = sel.records(of: m, in: records).filter { pooled || ($0.fold ?? 0) == (context.fold ?? 0) }
                guard !rs.isEmpty else { continue }
                if itemSide {
                    // Recompute from the stored top-K lists of the first seed, relevant sets restricted per item group.
                    guard let lists = Self.loadRankings(store.perUserPath(rs[0].id)),
                          let req = try? MetricRequest(metric.kind, cutoffs: metric.cutoff.map { [$0] } ?? []),
                          let byGroup = try? context.test.evaluate([req], rankings: lists, itemGroups: grouping) else { continue }
                    rows.append([m] + grouping.labels.map { l in
                        byGroup[l].map { r in "\(Self.num4(r.mean(metric.description) ?? .nan)) (\(r.users.count))" } ?? "–"
                    })
                } else {
                    guard let v = PerUserValues.load(metric: metric, split: .test, records: rs, store: store, cache: perUserCache) else { continue }
                    let (users, values) = v.byUser()
                    let t = SubgroupTable(values: values, users: users, grouping: grouping)
                    rows.append([m] + t.rows.map { "\(Self.num4($0.mean)) (\($0.count))" })
                }
            }
            if !rows.isEmpty {
                tables.append(ResultTable(title: "Subgroups: \(grouping.name), \(metric) on test (users in brackets\(foldNote))",
                                          header: ["model"] + grouping.labels, rows: rows))
            }
        }
        return tables
    }

    var rankingSubgroupMetric: MetricKey? {
        guard let sel = selection.metric else { return nil }
        if !sel.higherIsBetter || sel.kind == .auc {
            return metricNames.first { $0.cutoff != nil }
        }
        return sel
    }

    static func attributeGrouping(_ c: AttributeColumn, name: String) -> Grouping? {
        switch c {
        case .categorical: return try? Grouping.categorical(c, name: name)
        case .numeric(let v): return Grouping.quantileBins(v.map(Double.init), bins: 4, name: name)
        case .multiCategorical: return nil
        }
    }

    static func loadRankings(_ path: String) -> RankedLists? {
        guard let f = try? HDF5File.open(path: path, readOnly: true), let g = try? f.root.openGroup("test/ranking/rankings"),
              let users: [Int32] = try? g.read("users"), let offsets: [Int64] = try? g.read("offsets"),
              let items: [Int32] = try? g.read("items"), let k: Int64 = try? g.attribute("k") else { return nil }
        defer { f.close() }
        return RankedLists(users: users, k: Int(k), offsets: offsets.map { Int($0) }, items: items)
    }

    func configurationsSection(selection sel: ModelSelection) -> String {
        var md = "## Configurations\n\n"
        let metric = spec.selection.metric.description
        var rows: [[String]] = []
        for m in sel.models {
            let configs = Dictionary(grouping: records.filter { $0.model == m && !$0.isRefit }, by: \.configIndex)
            for c in configs.keys.sorted() {
                let rs = configs[c]!
                let ok = rs.filter { $0.status == "ok" }
                rows.append([m, "\(c)\(sel.best[m] == c ? " ★" : "")", rs[0].parameterText,
                             Self.num4(sel.scores[m]?[c] ?? .nan), "\(ok.count)/\(rs.count)",
                             String(format: "%.2f", rs.map(\.seconds).reduce(0, +) / Double(rs.count))])
            }
        }
        md += ResultTable(title: "configurations", header: ["model", "config", "parameters", "\(metric) (\(spec.selection.split.rawValue))", "ok trials", "mean seconds"], rows: rows).markdown()
        return md + "\n★ = selected configuration.\n\n"
    }

    // MARK: - top-K and prediction TSVs of the selected configurations

    func copyOutputs() throws {
        let sel = selection
        for m in sel.models {
            guard let r = sel.records(of: m, in: records).first else { continue }
            for (suffix, dir) in [("topk.tsv", "topk"), ("predictions.tsv", "predictions")] {
                let src = store.folder + "/\(r.id).\(suffix)"
                guard let data = FileManager.default.contents(atPath: src) else { continue }
                try AtomicFile.write(data, to: folder + "/\(dir)/\(m).tsv")
            }
        }
    }

    /// The test table, the paired tests against the best model and the selected configurations, as
    /// a BENCHMARKS.md section that names the command reproducing it.
    func benchmarkSection(command: String) -> String {
        let sel = selection
        let best = referenceModel(sel)
        let day = ISO8601DateFormatter().string(from: Date()).prefix(10)
        let seeds = spec.seeds.count, folds = spec.split.folds?.count ?? 1
        let trialSeconds = records.reduce(0) { $0 + $1.seconds }
        var md = "Measured \(day), release build: \(records.count) trials, \(String(format: "%.0f", trialSeconds)) s of trial time "
        md += "(fit + evaluation summed over trials; \(spec.parallelism.trials) ran at a time). "
        md += "Reproduce: `\(command)`. "
        md += "Cells: mean ± std over \(seeds) seed\(seeds == 1 ? "" : "s")\(folds > 1 ? " × \(folds) folds" : ""); "
        md += "† = significantly different from \(best ?? "the best model")\(spec.selection.reference == nil ? "" : " (the spec's reference)") "
        md += "(paired t-test over users, Holm, p < 0.05). "
        md += "Selection by `\(spec.selection.metric)` on \(spec.selection.split.rawValue)"
        md += records.contains(where: \.isRefit) ? ", then refit on train + validation.\n\n" : ".\n\n"
        md += summaryTable(split: .test, selection: sel, best: best).markdown() + "\n"
        if let sig = significanceTable(selection: sel, best: best) { md += sig.markdown() + "\n" }
        if let all = metricSignificanceTable(selection: sel, best: best) {
            md += "Every metric, Δ mean (reference − model) with the Holm-adjusted paired t-test p over the models in brackets:\n\n" + all.markdown() + "\n"
        }
        md += "Selected configurations:\n\n"
        for m in sel.models {
            guard let r = sel.records(of: m, in: records).first else { continue }
            md += "- \(m) (`\(r.type)`): \(r.parameterText)\n"
        }
        return md
    }

    /// A short console table of test results.
    func consoleSummary() -> String {
        let sel = selection
        let best = referenceModel(sel)
        guard splits.contains(.test) else { return "no successful trials" }
        let table = summaryTable(split: .test, selection: sel, best: best)
        var widths = table.header.map(\.count)
        for r in table.rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        return ([line(table.header)] + table.rows.map(line)).joined(separator: "\n")
    }

    static func num(_ x: Double) -> String { x.isNaN ? "NaN" : String(format: "%.6g", x) }
    static func num4(_ x: Double) -> String { x.isNaN ? "–" : String(format: "%.4f", x) }
    static func signed4(_ x: Double) -> String { x.isNaN ? "–" : String(format: "%+.4f", x) }
    static func p(_ x: Double) -> String { x.isNaN ? "–" : (x < 1e-4 ? String(format: "%.1e", x) : String(format: "%.4f", x)) }
}

/// Per-report memo of the Holm-adjusted paired t-tests against the reference, keyed by metric and
/// reference model, so the † marks of several tables and the every-metric table share one computation.
final class PairedTestMemo: @unchecked Sendable {
    /// One model's comparison with the reference on one metric.
    struct Result: Sendable {
        let model: String
        /// Reference − model, averaged over users.
        let meanDifference: Double
        /// Holm-adjusted over the models compared on that metric.
        let holmP: Double
    }

    private let lock = NSLock()
    private var stored: [String: [Result]] = [:]

    /// The stored results for (`metric`, `reference`), computed by `compute` on first use.
    func results(metric: MetricKey, reference: String, compute: () -> [Result]) -> [Result] {
        let key = reference + "\u{0}" + metric.description
        lock.lock()
        if let hit = stored[key] { lock.unlock(); return hit }
        lock.unlock()
        let fresh = compute()
        lock.lock(); stored[key] = fresh; lock.unlock()
        return fresh
    }
}
