import Foundation
import RecData
@testable import RecSpec
import Testing
@testable import RecRunner

/// A spec's split reaches the data layer one fold at a time for `"fold": "all"`.
@Suite struct SpecDataMappingTests {
    @Test func userColdStartKFoldMapsEveryFold() throws {
        let text = #"{"name": "k", "dataset": {"source": "synthetic"}, "split": {"method": "user_cold_start_kfold", "folds": 5, "fold": "all", "validation_fraction": 0.1}, "models": [{"type": "popularity"}], "evaluation": {"metrics": ["ndcg@10"]}}"#
        let spec = try ExperimentSpec.parse(data: Data(text.utf8), context: ExperimentRunner.specContext)
        let mapped = try (spec.split.folds ?? []).map { try SpecDataMapping.request(for: spec, fold: $0, root: "datasets").split }
        #expect(mapped.count == 5)
        for (f, m) in mapped.enumerated() {
            let expected = UserColdStartKFoldSplitter(folds: 5, fold: f, validationFraction: 0.1)
            #expect(m?.cacheDescription == expected.cacheDescription)
            #expect(m?.values == expected.values)
        }
        // Without a fold, "all" runs fold 0.
        #expect(try SpecDataMapping.request(for: spec, fold: nil, root: "datasets").split?.values
                == UserColdStartKFoldSplitter(folds: 5, fold: 0, validationFraction: 0.1).values)
    }
}
