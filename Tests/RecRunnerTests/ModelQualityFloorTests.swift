import Foundation
import RecData
import RecEval
import RecModels
import RecSpec
import Testing
@testable import RecRunner

/// The minimum quality each registered model type keeps on MovieLens-100K (LensKit's
/// `expected_ndcg`): the baselines_8020 protocol (per-user random 80/20 split, seed 0, full ranking over
/// every unseen item), one seed, a quick configuration, NDCG@10 on test — or RMSE for rating
/// prediction. Each floor sits a little below what the model reached when it was set, so a change
/// that makes a model worse fails here. Skipped when `datasets/ml-100k` has not been fetched.
///
/// The suite runs in the debug build, so the configurations are small; BENCHMARKS.md has the tuned
/// figures from release runs.
@Suite(.serialized) struct ModelQualityFloorTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let present = FileManager.default.fileExists(atPath: root.appendingPathComponent("datasets/ml-100k/ml-100k.inter").path)

    /// One model's floor.
    struct Floor: Sendable {
        var values: [String: ParamValue] = [:]
        /// NDCG@10 at least this, or (rating models) RMSE at most `maxRMSE`.
        var minNDCG: Double? = nil
        var maxRMSE: Double? = nil
        /// Why a type has no floor here (its figure lives in BENCHMARKS.md).
        var skip: String? = nil
    }

    static let floors: [String: Floor] = [
        "random": Floor(minNDCG: 0.005),
        "popularity": Floor(minNDCG: 0.21),
        "demographic_popularity": Floor(minNDCG: 0.20),
        "item_knn": Floor(values: ["neighbours": .int(100), "shrinkage": .double(10)], minNDCG: 0.39),
        "user_knn": Floor(values: ["neighbours": .int(100)], minNDCG: 0.38),
        "rp3beta": Floor(values: ["alpha": .double(0.8), "beta": .double(0.6), "neighbours": .int(400)], minNDCG: 0.40),
        "biased_mf": Floor(values: ["factors": .int(20), "epochs": .int(10)], maxRMSE: 0.96),
        "svdpp": Floor(values: ["factors": .int(20), "epochs": .int(10)], maxRMSE: 0.93),
        "bayesian_mf": Floor(values: ["factors": .int(10), "burn_in": .int(10), "samples": .int(20), "init_std": .double(1)], maxRMSE: 0.94),
        "bpr": Floor(values: ["factors": .int(32), "epochs": .int(10)], minNDCG: 0.32),
        "pointwise_mf": Floor(values: ["factors": .int(16), "epochs": .int(5)], minNDCG: 0.34),
        "implicit_als": Floor(values: ["factors": .int(64), "epochs": .int(3), "regularization": .double(30), "alpha": .double(1)], minNDCG: 0.43),
        "ease": Floor(values: ["lambda": .double(500)], minNDCG: 0.44),
        "slim": Floor(values: ["l1": .double(0.5), "l2": .double(200), "max_iter": .int(10), "tol": .double(0.001)], minNDCG: 0.43),
        "kg_boost": Floor(values: ["alpha": .double(0.5), "base.type": .string("ease"), "base.lambda": .double(500)], minNDCG: 0.44),
        "content_based": Floor(minNDCG: 0.04),
        "hybrid": Floor(values: ["weights": .string("a:0.8,b:0.2"), "a.type": .string("ease"), "b.type": .string("popularity")],
                        minNDCG: 0.42),
        "mlp": Floor(skip: "trained by autodiff, minutes in a debug build; BENCHMARKS.md neural section"),
        "neumf": Floor(skip: "trained by autodiff, minutes in a debug build; BENCHMARKS.md neural section"),
        "softmax_mlp": Floor(skip: "trained by autodiff, minutes in a debug build; BENCHMARKS.md cold-start-users section"),
        // A few epochs only (about a minute of CPU in a debug build between them); tuned figures: BENCHMARKS.md neural-baselines section.
        "mult_vae": Floor(values: ["hidden": .string("200"), "latent": .int(64), "epochs": .int(10), "batch_size": .int(100),
                                   "learning_rate": .double(0.003), "total_anneal_steps": .int(0)], minNDCG: 0.37),
        "lightgcn": Floor(values: ["factors": .int(32), "layers": .int(2), "epochs": .int(3), "learning_rate": .double(0.01)], minNDCG: 0.29),
    ]

    static let types = ModelRegistry.descriptors.map(\.type)

    @Test func everyRegisteredTypeHasAFloorOrAReason() {
        for t in Self.types { #expect(Self.floors[t] != nil, "no ML-100K quality floor for '\(t)'") }
    }

    @Test(.enabled(if: present, "datasets/ml-100k has not been fetched"), arguments: types)
    func reachesItsFloorOnML100K(_ type: String) throws {
        let floor = try #require(Self.floors[type])
        guard floor.skip == nil else { return }
        let data = try Self.data()
        let model = try ModelRegistry.make(type: type, parameters: floor.values, seed: 0)
        try model.fit(data.training, observer: nil)
        let requests = floor.maxRMSE == nil ? [try MetricRequest.parse("ndcg@10")] : []
        let rating = floor.maxRMSE == nil ? [] : [try MetricRequest.parse("rmse")]
        let result = try data.test.evaluate(model, ranking: requests, rating: rating)
        if let minNDCG = floor.minNDCG {
            let ndcg = try #require(result.ranking?.mean("ndcg@10"))
            #expect(ndcg >= minNDCG, "\(type): NDCG@10 \(ndcg) < floor \(minNDCG)")
        }
        if let maxRMSE = floor.maxRMSE {
            let rmse = try #require(result.rating?.mean("rmse"))
            #expect(rmse <= maxRMSE, "\(type): RMSE \(rmse) > ceiling \(maxRMSE)")
        }
    }

    /// ML-100K split as the baselines_8020 spec splits it, with the test evaluator the runner uses.
    static func data() throws -> (training: TrainingData, test: Evaluator) {
        let spec = """
            {"name": "floors", "dataset": {"source": "ml-100k"}, "split": {"method": "user_ratio", "ratios": [0.8, 0.0, 0.2], "seed": 0},
             "models": [{"type": "popularity"}], "evaluation": {"metrics": ["ndcg@10"]}, "selection": {"metric": "ndcg@10", "split": "test"}}
            """
        var context = ExperimentRunner.specContext
        context.checkPaths = false
        let parsed = try ExperimentSpec.parse(data: Data(spec.utf8), context: context)
        let prepared = try DataPipeline().prepare(try parsed.dataRequest(fold: nil,
                                                                             root: root.appendingPathComponent("datasets").path))
        let training = TrainingData(prepared)
        let s = prepared.split
        let seen = s.train.appending(s.validation).byUser(userCount: prepared.dataset.userCount, itemCount: prepared.dataset.itemCount)
        return (training, Evaluator(train: seen, test: s.test))
    }
}
