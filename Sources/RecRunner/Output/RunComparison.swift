import Foundation
import RecConfig
import RecEval

/// `reclab compare`: the test metrics of several runs' models side by side, what differs between
/// their resolved specs, and paired tests over users — only between runs whose users can be paired.
///
/// Paired tests need the same test users on the same split: two runs are paired only when their
/// manifests list the same dataset cache keys (which hash the source files, the preprocessing, the
/// split method and its seed, fold by fold). Otherwise their tables are still shown, marked
/// unpaired, and no test is computed. By default each model is tested against the model of the
/// same name in the first run; `reference` (`RUN:MODEL`, RUN a 1-based index or a run label) tests
/// every other model against that one. Holm's correction runs over every test shown.
public struct RunComparison {
    /// One run folder as compare reads it.
    struct Run {
        let folder: String
        /// `name@fingerprint` (the first 8 digits), unique among the compared runs.
        var label: String
        let summary: SummaryDocument
        let cacheKeys: [String]
        let resolved: [String: String]
    }

    let runs: [Run]
    let metric: MetricKey
    let reference: (run: Int, model: String)?

    /// Loads the runs in `folders`; `metric` defaults to the first run's selection metric.
    /// - Throws: `CompareError` for a folder that is not a finished run, a metric in none of the
    ///   runs, or a reference that names no run or model.
    public init(runs folders: [String], metric: String?, reference: String? = nil) throws {
        var runs = try folders.map(Self.load)
        for i in runs.indices where runs.filter({ $0.label == runs[i].label }).count > 1 { runs[i].label += "#\(i + 1)" }
        self.runs = runs
        let name = metric ?? runs[0].summary.selectionMetric
        guard let key = MetricKey(name) else { throw CompareError("--metric \(name): not a metric (write e.g. ndcg@10)") }
        let present = Set(runs.flatMap { $0.summary.models.flatMap { ($0.metrics[.test] ?? [:]).keys } })
        guard present.contains(key) else {
            let listed = present.map(\.description).sorted()
            throw CompareError("--metric \(name) is in none of the runs' test results; "
                               + Suggestions.fix(name, in: listed, listing: "they have"))
        }
        self.metric = key
        self.reference = try reference.map { try Self.parseReference($0, runs: runs) }
    }

    static func load(_ folder: String) throws -> Run {
        let summary: SummaryDocument
        do { summary = try SummaryDocument.read(folder: folder) } catch {
            throw CompareError("\(folder)/summary.json: missing or unreadable (is \(folder) a finished run folder?): \(error)")
        }
        struct Keys: Decodable { let dataset_cache_keys: [String] }
        guard let data = FileManager.default.contents(atPath: folder + "/manifest.json"),
              let keys = try? JSONDecoder().decode(Keys.self, from: data) else {
            throw CompareError("\(folder)/manifest.json: missing or unreadable (is \(folder) a finished run folder?)")
        }
        var resolved: [String: String] = [:]
        if let text = FileManager.default.contents(atPath: folder + "/spec.resolved.json"),
           let json = try? JSONDecoder().decode(ParamValue.self, from: text) {
            flatten(json, path: "", into: &resolved)
        }
        return Run(folder: folder, label: "\(summary.name)@\(summary.fingerprint.prefix(8))", summary: summary,
                   cacheKeys: keys.dataset_cache_keys, resolved: resolved)
    }

    /// `RUN:MODEL` → (run index, model name).
    static func parseReference(_ text: String, runs: [Run]) throws -> (run: Int, model: String) {
        guard let colon = text.lastIndex(of: ":") else { throw CompareError("--reference \(text): write RUN:MODEL, e.g. 1:ease") }
        let runText = String(text[..<colon]), model = String(text[text.index(after: colon)...])
        let index: Int
        if let i = Int(runText), (1...runs.count).contains(i) { index = i - 1 }
        else if let i = runs.firstIndex(where: { $0.label == runText }) { index = i }
        else if runs.filter({ $0.summary.name == runText }).count > 1 {
            throw CompareError("--reference \(text): several runs are called '\(runText)'; give one of \(runs.filter { $0.summary.name == runText }.map(\.label).joined(separator: ", ")) or its index")
        }
        else if let i = runs.firstIndex(where: { $0.summary.name == runText }) { index = i }
        else { throw CompareError("--reference \(text): no run '\(runText)' (give 1…\(runs.count) or a label: \(runs.map(\.label).joined(separator: ", ")))") }
        let names = runs[index].summary.models.map(\.model)
        guard names.contains(model) else {
            throw CompareError("--reference \(text): run \(runs[index].label) has no model '\(model)'; " + Suggestions.fix(model, in: names))
        }
        return (index, model)
    }

    /// Leaf paths of a JSON value (`split.method` → `"user_ratio"`).
    static func flatten(_ v: ParamValue, path: String, into out: inout [String: String]) {
        switch v {
        case .record(let members):
            for (k, m) in members { flatten(m, path: path.isEmpty ? k : path + "." + k, into: &out) }
        case .list(let items) where items.contains(where: { $0.recordValue != nil }):
            for (i, item) in items.enumerated() { flatten(item, path: "\(path)[\(i)]", into: &out) }
        default:
            out[path] = v.text
        }
    }

    /// Resolved-spec keys that change what a per-user value means (which items are ranked, which
    /// are relevant): runs that differ in them are not paired even on the same data.
    static let evaluationKeys = ["evaluation.candidates", "evaluation.candidates.sampled", "evaluation.candidates.seed",
                                 "evaluation.relevance_threshold"]

