import Foundation
import RecData
import RecEval
import RecSpec
import RecTestSupport
import Testing
@testable import RecRunner

/// A small synthetic experiment written to a temporary folder: two models, two seeds, validation split.
private func smallSpec(extra: String = "") -> String {
    """
    {
      "name": "runner-test",
      "dataset": {"source": "synthetic", "synthetic": {"users": 120, "items": 90, "interactions": 3000, "seed": 3}},
      "split": {"method": "user_ratio", "ratios": [0.7, 0.1, 0.2], "seed": 5},
      "models": [
        {"name": "random", "type": "random"},
        {"name": "pop", "type": "popularity", "params": {"damping": [0, 10]}}
      ],
      "seeds": [0, 1],
      "evaluation": {"metrics": ["ndcg@5,10", "recall@10", "auc", "rmse"], "subgroups": ["user_activity", "cold_items"]},
      "selection": {"metric": "ndcg@10", "split": "validation"}\(extra)
    }
    """
}

private func runSpec(_ text: String, in dir: URL, force: Bool = false) throws -> String {
    try runSpecText(text, in: dir) { $0.force = force }
}

/// metrics.csv without the trial-independent parts that legitimately differ (none today) — the whole text.
private func metricsCSV(_ folder: String) throws -> String {
    try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8)
}

