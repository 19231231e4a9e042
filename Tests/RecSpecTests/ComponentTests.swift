import Foundation
import Testing
@testable import RecSpec

/// Composite models (`components`): validation, sweep expansion over the components' parameters,
/// and the resolved spec.
@Suite struct ComponentTests {
    @Test func componentParametersAreSweptWithTheModelsOwn() throws {
        let s = try parse(spec(["split": #"{"ratios": [0.7, 0.1, 0.2]}"#, "models": """
            [{"name": "kg", "type": "boost", "params": {"alpha": [0, 0.5]},
              "components": [{"name": "base", "type": "biased_mf", "params": {"factors": [8, 16]}}]}]
            """]))
        let trials = try s.trials()
        #expect(trials.count == 4)
        #expect(trials.map { $0.params["alpha"] } == [.double(0), .double(0), .double(0.5), .double(0.5)])
        #expect(trials.map { $0.params["base.factors"] } == [.int(8), .int(16), .int(8), .int(16)])
        #expect(trials.allSatisfy { $0.params["base.type"] == .string("biased_mf") && $0.params["base.epochs"] == .int(20) })
        #expect(s.models[0].epochTrained)                  // through its epoch-trained base
        #expect(s.models[0].configurationCount == 4)
        let again = try ExperimentSpec.parse(data: s.resolvedJSON(), context: TestRegistry.context)
        #expect(try again.trials() == trials)
        #expect(again.resolvedJSON() == s.resolvedJSON())
    }

    @Test func randomSweepsDrawComponentParametersToo() throws {
        let s = try parse(spec(["split": #"{"ratios": [0.7, 0.1, 0.2]}"#, "models": """
            [{"type": "blend", "sweep": {"strategy": "random", "count": 5, "seed": 2},
              "components": [{"type": "popularity"}, {"type": "biased_mf", "params": {"reg": {"loguniform": [0.001, 0.1]}}}]}]
            """]))
        let regs = try s.trials().compactMap { $0.params["biased_mf.reg"]?.doubleValue }
        #expect(regs.count == 5 && regs.allSatisfy { $0 >= 0.001 && $0 <= 0.1 } && Set(regs).count == 5)
    }

    @Test func componentMistakesNameTheirPath() {
        let missing = errors(spec(["models": #"[{"type": "boost"}]"#]))
        #expect(missing.contains { $0.path == "models[0].components" && $0.message.contains("exactly 1 model") })
        let notTaken = errors(spec(["models": #"[{"type": "popularity", "components": [{"type": "popularity"}]}]"#]))
        #expect(notTaken.contains { $0.path == "models[0].components" && $0.message.contains("takes no components") })
        let tooFew = errors(spec(["models": #"[{"type": "blend", "components": [{"type": "popularity"}]}]"#]))
        #expect(tooFew.contains { $0.path == "models[0].components" && $0.message.contains("at least 2 models") })
        let badParam = errors(spec(["models": """
            [{"type": "boost", "components": [{"name": "base", "type": "biased_mf", "params": {"factor": 8}}]}]
            """]))
        #expect(badParam.contains { $0.path == "models[0].components[0].params.factor" && ($0.fix ?? "").contains("factors") })
        let swept = errors(spec(["models": """
            [{"type": "boost", "components": [{"type": "popularity", "sweep": {"strategy": "grid"}}]}]
            """]))
        #expect(swept.contains { $0.path == "models[0].components[0].sweep" })
        let twice = errors(spec(["models": #"[{"type": "blend", "components": [{"type": "popularity"}, {"type": "popularity"}]}]"#]))
        #expect(twice.contains { $0.path == "models[0].components[1].name" })
    }
}