    /// Whether runs `a` and `b` evaluate the same users on the same split in the same way.
    func paired(_ a: Int, _ b: Int) -> Bool {
        runs[a].cacheKeys == runs[b].cacheKeys
            && Self.evaluationKeys.allSatisfy { runs[a].resolved[$0] == runs[b].resolved[$0] }
    }

    /// The comparison as text: runs, spec differences, the metrics table, the paired tests.
    public func render() -> String {
        var out = "Runs:\n" + runs.enumerated().map { "  \($0 + 1). \($1.label)  \($1.folder)" }.joined(separator: "\n") + "\n"
        out += specDifferences()
        out += "\n" + metricsTable().markdown()
        out += "\n" + tests()
        return out
    }

    /// Resolved-spec keys whose values differ from the first run's (descriptions and output places aside).
    func specDifferences() -> String {
        var out = ""
        let ignored = ["description", "output.folder", "parallelism.trials", "parallelism.blas_threads"]
        for k in runs.indices.dropFirst() {
            let a = runs[0].resolved, b = runs[k].resolved
            let keys = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] && !ignored.contains($0) }.sorted()
            guard !keys.isEmpty else { continue }
            out += "\nSpec differences, \(runs[0].label) → \(runs[k].label):\n"
            for key in keys.prefix(40) { out += "  \(key): \(a[key] ?? "absent") → \(b[key] ?? "absent")\n" }
            if keys.count > 40 { out += "  … \(keys.count - 40) more\n" }
        }
        for k in runs.indices.dropFirst() where !paired(0, k) {
            let why = runs[k].cacheKeys != runs[0].cacheKeys ? "their dataset cache keys differ"
                : "they rank different candidates or count different items as relevant"
            out += "\n\(runs[k].label) is not on \(runs[0].label)'s data and split (\(why)): "
                + "its rows are unpaired and no paired test is computed against it.\n"
        }
        return out
    }

    /// Every run's models × test metrics, with the difference from each row's reference.
    func metricsTable() -> ResultTable {
        let metrics = Array(Set(runs.flatMap { $0.summary.models.flatMap { ($0.metrics[.test] ?? [:]).keys } }))
            .sorted { ($0.kind.rawValue, $0.cutoff ?? 0) < ($1.kind.rawValue, $1.cutoff ?? 0) }
        var rows: [[String]] = []
        for (k, run) in runs.enumerated() {
            for m in run.summary.models {
                let ref = referenceOf(run: k, model: m.model)
                var row = [run.label, m.model, ref == nil ? "" : (paired(k, ref!.run) ? "" : "unpaired")]
                let refMetrics = ref.flatMap { r in runs[r.run].summary.models.first { $0.model == r.model }?.metrics[.test] }
                for key in metrics {
                    guard let v = m.metrics[.test]?[key] else { row.append("–"); continue }
                    var cell = String(format: "%.4f", v)
                    if let r = refMetrics?[key] { cell += String(format: " (%+.4f)", v - r) }
                    row.append(cell)
                }
                rows.append(row)
            }
        }
        return ResultTable(title: "comparison", header: ["run", "model", ""] + metrics.map(\.description), rows: rows)
    }

    /// What (run, model) is compared with: the reference when given, else the same model of the
    /// first run (for a single run, its first model); nil for the reference itself.
    func referenceOf(run k: Int, model: String) -> (run: Int, model: String)? {
        if let reference { return (reference.run == k && reference.model == model) ? nil : reference }
        if runs.count == 1 {
            let first = runs[0].summary.models.first?.model
            return model == first ? nil : first.map { (0, $0) }
        }
        guard k > 0, runs[0].summary.models.contains(where: { $0.model == model }) else { return nil }
        return (0, model)
    }

    /// Paired t-test and Wilcoxon signed-rank per compared pair, Holm-corrected over all of them.
    func tests() -> String {
        var pairs: [(label: String, users: Int, delta: Double, t: Double, w: Double)] = []
        for (k, run) in runs.enumerated() {
            for m in run.summary.models {
                guard let ref = referenceOf(run: k, model: m.model), paired(k, ref.run),
                      let refModel = runs[ref.run].summary.models.first(where: { $0.model == ref.model }),
                      let a = values(run: runs[ref.run], model: refModel), let b = values(run: run, model: m) else { continue }
                let (x, y) = a.paired(with: b)
                guard x.count > 1 else { continue }
                let t = PairedTTest(x, y), w = WilcoxonSignedRank(x, y)
                pairs.append(("\(run.label) \(m.model) vs \(runs[ref.run].label) \(ref.model)", x.count, -t.meanDifference, t.pValue, w.pValue))
            }
        }
        guard !pairs.isEmpty else {
            return "No paired test on \(metric) (test): no two compared models have intact per-user values on the same users "
                + "(runs written before sealed records in the shared trial store must be run again to be compared).\n"
        }
        let tHolm = HolmBonferroni.adjust(pairs.map(\.t)), wHolm = HolmBonferroni.adjust(pairs.map(\.w))
        let rows = pairs.indices.map { i in
            [pairs[i].label, String(pairs[i].users), String(format: "%+.4f", pairs[i].delta),
             String(format: "%.4g", tHolm[i]), String(format: "%.4g", wHolm[i])]
        }
        return "Paired tests on \(metric) (test), Holm-corrected over the \(pairs.count) shown:\n\n"
            + ResultTable(title: "significance", header: ["comparison", "paired users", "Δ mean", "t-test p (Holm)", "Wilcoxon p (Holm)"],
                          rows: rows).markdown()
    }

    private func values(run: Run, model: SummaryDocument.Model) -> PerUserValues? {
        let store = TrialStore(runFolder: run.folder)
        return PerUserValues.load(metric: metric, split: .test, records: model.trials.compactMap { store.finished($0) }, store: store)
    }
}

/// A `reclab compare` input problem.
struct CompareError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
