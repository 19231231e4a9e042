import Foundation
import RecCore
import RecData
import RecEval
import RecModels
import RecSpec
import RecTestSupport
import Testing
@testable import RecRunner

/// Runs `text` as a spec in `dir` and returns the run folder and every stored record.
private func run(_ text: String, in dir: URL) throws -> (folder: String, records: [TrialRecord]) {
    let folder = try runSpecText(text, in: dir)
    let store = TrialStore(runFolder: folder)
    let records = try FileManager.default.contentsOfDirectory(atPath: TrialStore(runFolder: folder).folder)
        .filter { $0.hasSuffix(".json") }.compactMap { store.finished(String($0.dropLast(5))) }
    return (folder, records)
}

private let dataset = #""dataset": {"source": "synthetic", "synthetic": {"users": 120, "items": 90, "interactions": 3000, "seed": 3}}"#

@Suite(.serialized) struct RefitAndEarlyStoppingTests {
    @Test func refitRetrainsTheSelectedConfigurationOnTrainPlusValidation() throws {
        let spec = """
        {"name": "refit", \(dataset),
         "split": {"method": "user_ratio", "ratios": [0.6, 0.2, 0.2], "seed": 5},
         "models": [{"name": "pop", "type": "popularity", "params": {"damping": [0, 1000]}}],
         "seeds": [0, 1],
         "evaluation": {"metrics": ["ndcg@10", "rmse"]},
         "selection": {"metric": "ndcg@10", "split": "validation", "refit": true}}
        """
        let dir = try Fixtures.temporaryDirectory("refit")
        let (folder, records) = try run(spec, in: dir)
        let refit = records.filter(\.isRefit)
        let sweep = records.filter { !$0.isRefit }
        #expect(sweep.count == 2)                                    // popularity is deterministic: one trial per configuration
        #expect(refit.count == 1)                                    // the best configuration, once
        let parsed = try ExperimentSpec.parse(data: Data(spec.utf8), context: ExperimentRunner.specContext)
        let selection = ModelSelection(spec: parsed, records: records)
        #expect(refit.allSatisfy { $0.configIndex == selection.best["pop"] && $0.metrics[.validation] == nil })
        #expect(selection.records(of: "pop", in: records).allSatisfy { $0.isRefit })

        // The refit's test NDCG@10 is that of popularity fitted directly on train + validation.
        let request = try parsed.dataRequest(fold: nil, root: dir.appendingPathComponent("datasets").path)
        let prepared = Refit.prepared(try DataPipeline().prepare(request))
        #expect(prepared.split.validation.count == 0)
        let damping = refit[0].parameters["damping"].flatMap(Double.init) ?? -1
        let model = Popularity(PopularityConfig { $0.damping = Float(damping) })
        try model.fit(TrainingData(prepared), observer: nil)
        let context = try FoldContext(fold: nil, prepared: prepared, requests: [try MetricRequest.parse("ndcg@10")],
                                      relevanceThreshold: nil, sampledNegatives: nil,
                                      negativesFile: dir.appendingPathComponent("neg.h5").path)
        let (ranking, _) = try context.test.evaluate(model, ranking: context.rankingRequests, rating: [])
        let expected = try #require(ranking?.mean("ndcg@10"))
        #expect(abs(refit[0].metrics[.test]![MetricKey(.ndcg, cutoff: 10)]! - expected) < 1e-12)

        let csv = try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").filter { $0.hasSuffix(",true") }.count == 2)   // 1 refit × 2 test metrics
        let summary = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8)
        #expect(summary.contains("Refit: test figures come from"))
    }

    /// A blend learns its weights on validation; its refit retrains the components on train +
    /// validation and keeps the sweep's weights, passed as the `weights` parameter.
    @Test func hybridRefitKeepsTheWeightsLearnedOnValidation() throws {
        let spec = """
        {"name": "refit-blend", \(dataset),
         "split": {"method": "user_ratio", "ratios": [0.6, 0.2, 0.2], "seed": 5},
         "models": [{"name": "blend", "type": "hybrid", "params": {"weight_step": 0.25},
                     "components": [{"name": "pop", "type": "popularity"}, {"name": "rand", "type": "random"}]}],
         "seeds": [0],
         "evaluation": {"metrics": ["ndcg@10"]},
         "selection": {"metric": "ndcg@10", "split": "validation", "refit": true}}
        """
        let dir = try Fixtures.temporaryDirectory("refit-blend")
        let (_, records) = try run(spec, in: dir)
        let sweep = try #require(records.first { !$0.isRefit })
        let refit = try #require(records.first { $0.isRefit })
        let learned = try #require(sweep.learned?["weights"])
        #expect(learned.hasPrefix("pop:") && learned.contains(",rand:"))
        #expect(refit.parameters["weights"] == learned)
        #expect(refit.metrics[.validation] == nil && refit.metrics[.test]?[MetricKey(.ndcg, cutoff: 10)] != nil)
        // The registry's flag, not a list in Refit, names the types whose refit needs learned values,
        // and it agrees with the models' LearnsFromValidation conformance for every registered type.
        #expect(Refit.typesNeedingValidation == ["hybrid"])
        for d in ModelRegistry.descriptors {
            // Types that take sub-models get the fewest they accept, each a popularity model.
            let parts = (0..<(d.components?.lowerBound ?? 0)).map { ("part\($0).type", ParamValue.string("popularity")) }
            let model = try ModelRegistry.make(type: d.type, parameters: Dictionary(uniqueKeysWithValues: parts), seed: 0)
            #expect((model is any LearnsFromValidation) == d.learnsFromValidation, "\(d.type)")
        }
    }

    @Test func fixedBlendWeightsSkipTheSearch() throws {
        let data = trainingDataWithValidation()
        let fixed = try Hybrid(components: [Popularity(), RandomRecommender(seed: 1)], config: HybridConfig { $0.weights = "0.25,0.75" })
        try fixed.fit(data, observer: nil)
        #expect(fixed.weights == [0.25, 0.75] && fixed.validationNDCG == nil)
        #expect(fixed.learnedParameters == ["weights": "0_popularity:0.25,1_random:0.75"])
        #expect(try Hybrid.parseWeights("b:0.7, a:0.3", names: ["a", "b"]) == [0.3, 0.7])
        #expect(try Hybrid.parseWeights("0.3,0.7", names: ["a", "b"]) == [0.3, 0.7])
        #expect(throws: ModelError.self) { try Hybrid.parseWeights("a:0.3,c:0.7", names: ["a", "b"]) }
        #expect(throws: ModelError.self) {
            try Hybrid(components: [Popularity(), RandomRecommender(seed: 1)], config: HybridConfig { $0.weights = "0.5,0.6" }).fit(data, observer: nil)
        }
    }

    @Test func earlyStoppingKeepsTheBestEpochsWeights() throws {
        // A learning rate this high with no regularisation overfits quickly: validation RMSE turns up
        // after a few epochs, training goes on for `patience` more, and the kept model must be the
        // best epoch's, whose validation RMSE the trace recorded.
        let spec = """
        {"name": "early", \(dataset),
         "split": {"method": "user_ratio", "ratios": [0.7, 0.1, 0.2], "seed": 5},
         "models": [{"name": "mf", "type": "biased_mf",
                     "params": {"factors": 16, "epochs": 60, "learning_rate": 0.05, "regularization": 0, "bias_regularization": 0}}],
         "seeds": [0],
         "evaluation": {"metrics": ["rmse"]},
         "selection": {"metric": "rmse", "split": "validation"},
         "early_stopping": {"patience": 3}}
        """
        let dir = try Fixtures.temporaryDirectory("early")
        let (folder, records) = try run(spec, in: dir)
        let r = try #require(records.first)
        #expect(r.status == "ok")
        let best = try #require(r.bestEpoch)
        #expect(best < r.epochs && r.epochs == best + 3 && r.epochs < 60)
        let traced = r.trace.filter { $0.name == "valid_rmse" }
        let bestTraced = try #require(traced.first { $0.epoch == best }).value
        #expect(bestTraced == traced.map(\.value).min())
        #expect(abs(r.metrics[.validation]![MetricKey(.rmse)]! - bestTraced) < 1e-9)
        #expect(!FileManager.default.fileExists(atPath: folder + "/trials/\(r.id).best-epoch.tmp.h5"))
    }

    @Test func earlyStoppingAppliesPerModelAndARatingModelStopsOnRMSEByDefault() throws {
        // Selection on NDCG@10, early stopping with no metric: the rating model `mf` stops on
        // validation RMSE (a ranking metric would stop it while its RMSE still falls); `mf_ndcg`
        // names NDCG@10 and a patience of its own, and `bpr` (no ratings) watches the selection metric.
        let mf = #""type": "biased_mf", "params": {"factors": 16, "epochs": 40, "learning_rate": 0.05, "regularization": 0, "bias_regularization": 0}"#
        let spec = """
        {"name": "early-per-model", \(dataset),
         "split": {"method": "user_ratio", "ratios": [0.7, 0.1, 0.2], "seed": 5},
         "models": [{"name": "mf", \(mf)},
                    {"name": "mf_ndcg", \(mf), "early_stopping": {"metric": "ndcg@10", "patience": 1}},
                    {"name": "bpr", "type": "bpr", "params": {"epochs": 6}}],
         "evaluation": {"metrics": ["ndcg@10", "rmse"]},
         "selection": {"metric": "ndcg@10", "split": "validation"},
         "early_stopping": {"patience": 3}}
        """
        let parsed = try ExperimentSpec.parse(data: Data(spec.utf8), context: ExperimentRunner.specContext)
        #expect(parsed.earlyStopping(for: "mf") == EarlyStoppingSpec(metric: nil, patience: 3, minDelta: 0))
        #expect(parsed.earlyStopping(for: "mf_ndcg") == EarlyStoppingSpec(metric: MetricSpec("ndcg", cutoff: 10), patience: 1, minDelta: 0))
        #expect(parsed.planDescription().contains("early stop: ndcg@10, patience 1"))
        let dir = try Fixtures.temporaryDirectory("early-per-model")
        let (_, records) = try run(spec, in: dir)
        func record(_ name: String) throws -> TrialRecord {
            try #require(records.first { $0.type == (name == "bpr" ? "bpr" : "biased_mf") && (name == "bpr" || ($0.trace.contains { $0.name == (name == "mf" ? "valid_rmse" : "valid_ndcg@10") })) })
        }
        let byRMSE = try record("mf"), byNDCG = try record("mf_ndcg"), bpr = try record("bpr")
        #expect(!byRMSE.trace.contains { $0.name == "valid_ndcg@10" })
        #expect(!byNDCG.trace.contains { $0.name == "valid_rmse" })
        #expect(bpr.trace.contains { $0.name == "valid_ndcg@10" })
        // Each stopped by its own patience after its best epoch, and the RMSE-watched one kept the
        // epoch of its lowest validation RMSE.
        let rmseBest = try #require(byRMSE.bestEpoch), ndcgBest = try #require(byNDCG.bestEpoch)
        #expect(byRMSE.epochs == min(40, rmseBest + 3) && byNDCG.epochs == min(40, ndcgBest + 1))
        let rmseTrace = byRMSE.trace.filter { $0.name == "valid_rmse" }
        #expect(rmseTrace.first { $0.epoch == rmseBest }?.value == rmseTrace.map(\.value).min())
        #expect(abs(byRMSE.metrics[.validation]![MetricKey(.rmse)]! - rmseTrace.map(\.value).min()!) < 1e-9)
    }

    @Test func aKGBoostRefitTrainsItsBaseForTheBestEpoch() throws {
        // kg_boost reports its base's epochs as its own; the refit must shorten the base's.
        let spec = """
        {"name": "kg-refit", \(dataset),
         "split": {"method": "user_ratio", "ratios": [0.7, 0.1, 0.2], "seed": 5},
         "models": [{"name": "kg", "type": "kg_boost", "components": [{"name": "base", "type": "biased_mf",
                     "params": {"factors": 16, "epochs": 40, "learning_rate": 0.05, "regularization": 0, "bias_regularization": 0}}]}],
         "evaluation": {"metrics": ["ndcg@10"]},
         "selection": {"metric": "ndcg@10", "split": "validation", "refit": true},
         "early_stopping": {"patience": 2, "metric": "ndcg@10"}}
        """
        let dir = try Fixtures.temporaryDirectory("kg-refit")
        let (_, records) = try run(spec, in: dir)
        let sweep = try #require(records.first { !$0.isRefit }), refit = try #require(records.first { $0.isRefit })
        let best = try #require(sweep.bestEpoch)
        #expect(best < 40 && sweep.epochs == best + 2)
        #expect(refit.parameters["base.epochs"] == String(best) && refit.epochs == best, "\(refit.parameters)")
    }

    @Test func aModelsEarlyStoppingIsCheckedWhereItIsWritten() throws {
        func errors(_ models: String) -> [SpecError] {
            let text = """
            {"name": "x", \(dataset), "split": {"method": "user_ratio", "ratios": [0.7, 0.1, 0.2]},
             "models": \(models), "evaluation": {"metrics": ["ndcg@10"]}}
            """
            do { _ = try ExperimentSpec.parse(data: Data(text.utf8), context: ExperimentRunner.specContext); return [] }
            catch let list as SpecErrorList { return list.errors } catch { return [] }
        }
        let ease = errors(#"[{"type": "ease", "early_stopping": {"patience": 2}}]"#)
        #expect(ease.map(\.path) == ["models[0].early_stopping"] && ease.first?.message.contains("does not train in epochs") == true)
        let typo = errors(#"[{"type": "bpr", "early_stopping": {"patiense": 2}}]"#)
        #expect(typo.map(\.path) == ["models[0].early_stopping.patiense"] && typo.first?.fix == "did you mean 'patience'?")
        #expect(errors(#"[{"type": "bpr", "early_stopping": {"patience": 0}}]"#).map(\.path) == ["models[0].early_stopping.patience"])
        #expect(errors(#"[{"type": "bpr", "early_stopping": {"metric": "rmse"}}]"#).map(\.path) == ["models[0].early_stopping.metric"])
        let blend = errors(#"[{"type": "hybrid", "components": [{"name": "a", "type": "bpr"}, {"name": "b", "type": "popularity"}], "early_stopping": {"patience": 2}}]"#)
        #expect(blend.map(\.path) == ["models[0].early_stopping"] && blend.first?.message.contains("does not train in epochs") == true)
        let component = errors(#"[{"type": "kg_boost", "components": [{"type": "bpr", "early_stopping": {"patience": 2}}]}]"#)
        #expect(component.map(\.path) == ["models[0].components[0].early_stopping"])
        #expect(errors(#"[{"type": "bpr", "early_stopping": {"patience": 2, "metric": "ndcg@10"}}]"#).isEmpty)
    }
}

/// 10 users × 6 items: each user rated items u % 6 and (u + 1) % 6 for training, (u + 2) % 6 for validation.
private func trainingDataWithValidation() -> TrainingData {
    var tu: [Int32] = [], ti: [Int32] = [], vu: [Int32] = [], vi: [Int32] = []
    for u in 0..<10 {
        tu += [Int32(u), Int32(u)]; ti += [Int32(u % 6), Int32((u + 1) % 6)]
        vu.append(Int32(u)); vi.append(Int32((u + 2) % 6))
    }
    let train = InteractionTable(users: tu, items: ti), validation = InteractionTable(users: vu, items: vi)
    let ds = Dataset(name: "blend", users: IndexMap((0..<10).map { "u\($0)" }), items: IndexMap((0..<6).map { "i\($0)" }),
                     interactions: train.appending(validation))
    return TrainingData(dataset: ds, train: train, validation: validation)

}
