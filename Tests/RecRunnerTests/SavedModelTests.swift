import Foundation
import RecCore
import RecEval
import RecTestSupport
import Testing
@testable import RecRunner

/// `output.save_models`: a run keeps its selected models with the data they were trained on, so a
/// model can be served or scored again later and give the run's own numbers.
@Suite(.serialized) struct SavedModelTests {
    static func spec(_ saving: String) -> String {
        """
        {"name": "saved", "dataset": {"source": "synthetic", "synthetic": {"users": 120, "items": 90, "interactions": 3000, "seed": 8}},
         "split": {"method": "user_ratio", "ratios": [0.7, 0.1, 0.2], "seed": 2},
         "models": [{"name": "ials", "type": "implicit_als", "params": {"factors": 8, "epochs": 3, "regularization": [1, 10]}},
                    {"name": "knn", "type": "item_knn", "params": {"neighbours": 20}}],
         "seeds": [4, 5], "evaluation": {"metrics": ["ndcg@10", "recall@10"]},
         "selection": {"metric": "ndcg@10", "refit": true}, "output": {"save_models": "\(saving)"}}
        """
    }

    /// Each model's refit for the first seed is in `models/`, and scoring its saved test part again gives
    /// that trial's stored test metrics exactly.
    @Test func selectedModelsReproduceTheirTestMetrics() throws {
        let dir = try Fixtures.temporaryDirectory("saved-models")
        let folder = try runSpecText(Self.spec("selected"), in: dir)
        let store = TrialStore(runFolder: folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/models").filter { $0.hasSuffix(".h5") }.sorted()
        #expect(names == ["ials.h5", "knn.h5"])
        for name in ["ials", "knn"] {
            let saved = try SavedModel.read(from: "\(folder)/models/\(name).h5")
            #expect(saved.header.model == name && saved.header.refit && saved.header.seed == 4)
            let record = try #require(store.finished(saved.header.trial))
            let data = try #require(saved.data)
            // A refit's training part is train + validation: what test rankings exclude.
            #expect(data.split.validation.count == 0)
            // The run dropped the whole table once split; the saved dataset's table is the parts' union.
            #expect(data.dataset.interactions.count == data.split.train.count + data.split.test.count)
            #expect(data.dataset.interactions.count == 3000)
            let seen = data.split.train.byUser(userCount: data.dataset.userCount, itemCount: data.dataset.itemCount)
            let evaluator = Evaluator(train: seen, test: data.split.test)
            let (ranking, _) = try evaluator.evaluate(saved.model, ranking: [try MetricRequest.parse("ndcg@10")], rating: [])
            let again = try #require(ranking?.summary["ndcg@10"])
            let stored = try #require(record.metrics[.test]?[MetricKey("ndcg@10")!])
            #expect(abs(again - stored) < 1e-12, "\(name): \(again) vs \(stored)")
        }
        // The refits' models are in the store; the sweep trials' are not (a refitting run serves refits).
        let kept = try FileManager.default.contentsOfDirectory(atPath: store.folder).filter { $0.hasSuffix(".model.h5") }
        #expect(kept.count == 3)   // iALS's 2 seeds, item-kNN's once (deterministic)
    }

    /// `none` keeps nothing; switching to `selected` afterwards retrains only the trials whose model it needs.
    @Test func noneKeepsNothingAndSelectedLaterTrainsOnlyTheKeptOnes() throws {
        let dir = try Fixtures.temporaryDirectory("saved-none")
        let folder = try runSpecText(Self.spec("none"), in: dir)
        #expect(!FileManager.default.fileExists(atPath: folder + "/models"))
        let store = TrialStore(runFolder: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.folder).filter { $0.hasSuffix(".model.h5") }.isEmpty)
        let records = try FileManager.default.contentsOfDirectory(atPath: store.folder).filter { $0.hasSuffix(".json") }
        var dates: [String: Date] = [:]
        for r in records { dates[r] = try FileManager.default.attributesOfItem(atPath: store.folder + "/" + r)[.modificationDate] as? Date }
        Thread.sleep(forTimeInterval: 1.1)
        let again = try runSpecText(Self.spec("selected"), in: dir)
        #expect(FileManager.default.fileExists(atPath: again + "/models/ials.h5"))
        var rewritten = 0
        for r in records where (try FileManager.default.attributesOfItem(atPath: store.folder + "/" + r)[.modificationDate] as? Date) != dates[r] { rewritten += 1 }
        #expect(rewritten == 3)   // the refits (iALS's 2 seeds, item-kNN once); the 5 sweep trials are reused
    }

    /// A model file whose bytes changed is refused, naming the file.
    @Test func aDamagedModelFileIsRefused() throws {
        let dir = try Fixtures.temporaryDirectory("saved-damaged")
        let folder = try runSpecText(Self.spec("selected"), in: dir)
        let path = folder + "/models/knn.h5"
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 4000)
        try handle.write(contentsOf: Data([0xFF, 0x00, 0xFF]))
        try handle.close()
        #expect { try SavedModel.read(from: path) } throws: { "\($0)".contains("knn.h5") }
    }
}
