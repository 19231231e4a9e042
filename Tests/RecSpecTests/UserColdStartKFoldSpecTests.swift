import Foundation
import RecData
import Testing
@testable import RecSpec

/// The `user_cold_start_kfold` split method in specs: parsing, errors with paths, folds and round-trip.
@Suite struct UserColdStartKFoldSpecTests {
    static let all = "{\"method\": \"user_cold_start_kfold\", \"folds\": 5, \"fold\": \"all\", \"validation_fraction\": 0.1, \"seed\": 0}"

    @Test func theDocumentedFormParsesAndExpandsOneTrialSetPerFold() throws {
        let s = try parse(spec(["split": Self.all, "seeds": "[0, 1]"]))
        #expect(s.split == SplitSpec(method: UserColdStartKFoldSplitter { $0.folds = 5; $0.fold = .all; $0.validationFraction = 0.1 }, seed: 0))
        #expect(s.split.methodName == "user_cold_start_kfold")
        #expect(s.split.folds == [0, 1, 2, 3, 4])
        #expect(same(s.split.method(forFold: 3), UserColdStartKFoldSplitter(folds: 5, fold: 3, validationFraction: 0.1)))
        let trials = try s.trials()
        #expect(trials.map(\.fold) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
        #expect(Set(trials.map(\.trialID)).count == 10)
        // Defaults match kfold's: 5 folds, fold 0, validation 0.1; a single fold gives [fold].
        let d = try parse(spec(["split": "{\"method\": \"user_cold_start_kfold\"}"]))
        #expect(same(d.split.method, UserColdStartKFoldSplitter(folds: 5, fold: 0, validationFraction: 0.1)))
        #expect(d.split.folds == [0])
        #expect(same(d.split.method(forFold: nil), d.split.method))
    }

    @Test func impossibleValuesNameTheirPath() {
        let folds = errors(spec(["split": "{\"method\": \"user_cold_start_kfold\", \"folds\": 1}"]))
        #expect(folds.count == 1)
        #expect(folds.first?.path == "split.folds")
        #expect(folds.first?.message == "expected an integer between 2 and 1000, got 1")
        let fold = errors(spec(["split": "{\"method\": \"user_cold_start_kfold\", \"folds\": 5, \"fold\": 7}"]))
        #expect(fold.count == 1)
        #expect(fold.first?.path == "split.fold")
        #expect(fold.first?.message == "expected an integer between 0 and 4, got 7")
        let word = errors(spec(["split": "{\"method\": \"user_cold_start_kfold\", \"fold\": \"al\"}"]))
        #expect(word.first?.path == "split.fold" && word.first?.fix == "did you mean 'all'?")
        let other = errors(spec(["split": "{\"method\": \"user_cold_start_kfold\", \"test_fraction\": 0.2}"]))
        #expect(other.first?.path == "split.test_fraction")
        #expect(other.first?.message
                == "split method 'user_cold_start_kfold' does not take 'test_fraction' (it belongs to 'user_cold_start', 'item_cold_start')")
        #expect(other.first?.fix == "'user_cold_start_kfold' takes 'folds', 'fold', 'validation_fraction'")
    }

    @Test func resolvedJSONRoundTrips() throws {
        for split in [Self.all, "{\"method\": \"user_cold_start_kfold\", \"folds\": 3, \"fold\": 2, \"validation_fraction\": 0, \"seed\": 9}"] {
            let s = try parse(spec(["split": split]))
            let again = try ExperimentSpec.parse(data: s.resolvedJSON(), source: "spec.resolved.json", context: TestRegistry.context)
            #expect(again.split == s.split)
            #expect(again.resolvedJSON() == s.resolvedJSON())
        }
    }

    @Test func noValidationUsersMeansNoValidationSet() {
        let e = errors(spec(["split": "{\"method\": \"user_cold_start_kfold\", \"validation_fraction\": 0}",
                             "selection": "{\"metric\": \"ndcg@10\", \"split\": \"validation\"}"]))
        #expect(e.count == 1)
        #expect(e.first?.message.contains("\"validation_fraction\" is 0") ?? false)
    }
}
