import Testing
@testable import RecSpec

/// `early_stopping.halving`: read in the section and per model, rejected with the JSON path when wrong.
@Suite struct HalvingSpecTests {
    let split = "{\"ratios\": [0.8, 0.1, 0.1]}"
    let sweep = "[{\"name\": \"mf\", \"type\": \"biased_mf\", \"params\": {\"factors\": [8, 16, 32]}}]"

    func only(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> SpecError? {
        let e = errors(text)
        #expect(e.count == 1, "\(e)", sourceLocation: sourceLocation)
        return e.first
    }

    @Test func readInTheSectionAndInheritedByModels() throws {
        let s = try parse(spec(["split": split, "models": sweep,
                                "early_stopping": "{\"patience\": 4, \"halving\": {\"min_epochs\": 2, \"reduction\": 3}}"]))
        let halving = HalvingSpec(minEpochs: 2, reduction: 3)
        #expect(s.earlyStopping == EarlyStoppingSpec(metric: nil, patience: 4, minDelta: 0, halving: halving))
        #expect(s.earlyStopping(for: "mf")?.halving == halving)
        #expect(halving.rungEpochs(below: 20) == [2, 6, 18])
        #expect(s.warnings.isEmpty)
        #expect(s.planDescription().contains("halving from 2 epochs, η = 3"))
    }

    @Test func aModelCanTurnTheSectionsHalvingOff() throws {
        let models = "[{\"name\": \"mf\", \"type\": \"biased_mf\", \"params\": {\"factors\": [8, 16]}, \"early_stopping\": {\"halving\": null}}]"
        let s = try parse(spec(["split": split, "models": models,
                                "early_stopping": "{\"halving\": {\"min_epochs\": 1, \"reduction\": 2}}"]))
        #expect(s.earlyStopping?.halving != nil)
        #expect(s.earlyStopping(for: "mf")?.halving == nil)
    }

    @Test func badValuesNameTheirPath() {
        let cases: [(String, String, String)] = [
            ("{\"min_epochs\": 0, \"reduction\": 3}", "early_stopping.halving.min_epochs", "expected an integer between 1 and 100000, got 0"),
            ("{\"min_epochs\": 1, \"reduction\": 1}", "early_stopping.halving.reduction", "expected an integer between 2 and 1000, got 1"),
            ("{\"min_epochs\": 1}", "early_stopping.halving.reduction", "halving needs \"reduction\""),
            ("{\"min_epochs\": 1, \"reduction\": 3, \"rungs\": 4}", "early_stopping.halving.rungs", "unknown key in halving"),
        ]
        for (halving, path, message) in cases {
            let e = only(spec(["split": split, "models": sweep, "early_stopping": "{\"halving\": \(halving)}"]))
            #expect(e?.path == path)
            #expect(e?.message == message)
        }
    }

    @Test func aModelWithoutEpochsCannotBeHalved() {
        let models = "[{\"type\": \"item_knn\", \"params\": {\"neighbors\": [10, 20]}, \"early_stopping\": {\"halving\": {\"min_epochs\": 1, \"reduction\": 3}}}]"
        let e = only(spec(["split": split, "models": models]))
        #expect(e?.path == "models[0].early_stopping")
        #expect(e?.message == "model type 'item_knn' does not train in epochs, so nothing can stop early")
    }

    @Test func oneConfigurationWarns() throws {
        let models = "[{\"name\": \"mf\", \"type\": \"biased_mf\"}]"
        let s = try parse(spec(["split": split, "models": models,
                                "early_stopping": "{\"halving\": {\"min_epochs\": 1, \"reduction\": 3}}"]))
        #expect(s.warnings.map(\.path) == ["early_stopping.halving"])
        #expect(s.warnings.first?.message == "model 'mf' has one configuration; halving has nothing to compare it with and stops nothing")
    }
}