@Suite(.serialized) struct ExperimentRunnerTests {
    @Test func runWritesEveryOutputFile() throws {
        let dir = try Fixtures.temporaryDirectory("runner")
        let folder = try runSpec(smallSpec(), in: dir)
        for f in ["spec.resolved.json", "manifest.json", "metrics.csv", "per_user.h5", "summary.md", "summary.tex",
                  "summary.json", "traces.csv", "traces.h5", "report.json", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + f), "missing \(f)")
        }
        // random: 1 config × 2 seeds; pop (deterministic, trained once per configuration): 2 configs = 4 trials.
        let records = try FileManager.default.contentsOfDirectory(atPath: TrialStore(runFolder: folder).folder).filter { $0.hasSuffix(".json") }
        #expect(records.count == 4)
        let csv = try metricsCSV(folder)
        let rows = CSV.parse(csv)
        // pop sweeps damping, so it has a column of its own.
        #expect(rows[0] == ["trial", "model", "type", "config", "parameters", "param.damping", "seed", "fold", "split", "metric", "cutoff",
                            "value", "status", "refit"])
        // every trial has ndcg@5, ndcg@10, recall@10, auc on validation and test; popularity also rmse.
        #expect(rows.dropFirst().filter { $0[9] == "ndcg" && $0[10] == "10" }.count == 8)
        #expect(rows.dropFirst().filter { $0[9] == "rmse" && $0[1] == "pop" }.count == 4)
        #expect(Set(rows.dropFirst().filter { $0[1] == "pop" }.map { $0[5] }) == ["0.0", "10.0"])
        #expect(Set(rows.dropFirst().filter { $0[1] == "random" }.map { $0[5] }) == [""])
        let summary = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8)
        #expect(summary.contains("## Test") && summary.contains("## Validation"))
        #expect(summary.contains("Paired tests against"))
        #expect(summary.contains("Subgroups: user_activity") && summary.contains("Subgroups: cold_items"))
        let tex = try String(contentsOfFile: folder + "/summary.tex", encoding: .utf8)
        #expect(tex.contains("\\begin{tabular}") && tex.contains("\\toprule"))
        // no temporary files anywhere
        let all = FileManager.default.enumerator(atPath: folder)!.compactMap { $0 as? String }
        #expect(!all.contains { $0.contains(".tmp-") })
    }

    @Test func sameSpecAndSeedGiveTheSameNumbers() throws {
        let a = try runSpec(smallSpec(), in: try Fixtures.temporaryDirectory("det-a"))
        let b = try runSpec(smallSpec(), in: try Fixtures.temporaryDirectory("det-b"))
        #expect(try metricsCSV(a) == metricsCSV(b))
    }

    @Test func rerunSkipsFinishedTrialsAndResumeGivesTheSameTables() throws {
        let dir = try Fixtures.temporaryDirectory("resume")
        let folder = try runSpec(smallSpec(), in: dir)
        let full = try metricsCSV(folder)
        let trials = TrialStore(runFolder: folder).folder
        // A second run finds every trial finished: record files are untouched.
        let before = try FileManager.default.attributesOfItem(atPath: trials + "/" + (try FileManager.default.contentsOfDirectory(atPath: trials).sorted().first!))[.modificationDate] as? Date
        _ = try runSpec(smallSpec(), in: dir)
        let after = try FileManager.default.attributesOfItem(atPath: trials + "/" + (try FileManager.default.contentsOfDirectory(atPath: trials).sorted().first!))[.modificationDate] as? Date
        #expect(before == after)
        // Simulate a run killed mid-way (kill -9): half the records gone, a stray temporary file left.
        let jsons = try FileManager.default.contentsOfDirectory(atPath: trials).filter { $0.hasSuffix(".json") }.sorted()
        for j in jsons.prefix(3) { try FileManager.default.removeItem(atPath: trials + "/" + j) }
        try Data("partial".utf8).write(to: URL(fileURLWithPath: trials + "/\(jsons[0]).tmp-999-1"))
        try FileManager.default.removeItem(atPath: folder + "/metrics.csv")
        _ = try runSpec(smallSpec(), in: dir)
        #expect(try metricsCSV(folder) == full)
        // --force reruns everything and still gives the same numbers.
        _ = try runSpec(smallSpec(), in: dir, force: true)
        #expect(try metricsCSV(folder) == full)
    }

    @Test func selectionPicksTheBestValidationConfiguration() throws {
        let dir = try Fixtures.temporaryDirectory("select")
        let folder = try runSpec(smallSpec(), in: dir)
        let store = TrialStore(runFolder: folder)
        let records = try FileManager.default.contentsOfDirectory(atPath: TrialStore(runFolder: folder).folder)
            .filter { $0.hasSuffix(".json") }.compactMap { store.finished(String($0.dropLast(5))) }
        let spec = try ExperimentSpec.parse(data: Data(smallSpec().utf8), context: ExperimentRunner.specContext)
        let sel = ModelSelection(spec: spec, records: records)
        let pop = records.filter { $0.model == "pop" }
        func mean(_ c: Int) -> Double {
            let v = pop.filter { $0.configIndex == c }.map { $0.metrics[.validation]![MetricKey(.ndcg, cutoff: 10)]! }
            return v.reduce(0, +) / Double(v.count)
        }
        #expect(sel.best["pop"] == (mean(0) >= mean(1) ? 0 : 1))
        #expect(sel.best["random"] == 0)
        #expect(MetricKey(.ndcg, cutoff: 10).higherIsBetter && MetricKey(.r2).higherIsBetter)
        #expect(!MetricKey(.rmse).higherIsBetter && !MetricKey(.mae).higherIsBetter)
    }

    @Test func aFailingTrialIsRecordedWithItsMessage() throws {
        // A trial whose model cannot be built throws inside the executor: it must come back as a
        // failed record (saved, so a resume does not retry it forever), not as a crash.
        let dir = try Fixtures.temporaryDirectory("fail")
        _ = try runSpec(smallSpec(), in: dir)
        let spec = try ExperimentSpec.parse(data: Data(smallSpec().utf8), context: ExperimentRunner.specContext)
        let request = try spec.dataRequest(fold: nil, root: dir.appendingPathComponent("datasets").path)
        let data = try DataPipeline().prepare(request)
        let context = try FoldContext(fold: nil, prepared: data, requests: [try MetricRequest.parse("ndcg@10")],
                                      relevanceThreshold: nil, sampledNegatives: nil,
                                      negativesFile: dir.appendingPathComponent("neg.h5").path)
        let store = TrialStore(folder: dir.appendingPathComponent("trials").path)
        let executor = TrialExecutor(spec: spec, store: store, progress: ProgressReporter(total: 1, quiet: true))
        var plan = try spec.trials()[0]
        plan.modelType = "no_such_model"
        let record = executor.run(plan, key: "k1", in: context)
        #expect(record.status == "failed")
        #expect(record.error?.contains("no_such_model") == true)
        #expect(store.finished("k1")?.status == "failed")
    }

    @Test func sampledNegativesAreDrawnOnceAndShared() throws {
        let dir = try Fixtures.temporaryDirectory("sampled")
        let text = smallSpec().replacingOccurrences(of: "\"subgroups\"", with: "\"candidates\": {\"sampled\": 20, \"seed\": 4}, \"subgroups\"")
        let folder = try runSpec(text, in: dir)
        #expect(FileManager.default.fileExists(atPath: folder + "/negatives.h5"))
        let first = try metricsCSV(folder)
        _ = try runSpec(text, in: dir, force: true)
        #expect(try metricsCSV(folder) == first)
        // With 20 negatives + a few positives, random AUC is still ≈ 0.5 and popularity's is higher.
        let rows = CSV.parse(first).dropFirst().filter { $0[7] == "test" && $0[8] == "auc" }
        let randomAUC = rows.filter { $0[1] == "random" }.map { Double($0[10])! }
        #expect(randomAUC.allSatisfy { abs($0 - 0.5) < 0.1 })
    }

    @Test func topKListsAndPredictionsAreWrittenForSelectedConfigurations() throws {
        let dir = try Fixtures.temporaryDirectory("tsv")
        let text = smallSpec().replacingOccurrences(of: "\"subgroups\"", with: "\"top_k_output\": 5, \"predictions_output\": true, \"subgroups\"")
        let folder = try runSpec(text, in: dir)
        let topk = try String(contentsOfFile: folder + "/topk/pop.tsv", encoding: .utf8).split(separator: "\n")
        #expect(topk[0] == "user\titem\trank\tscore")
        // five ranks per listed user, ranks 1…5 in order
        #expect((topk.count - 1) % 5 == 0)
        #expect(topk[1...5].map { $0.split(separator: "\t")[2] } == ["1", "2", "3", "4", "5"])
        let pred = try String(contentsOfFile: folder + "/predictions/pop.tsv", encoding: .utf8).split(separator: "\n")
        #expect(pred[0] == "user\titem\tprediction\trating")
        // random has no rating model worth writing, but it predicts ratings too: both files exist
        #expect(FileManager.default.fileExists(atPath: folder + "/topk/random.tsv"))
    }

    /// `selection.reference` makes the paired tests compare every model with the named one rather
    /// than with the best.
    @Test func pairedTestsUseTheSpecsReferenceModel() throws {
        let dir = try Fixtures.temporaryDirectory()
        let text = smallSpec().replacingOccurrences(of: "\"split\": \"validation\"}", with: "\"split\": \"validation\", \"reference\": \"random\"}")
        let folder = try runSpec(text, in: dir)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/summary.json"))) as? [String: Any]
        #expect(summary?["best_model"] as? String == "pop")
        #expect(summary?["reference_model"] as? String == "random")
        let md = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8)
        #expect(md.contains("## Paired tests against random (test)"))
        #expect(md.contains("| random (reference) |"))
        #expect(md.contains("Δ mean (reference − model)"))
        // Every metric gets the same paired test; its ndcg@10 cell repeats the main table's Δ and p
        // (one other model, so the Holm p is the raw p).
        let lines = md.split(separator: "\n").map(String.init)
        guard let header = lines.firstIndex(of: "## Paired t-tests against random on every metric (test)") else {
            Issue.record("no every-metric table"); return
        }
        let table = lines[header...].filter { $0.hasPrefix("| ") }
        let columns = table[0].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(columns == ["model", "ndcg@5", "ndcg@10", "recall@10", "auc", "rmse"])
        func cells(_ row: String?) -> [String] { row?.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } ?? [] }
        let popRow = cells(table.first { $0.hasPrefix("| pop |") })
        let main = lines.firstIndex(of: "## Paired tests against random (test)")!
        let mainRow = cells(lines[main...].first { $0.hasPrefix("| pop |") })
        #expect(popRow.count == 6 && mainRow.count == 9)
        guard popRow.count == 6, mainRow.count == 9, let delta = Double(mainRow[2]) else { return }
        let pValue = mainRow[3]
        #expect(delta < 0)                                   // random − pop
        #expect(popRow[2] == String(format: "%+.4f", delta) + " (\(pValue))")
    }

    /// On a user-level k-fold, a user-attribute subgroup table pools every fold's test users (each
    /// user once), while a grouping by training counts stays the first fold's and says so.
    @Test func userAttributeSubgroupsPoolEveryFold() throws {
        let dir = try Fixtures.temporaryDirectory("subgroups")
        let text = smallSpec()
            .replacingOccurrences(of: "\"method\": \"user_ratio\", \"ratios\": [0.7, 0.1, 0.2]",
                                  with: "\"method\": \"user_cold_start_kfold\", \"folds\": 3, \"fold\": \"all\"")
            .replacingOccurrences(of: "[\"user_activity\", \"cold_items\"]", with: "[\"user:gender\", \"user_activity\"]")
            .replacingOccurrences(of: "\"ndcg@5,10\", \"recall@10\", \"auc\", \"rmse\"", with: "\"ndcg@10\"")
        let folder = try runSpec(text, in: dir)
        let lines = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8).split(separator: "\n").map(String.init)
        guard let gender = lines.firstIndex(where: { $0.hasPrefix("## Subgroups: user:gender") }),
              let popRow = lines[gender...].first(where: { $0.hasPrefix("| pop |") }) else {
            Issue.record("no user:gender table"); return
        }
        #expect(!lines[gender].contains("fold 0 only"))
        // "0.1234 (57)" cells: the users of all three folds add up to every user with interactions.
        let counts = popRow.split(separator: "|").dropFirst().compactMap { cell in
            cell.split(separator: "(").last.flatMap { Int($0.prefix { $0.isNumber }) }
        }
        #expect(counts.reduce(0, +) == 120)
        #expect(lines.contains { $0.hasPrefix("## Subgroups: user_activity") && $0.contains("fold 0 only") })
    }

    @Test func compareReadsTwoRuns() throws {
        let dir = try Fixtures.temporaryDirectory("compare")
        let a = try runSpec(smallSpec(), in: dir)
        // Same data and split, another sweep: users pair, so the same models are tested.
        let b = try runSpec(smallSpec().replacingOccurrences(of: "[0, 10]", with: "[0, 5]"), in: dir)
        // Another split seed: other test users, so nothing is paired with it.
        let c = try runSpec(smallSpec().replacingOccurrences(of: "\"seed\": 5", with: "\"seed\": 6"), in: dir)
        #expect(Set([a, b, c]).count == 3)
        let text = try RunComparison(runs: [a, b, c], metric: "ndcg@10").render()
        let fa = URL(fileURLWithPath: a).lastPathComponent.prefix(8), fb = URL(fileURLWithPath: b).lastPathComponent.prefix(8)
        #expect(text.contains("runner-test@\(fa)") && text.contains("runner-test@\(fb)"))
        #expect(text.contains("models[1].params.damping: [0, 10] → [0, 5]"), "\(text)")
        #expect(text.contains("split.seed: 5 → 6"))
        #expect(text.contains("Holm-corrected over the 2 shown"), "\(text)")
        #expect(text.contains("runner-test@\(fb) pop vs runner-test@\(fa) pop") && text.contains("runner-test@\(fb) random vs"))
        #expect(text.contains("is not on runner-test@\(fa)'s data and split"))
        #expect(text.contains("| unpaired |"))
        // One reference for every model; only the paired run's models and the first run's other model are tested.
        let ref = try RunComparison(runs: [a, b, c], metric: "ndcg@10", reference: "1:pop").render()
        #expect(ref.contains("Holm-corrected over the 3 shown"), "\(ref)")
        #expect(throws: CompareError.self) { try RunComparison(runs: [a, b], metric: "bogus@3") }
        #expect(throws: CompareError.self) { try RunComparison(runs: [a, b], metric: "map@7") }
        #expect(throws: CompareError.self) { try RunComparison(runs: [a, b], metric: nil, reference: "1:popp") }
        #expect(throws: CompareError.self) { try RunComparison(runs: [a, b], metric: nil, reference: "3:pop") }
    }
}
