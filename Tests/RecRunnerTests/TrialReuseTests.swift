import Foundation
import RecCore
import RecData
import RecHDF5
import RecTestSupport
import Testing
@testable import RecRunner
@testable import RecSpec

/// Runs of one experiment name share a trial store keyed by what determines each trial: a changed
/// parameter retrains only its model, report settings retrain nothing, and a deterministic model is
/// trained once however many seeds the spec lists.
@Suite(.serialized) struct TrialReuseTests {
    static let spec = """
        {"name": "reuse", "dataset": {"source": "synthetic", "synthetic": {"users": 100, "items": 80, "interactions": 2500, "seed": 4}},
         "split": {"method": "user_ratio", "ratios": [0.7, 0.1, 0.2], "seed": 3},
         "models": [{"name": "random", "type": "random"}, {"name": "pop", "type": "popularity", "params": {"damping": 5}},
                    {"name": "knn", "type": "item_knn", "params": {"neighbours": 10}}],
         "seeds": [0, 1, 2], "evaluation": {"metrics": ["ndcg@10", "recall@10"]}}
        """

    static func run(_ text: String, in dir: URL) throws -> String {
        try runSpecText(text, in: dir)
    }

    /// Every record in the store with its modification date.
    static func records(_ folder: String) throws -> [String: Date] {
        let store = TrialStore(runFolder: folder)
        var out: [String: Date] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: store.folder) where name.hasSuffix(".json") {
            out[name] = try FileManager.default.attributesOfItem(atPath: store.folder + "/" + name)[.modificationDate] as? Date
        }
        return out
    }

    /// `metrics.csv` rows of `model`, without the columns a changed spec may renumber.
    static func rows(_ folder: String, model: String) throws -> [[String]] {
        CSV.parse(try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8)).filter { $0[1] == model }
    }

    @Test func deterministicModelsTrainOnceAndTheirCellsShowOneValue() throws {
        let dir = try Fixtures.temporaryDirectory("reuse-deterministic")
        let folder = try Self.run(Self.spec, in: dir)
        // random × 3 seeds, popularity once, item-kNN once.
        #expect(try Self.records(folder).count == 5)
        let plan = try ExperimentSpec.parse(data: Data(Self.spec.utf8), context: ExperimentRunner.specContext)
        #expect(try plan.trials().count == 5)
        #expect(plan.planDescription().contains("pop (popularity; grid, 1 configuration; deterministic: trained once, not once per seed)"))
        let summary = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8)
        let popRow = try #require(summary.split(separator: "\n").first { $0.hasPrefix("| pop") })
        let randomRow = try #require(summary.split(separator: "\n").first { $0.hasPrefix("| random") })
        #expect(!popRow.contains("±") && randomRow.contains("±"), "\(popRow)\n\(randomRow)")
        #expect(summary.contains("trained once"))
        // Other seeds reuse the one training: nothing new for popularity and item-kNN.
        let before = try Self.records(folder)
        let other = try Self.run(Self.spec.replacingOccurrences(of: "[0, 1, 2]", with: "[7, 8]"), in: dir)
        let after = try Self.records(other)
        #expect(after.count == before.count + 2)                       // random's two new seeds only
        #expect(before.allSatisfy { after[$0.key] == $0.value })
        #expect(try Self.rows(other, model: "knn").map { $0[11] } == Self.rows(folder, model: "knn").map { $0[11] })
    }

    @Test func aChangedParameterRetrainsOnlyItsModel() throws {
        let dir = try Fixtures.temporaryDirectory("reuse-parameter")
        let folder = try Self.run(Self.spec, in: dir)
        let before = try Self.records(folder)
        let changed = try Self.run(Self.spec.replacingOccurrences(of: #""damping": 5"#, with: #""damping": 50"#), in: dir)
        #expect(changed != folder)                                      // a new spec, a new run folder
        let after = try Self.records(changed)
        #expect(after.count == before.count + 1)                        // popularity's new configuration
        #expect(before.allSatisfy { after[$0.key] == $0.value })        // nothing else was written again
        for model in ["random", "knn"] {
            #expect(try Self.rows(changed, model: model) == Self.rows(folder, model: model), "\(model)")
        }
    }

    @Test func reportSettingsRetrainNothing() throws {
        let dir = try Fixtures.temporaryDirectory("reuse-report")
        let folder = try Self.run(Self.spec, in: dir)
        let before = try Self.records(folder)
        let text = Self.spec.replacingOccurrences(of: #""recall@10"]}"#,
                                                  with: #""recall@10"], "subgroups": ["user_activity"]}, "selection": {"reference": "pop"}"#)
        let again = try Self.run(text, in: dir)
        #expect(again != folder)
        #expect(try Self.records(again) == before)
        let summary = try String(contentsOfFile: again + "/summary.md", encoding: .utf8)
        #expect(summary.contains("Subgroups: user_activity") && summary.contains("pop (reference)"))
        #expect(try Self.rows(again, model: "random") == Self.rows(folder, model: "random"))
    }

    @Test func twoModelsWithOneConfigurationShareATrialAndBothAreReported() throws {
        let dir = try Fixtures.temporaryDirectory("reuse-namesakes")
        let text = Self.spec.replacingOccurrences(of: #"{"name": "knn", "type": "item_knn", "params": {"neighbours": 10}}"#,
                                                  with: #"{"name": "pop_copy", "type": "popularity", "params": {"damping": 5}}"#)
        let folder = try Self.run(text, in: dir)
        #expect(try Self.records(folder).count == 4)                        // random × 3, one popularity for both
        let summary = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8)
        #expect(summary.contains("| pop ") && summary.contains("| pop_copy "))
        let f = try HDF5File.open(path: folder + "/per_user.h5", readOnly: true)
        defer { f.close() }
        let models = try f.root.memberNames().map { try f.root.openGroup($0).attribute("model") as String? }
        #expect(models.contains("pop,pop_copy"), "\(models)")
    }

    @Test func theKeyCoversWhatDeterminesATrialAndNothingElse() throws {
        let spec = try ExperimentSpec.parse(data: Data(Self.spec.utf8), context: ExperimentRunner.specContext)
        let plans = try spec.trials()
        let random = plans.filter { $0.modelName == "random" }
        func key(_ t: TrialPlan, data: String = "d", deterministic: Bool = false, spec s: ExperimentSpec? = nil) -> String {
            TrialKey(trial: t, dataKey: data, spec: s ?? spec, deterministic: deterministic).value
        }
        #expect(Set(random.map { key($0) }).count == 3)                        // seeds differ
        #expect(key(random[0], deterministic: true) == key(random[1], deterministic: true))
        #expect(key(random[0]) != key(random[0], data: "e"))                   // another dataset or split
        var renamed = random[0]
        renamed.modelName = "other"; renamed.configIndex = 4; renamed.trialID = "x"
        #expect(key(renamed) == key(random[0]))                                // names are labels
        var refit = random[0]
        refit.trialID += Refit.idSuffix
        #expect(key(refit) != key(random[0]))
        var cutoffs = spec
        cutoffs.evaluation.metrics.append(MetricSpec("ndcg", cutoff: 5))
        #expect(key(random[0], spec: cutoffs) != key(random[0]))               // another metric is evaluated
        var report = spec
        report.evaluation.subgroups = [.coldUsers]
        report.selection.reference = "pop"
        #expect(key(random[0], spec: report) == key(random[0]))                // report settings are not in it
    }
}
