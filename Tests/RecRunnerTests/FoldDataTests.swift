import Foundation
import RecCore
import RecData
import RecEval
import RecProfiles
import RecSpec
import RecTestSupport
import Testing
@testable import RecRunner

/// A synthetic spec with the given split ratios (train, validation, test).
private func spec(ratios: String) throws -> ExperimentSpec {
    let text = """
    {"name": "fold-data", "dataset": {"source": "synthetic", "synthetic": {"users": 80, "items": 60, "interactions": 2000, "seed": 3}},
     "split": {"method": "user_ratio", "ratios": [\(ratios)], "seed": 5},
     "models": [{"name": "pop", "type": "popularity"}],
     "evaluation": {"metrics": ["ndcg@10"]}}
    """
    return try ExperimentSpec.parse(data: Data(text.utf8), context: ExperimentRunner.specContext)
}

private func contexts(_ spec: ExperimentSpec, refit: Bool, in dir: URL) throws -> (RunContexts, PreparedData) {
    let prepared = try DataPipeline().prepare(spec.dataRequest(fold: nil, root: dir.appendingPathComponent("datasets").path))
    let contexts = try RunContexts(folds: [FoldData(fold: nil, prepared: prepared, cacheKey: "key")], refit: refit,
                                   requests: [try MetricRequest.parse("ndcg@10")], relevanceThreshold: nil,
                                   sampledNegatives: nil, negativesFile: dir.appendingPathComponent("negatives.h5").path,
                                   profiles: { _, _ in FoldProfiles() })
    return (contexts, prepared)
}

/// Whether two matrices are one storage (copies of one value), not two equal builds.
private func sameStorage(_ a: CSRMatrix, _ b: CSRMatrix) -> Bool {
    a.indices.withUnsafeBufferPointer { x in b.indices.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
        && a.indptr.withUnsafeBufferPointer { x in b.indptr.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
}

@Suite struct FoldDataTests {
    /// With a refit, the train + validation matrix is built once: it is the refit's training
    /// matrix and what the sweep's test rankings exclude; the refit evaluates on the sweep's test
    /// evaluator.
    @Test func refitAndSweepShareOneTrainPlusValidationMatrix() throws {
        let dir = try Fixtures.temporaryDirectory("fold-data")
        let (run, prepared) = try contexts(spec(ratios: "0.7, 0.1, 0.2"), refit: true, in: dir)
        let sweep = try #require(run.sweep[-1]), refit = try #require(run.refit?[-1])
        let s = prepared.split, d = prepared.dataset
        #expect(sweep.test.train == s.train.appending(s.validation).byUser(userCount: d.userCount, itemCount: d.itemCount))
        #expect(sameStorage(sweep.test.train, refit.training.userItem))
        #expect(sameStorage(refit.test.train, refit.training.userItem))
        #expect(sameStorage(try #require(sweep.validation).train, sweep.training.userItem))
        #expect(refit.validation == nil && refit.prepared.split.train.count == s.train.count + s.validation.count)
        #expect(refit.test.users == sweep.test.users && refit.test.itemCounts == sweep.test.itemCounts)
        #expect(refit.test.users.withUnsafeBufferPointer { x in sweep.test.users.withUnsafeBufferPointer { $0.baseAddress == x.baseAddress } })
    }

    /// Without validation, test rankings exclude the training matrix itself, not a second build of it.
    @Test func withoutValidationTheTestExcludesTheTrainingMatrix() throws {
        let dir = try Fixtures.temporaryDirectory("fold-data")
        let (run, _) = try contexts(spec(ratios: "0.8, 0.0, 0.2"), refit: false, in: dir)
        let sweep = try #require(run.sweep[-1])
        #expect(run.refit == nil && sweep.validation == nil)
        #expect(sameStorage(sweep.test.train, sweep.training.userItem))
    }
}
