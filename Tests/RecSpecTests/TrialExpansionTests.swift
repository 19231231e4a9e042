import Foundation
import Testing
import RecData
@testable import RecSpec

@Suite struct TrialExpansionTests {
    let gridSpec = spec([
        "split": "{\"ratios\": [0.8, 0.1, 0.1]}",
        "models": "[{\"name\": \"mf\", \"type\": \"biased_mf\", \"params\": {\"reg\": [0.0, 0.01, 0.1], \"factors\": [32, 64]}}]",
        "seeds": "[0, 1]",
    ])

    @Test func gridIsTheCartesianProductInRegistryOrder() throws {
        let trials = try parse(gridSpec).trials()
        #expect(trials.count == 12)  // 2 factors × 3 reg × 2 seeds
        #expect(trials.map(\.index) == Array(0..<12))
        #expect(trials[0].params == ["factors": .int(32), "learning_rate": .double(0.01), "reg": .double(0.0),
                                     "init": .string("normal"), "epochs": .int(20)])
        #expect(trials[0].seed == 0 && trials[1].seed == 1 && trials[1].configIndex == 0)
        #expect(trials[2].params["reg"] == .double(0.01) && trials[2].params["factors"] == .int(32))
        #expect(trials[11].params["factors"] == .int(64) && trials[11].params["reg"] == .double(0.1))
        #expect(trials[11].configIndex == 5 && trials[11].seed == 1)
        #expect(trials.allSatisfy { $0.fold == nil && $0.modelName == "mf" && $0.modelType == "biased_mf" })
    }

    @Test func trialIDsAreStableAndDistinct() throws {
        #expect(FNV1a.hex("a") == "af63dc4c8601ec8c")  // published FNV-1a 64 test vector
        let trials = try parse(gridSpec).trials()
        #expect(Set(trials.map(\.trialID)).count == trials.count)
        #expect(trials.allSatisfy { $0.trialID.count == 16 && $0.trialID == FNV1a.hex($0.canonicalText) })
        #expect(trials[0].canonicalText == "model=\"mf\";type=\"biased_mf\";config=0;params={\"epochs\"=20,\"factors\"=32,"
                + "\"init\"=\"normal\",\"learning_rate\"=0.01,\"reg\"=0.0};seed=0;fold=-")
        #expect(try parse(gridSpec).trials() == trials)
    }

    let randomSpec = spec([
        "split": "{\"ratios\": [0.8, 0.1, 0.1]}",
        "models": """
        [{"name": "mf", "type": "biased_mf",
          "params": {"factors": [8, 16, 32], "learning_rate": {"loguniform": [0.001, 0.1]}, "reg": {"uniform": [0, 0.1]},
                     "init": {"choice": ["normal", "uniform"]}, "epochs": {"uniform": [5, 7.5]}},
          "sweep": {"strategy": "random", "count": 200, "seed": 1}}]
        """,
    ])

    @Test func randomSweepIsDeterministicUnderItsSeed() throws {
        let a = try parse(randomSpec).trials()
        #expect(a.count == 200)
        #expect(try parse(randomSpec).trials() == a)
        let other = try parse(randomSpec.replacingOccurrences(of: "\"seed\": 1", with: "\"seed\": 2")).trials()
        #expect(other.map(\.params) != a.map(\.params))
        // Fewer draws keep the same first configurations.
        let fewer = try parse(randomSpec.replacingOccurrences(of: "\"count\": 200", with: "\"count\": 5")).trials()
        #expect(fewer.map(\.params) == a.prefix(5).map(\.params))
    }

    /// `factors: [16, 32]` with 2 draws once drew 16 twice; a repeat is now drawn again.
    @Test func randomSweepsDrawDistinctConfigurationsWhileTheSpaceAllows() throws {
        func sweep(_ params: String, count: Int, seed: Int = 3) -> String {
            spec(["split": "{\"ratios\": [0.8, 0.1, 0.1]}",
                  "models": "[{\"name\": \"mf\", \"type\": \"biased_mf\", \"params\": {\(params)}, \"sweep\": {\"strategy\": \"random\", \"count\": \(count), \"seed\": \(seed)}}]"])
        }
        for seed in 0..<20 {
            let trials = try parse(sweep("\"factors\": [16, 32], \"epochs\": {\"uniform\": [5, 6]}", count: 4, seed: seed)).trials()
            #expect(Set(trials.map(\.params)).count == 4, "seed \(seed)")
        }
        // The space has 2 × 2 = 4 combinations: a fifth draw is an error at the count, with the fix.
        #expect { try parse(sweep("\"factors\": [16, 32], \"epochs\": {\"uniform\": [5, 6]}", count: 5)) } throws: { error in
            let list = error as! SpecErrorList
            return list.errors.count == 1 && list.errors[0].path == "models[0].sweep.count"
                && list.errors[0].message.contains("only 4 distinct combinations") && (list.errors[0].fix ?? "").contains("at most 4")
        }
        // Skewed draws (log-uniform integers rarely land near 64) still fill a nearly full space: the
        // redraws fall back to a combination not drawn yet.
        let skewed = try parse(sweep("\"factors\": {\"loguniform\": [1, 64]}", count: 60)).trials()
        #expect(Set(skewed.map { $0.params["factors"]! }).count == 60)
        // A continuous parameter has no such limit.
        #expect(try parse(sweep("\"factors\": [16, 32], \"reg\": {\"uniform\": [0, 0.1]}", count: 50)).trials().count == 50)
    }

    @Test func randomDrawsStayInsideTheirRanges() throws {
        let trials = try parse(randomSpec).trials()
        var inits = Set<String>(), factors = Set<Int>(), epochs = Set<Int>()
        for t in trials {
            let lr = try #require(t.params["learning_rate"]?.doubleValue)
            #expect(lr >= 0.001 && lr <= 0.1)
            let reg = try #require(t.params["reg"]?.doubleValue)
            #expect(reg >= 0 && reg <= 0.1)
            inits.insert(try #require(t.params["init"]?.stringValue))
            factors.insert(try #require(t.params["factors"]?.intValue))
            epochs.insert(try #require(t.params["epochs"]?.intValue))
        }
        #expect(inits == ["normal", "uniform"])
        #expect(factors == [8, 16, 32])  // lists are choices in a random sweep
        #expect(epochs == [5, 6, 7])     // integer uniform on the integers of [5, 7.5]
        // Log-uniform: about half the draws fall below the geometric midpoint 0.01.
        let below = trials.filter { $0.params["learning_rate"]!.doubleValue! < 0.01 }.count
        #expect(below > 70 && below < 130)
    }

    @Test func foldAllExpandsOneTrialSetPerFold() throws {
        let all = try parse(spec(["split": "{\"method\": \"kfold\", \"folds\": 3, \"fold\": \"all\"}", "seeds": "[0, 1]"]))
        let trials = try all.trials()
        #expect(trials.map(\.fold) == [0, 0, 1, 1, 2, 2])
        #expect(trials.map(\.seed) == [0, 1, 0, 1, 0, 1])
        #expect(Set(trials.map(\.trialID)).count == 6)
        #expect(same(all.split.method(forFold: 1), KFoldSplitter(folds: 3, fold: 1, validationFraction: 0.1)))
        // A single-fold spec produces the same IDs as the matching trials of "all", so results carry over.
        let one = try parse(spec(["split": "{\"method\": \"kfold\", \"folds\": 3, \"fold\": 1}", "seeds": "[0, 1]"])).trials()
        #expect(one.map(\.trialID) == trials.filter { $0.fold == 1 }.map(\.trialID))
    }

    @Test func resolvedJSONRoundTrips() throws {
        let original = try parse(fullSpec)
        let data = original.resolvedJSON()
        let again = try ExperimentSpec.parse(data: data, source: "spec.resolved.json", context: TestRegistry.context)
        #expect(try again.trials() == original.trials())
        #expect(again.resolvedJSON() == data)
        #expect(again.fingerprint == original.fingerprint)
        // Equal apart from which parameters were defaulted (the resolved file writes them all out).
        var o = original
        for i in o.models.indices { for j in o.models[i].parameters.indices { o.models[i].parameters[j].isDefault = false } }
        #expect(again == o)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"ratios\": [0.7, 0.1, 0.2]"))
        #expect(text.contains("\"implicit_threshold\": null"))
        #expect(text.contains("\"epochs\": 20"))
        // Every split method and dataset format round-trips too.
        for (split, dataset) in [("{\"method\": \"kfold\", \"fold\": \"all\"}", "{\"source\": \"synthetic\"}"),
                                 ("{\"method\": \"user_temporal\", \"last_fraction\": 0.1}", "{\"source\": \"x.tsv\", \"delimited\": {}}"),
                                 ("{\"method\": \"leave_one_out\", \"order\": \"random\"}", "{\"source\": \"ml-1m\"}"),
                                 ("{\"method\": \"user_cold_start\"}", "{\"source\": \"x.inter\", \"format\": \"atomic\"}")] {
            let s = try parse(spec(["split": split, "dataset": dataset]))
            let r = try ExperimentSpec.parse(data: s.resolvedJSON(), context: TestRegistry.context)
            #expect(r.split == s.split && r.dataset == s.dataset)
            #expect(try r.trials() == s.trials())
        }
    }

    @Test func planDescriptionListsEveryTrial() throws {
        let s = try parse(gridSpec)
        let plan = s.planDescription()
        let trials = try s.trials()
        #expect(plan.contains("experiment  t"))
        #expect(plan.contains("trials      12"))
        #expect(trials.allSatisfy { plan.contains($0.trialID) })
        #expect(plan.contains("factors=32 learning_rate=0.01 reg=0.0 init=normal epochs=20"))
    }

    @Test func planCountsTheRefitTrials() throws {
        let refit = gridSpec.replacingOccurrences(of: "\"seeds\"", with: "\"selection\": {\"refit\": true}, \"seeds\"")
        let plan = try parse(refit).planDescription()
        // 12 sweep trials; one refit per model (1) × seed (2).
        #expect(plan.contains("trials      14: 12 sweep trials (listed) + 2 refits"), "\(plan)")
    }

    @Test func paramValueTextIsStable() throws {
        #expect(ParamValue.double(0.001).text == "0.001")
        #expect(ParamValue.double(1).text == "1.0")
        #expect(ParamValue.int(32).text == "32")
        #expect(ParamValue.string("a\"b").text == "\"a\\\"b\"")
        let encoded = try JSONEncoder().encode([ParamValue.int(3), .double(0.5), .bool(true), .string("x")])
        #expect(try JSONDecoder().decode([ParamValue].self, from: encoded) == [.int(3), .double(0.5), .bool(true), .string("x")])
    }
}
