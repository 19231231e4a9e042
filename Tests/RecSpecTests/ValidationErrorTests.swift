import Testing
@testable import RecSpec

/// Each kind of mistake yields one error with the exact JSON path, message and fix.
@Suite struct ValidationErrorTests {
    /// The single error of a spec (records an issue when there is not exactly one).
    func only(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> SpecError? {
        let e = errors(text)
        #expect(e.count == 1, "\(e)", sourceLocation: sourceLocation)
        return e.first
    }

    @Test func selectionReferenceMustNameAModel() throws {
        let models = "[{\"name\": \"pop\", \"type\": \"popularity\"}, {\"name\": \"rand\", \"type\": \"popularity\"}]"
        let e = only(spec(["models": models, "selection": "{\"reference\": \"popp\"}"]))
        #expect(e?.kind == .conflict)
        #expect(e?.path == "selection.reference")
        #expect(e?.message == "'popp' is not the name of a model in this spec")
        #expect(e?.fix == "did you mean 'pop'?")
        let ok = try parse(spec(["models": models, "selection": "{\"reference\": \"rand\"}"]))
        #expect(ok.selection.reference == "rand")
        #expect(try parse(spec(["models": models])).selection.reference == nil)
    }

    @Test func unknownTopLevelKeySuggestsTheNearest() {
        let e = only(spec(["seed": "[0, 1]"]))
        #expect(e?.kind == .unknownKey)
        #expect(e?.path == "seed")
        #expect(e?.message == "unknown key in the experiment spec")
        #expect(e?.fix == "did you mean 'seeds'?")
        #expect(e?.line != nil && e?.column == 3)
    }

    @Test func unknownParameterCitesPathAndSuggestion() {
        let e = only(spec(["models": "[{\"type\": \"popularity\"}, {\"type\": \"biased_mf\", \"params\": {\"lerning_rate\": 0.1}}]"]))
        #expect(e?.path == "models[1].params.lerning_rate")
        #expect(e?.message == "unknown parameter of model type 'biased_mf'")
        #expect(e?.fix == "did you mean 'learning_rate'?")
    }

    @Test func wrongTypeShowsWhatWasGiven() {
        let e = only(spec(["split": "{\"ratios\": [\"0.8x\", 0.0, 0.2]}"]))
        #expect(e?.kind == .wrongType)
        #expect(e?.path == "split.ratios[0]")
        #expect(e?.message == "expected a number between 0 and 1, got \"0.8x\"")
    }

    @Test func ratiosMustSumToOne() {
        let e = only(spec(["split": "{\"method\": \"random_ratio\", \"ratios\": [0.8, 0.1, 0.2]}"]))
        #expect(e?.path == "split.ratios")
        #expect(e?.message == "ratios must sum to 1, they sum to 1.1")
    }

    @Test func unknownModelTypeSuggestsNearest() {
        let e = only(spec(["models": "[{\"type\": \"biasedmf\"}]"]))
        #expect(e?.kind == .unknownModelType)
        #expect(e?.path == "models[0].type")
        #expect(e?.message == "unknown model type \"biasedmf\"")
        #expect(e?.fix == "did you mean 'biased_mf'?")
        let far = only(spec(["models": "[{\"type\": \"transformer\"}]"]))
        #expect(far?.fix == "known types are 'popularity', 'biased_mf', 'item_knn', 'boost', 'blend'")
    }

    @Test func duplicateModelNames() {
        let e = only(spec(["models": "[{\"name\": \"a\", \"type\": \"popularity\"}, {\"name\": \"a\", \"type\": \"biased_mf\"}]"]))
        #expect(e?.kind == .duplicate)
        #expect(e?.path == "models[1].name")
        #expect(e?.message == "duplicate model name 'a' (also models[0])")
    }

    @Test func parameterOutsideDescriptorRange() {
        let e = only(spec(["models": "[{\"type\": \"biased_mf\", \"params\": {\"factors\": 0}}]"]))
        #expect(e?.path == "models[0].params.factors")
        #expect(e?.message == "expected an integer between 1 and 4096, got 0")
        let d = only(spec(["models": "[{\"type\": \"biased_mf\", \"params\": {\"learning_rate\": [0.01, 2]}}]"]))
        #expect(d?.path == "models[0].params.learning_rate[1]")
        #expect(d?.message == "expected a number between 0 and 1, got 2.0")
    }

    @Test func choiceOutsideTheAllowedSet() {
        let e = only(spec(["models": "[{\"type\": \"biased_mf\", \"params\": {\"init\": \"unifrom\"}}]"]))
        #expect(e?.path == "models[0].params.init")
        #expect(e?.message == "\"unifrom\" is not allowed for 'init'")
        #expect(e?.fix == "did you mean 'uniform'?")
        let far = only(spec(["models": "[{\"type\": \"biased_mf\", \"params\": {\"init\": \"xavier\"}}]"]))
        #expect(far?.fix == "expected one of 'normal', 'uniform'")
    }

    @Test func requiredParameterWithoutDefault() {
        let e = only(spec(["models": "[{\"type\": \"item_knn\"}]"]))
        #expect(e?.kind == .missingKey)
        #expect(e?.path == "models[0].params.neighbors")
        #expect(e?.fix == "neighbourhood size (integer)")
    }

    @Test func metricStringsMustParse() {
        let typo = only(spec(["evaluation": "{\"metrics\": [\"ndgc@10\"]}"]))
        #expect(typo?.path == "evaluation.metrics[0]")
        #expect(typo?.message == "unknown metric 'ndgc'")
        #expect(typo?.fix == "did you mean 'ndcg'?")
        let cutoff = only(spec(["evaluation": "{\"metrics\": [\"ndcg@10\", \"rmse@10\"]}"]))
        #expect(cutoff?.path == "evaluation.metrics[1]")
        #expect(cutoff?.message == "metric 'rmse' takes no cutoff")
        let bad = only(spec(["evaluation": "{\"metrics\": [\"ndcg@5,ten\"]}"]))
        #expect(bad?.message == "cutoff 'ten' in \"ndcg@5,ten\" is not a positive integer")
    }

    @Test func selectionMetricMustBeEvaluated() {
        let e = only(spec(["selection": "{\"metric\": \"recall@20\"}"]))
        #expect(e?.kind == .conflict)
        #expect(e?.path == "selection.metric")
        #expect(e?.message == "'recall@20' is not among the evaluated metrics")
        #expect(e?.fix == "did you mean 'recall@10'?")
    }

    @Test func patienceMustBePositive() {
        let e = only(spec(["split": "{\"ratios\": [0.8, 0.1, 0.1]}", "early_stopping": "{\"patience\": 0}",
                           "models": "[{\"type\": \"biased_mf\"}]"]))
        #expect(e?.path == "early_stopping.patience")
        #expect(e?.message == "expected an integer between 1 and 100000, got 0")
    }

    @Test func distributionInGridSweepSuggestsRandom() {
        let e = only(spec(["split": "{\"ratios\": [0.8, 0.1, 0.1]}",
                           "models": "[{\"type\": \"biased_mf\", \"params\": {\"learning_rate\": {\"loguniform\": [0.001, 0.1]}}}]"]))
        #expect(e?.kind == .conflict)
        #expect(e?.path == "models[0].params.learning_rate")
        #expect(e?.message == "a 'loguniform' distribution needs a random sweep")
        #expect(e?.fix == "set \"sweep\": {\"strategy\": \"random\", \"count\": 20} (or \"tpe\"), or give a plain list of values for a grid")
    }

    @Test func splitKeysOfAnotherMethodNameTheMethod() {
        let e = only(spec(["split": "{\"method\": \"user_ratio\", \"folds\": 5}"]))
        #expect(e?.path == "split.folds")
        #expect(e?.message == "split method 'user_ratio' does not take 'folds' (it belongs to 'kfold', 'user_cold_start_kfold')")
        #expect(e?.fix == "'user_ratio' takes 'ratios'")
        let typo = only(spec(["split": "{\"ratio\": [0.8, 0.0, 0.2]}"]))
        #expect(typo?.path == "split.ratio")
        #expect(typo?.fix == "did you mean 'ratios'?")
        let method = only(spec(["split": "{\"method\": \"k_fold\"}"]))
        #expect(method?.path == "split.method")
        #expect(method?.fix == "did you mean 'kfold'?")
    }

    @Test func impossibleCountsAndValues() {
        let count = only(spec(["split": "{\"ratios\": [0.8, 0.1, 0.1]}",
                               "models": "[{\"type\": \"biased_mf\", \"sweep\": {\"strategy\": \"random\", \"count\": -3}}]"]))
        #expect(count?.path == "models[0].sweep.count")
        #expect(count?.message == "expected an integer between 1 and 100000, got -3")
        let pre = only(spec(["dataset": "{\"source\": \"ml-100k\", \"preprocessing\": {\"user_core\": -1}}"]))
        #expect(pre?.path == "dataset.preprocessing.user_core")
        #expect(pre?.message == "expected an integer ≥ 0, got -1")
        let fold = only(spec(["split": "{\"method\": \"kfold\", \"folds\": 3, \"fold\": 3}"]))
        #expect(fold?.path == "split.fold")
        #expect(fold?.message == "expected an integer between 0 and 2, got 3")
        let name = only(spec(["name": "\"my run\""]))
        #expect(name?.path == "name")
        let dup = only(spec(["seeds": "[1, 2, 1]"]))
        #expect(dup?.path == "seeds[2]" && dup?.message == "seed 1 is listed twice")
    }

    @Test func gridCountKeyConflicts() {
        let e = only(spec(["models": "[{\"type\": \"popularity\", \"sweep\": {\"count\": 4}}]"]))
        #expect(e?.path == "models[0].sweep.count")
        #expect(e?.message == "'count' applies only to \"strategy\": \"random\" or \"tpe\"")
    }

    @Test func sweepingWithoutValidationDataIsAnError() {
        let e = only(spec(["models": "[{\"type\": \"biased_mf\", \"params\": {\"factors\": [8, 16]}}]"]))
        #expect(e?.path == "selection.split")
        #expect(e?.message == "model 'biased_mf' compares 2 configurations, but split 'user_ratio' has no validation set (its validation ratio (ratios[1]) is 0)")
        // Choosing the test split explicitly is allowed.
        #expect(errors(spec(["models": "[{\"type\": \"biased_mf\", \"params\": {\"factors\": [8, 16]}}]",
                             "selection": "{\"split\": \"test\"}"])).isEmpty)
    }

    @Test func datasetSectionsMustMatchTheFormat() {
        let e = only(spec(["dataset": "{\"source\": \"x.inter\", \"format\": \"atomic\", \"delimited\": {\"header\": true}}"]))
        #expect(e?.path == "dataset.delimited")
        #expect(e?.message == "applies only to \"format\": \"delimited\" or \"predefined\", but the format is 'atomic'")
        let col = only(spec(["dataset": "{\"source\": \"x.csv\", \"delimited\": {\"user\": \"uid\"}}"]))
        #expect(col?.path == "dataset.delimited.user")
        #expect(col?.fix == "set \"header\": true or give a 0-based column index")
    }

    @Test func manyErrorsAreCollectedAtOnce() {
        let text = """
        {
          "name": "bad",
          "dataset": {"source": "ml-100k", "preprocesing": {}},
          "split": {"method": "user_ratio", "ratios": [0.8, 0.1, 0.2]},
          "models": [{"type": "biased_mf", "params": {"factor": 8}}],
          "evaluation": {"metrics": ["ndcg@10"]},
          "early_stopping": {"patience": 0}
        }
        """
        let e = errors(text)
        #expect(e.map(\.path) == ["dataset.preprocesing", "split.ratios", "models[0].params.factor", "early_stopping.patience"])
        #expect(e.map(\.fix) == ["did you mean 'preprocessing'?", nil, "did you mean 'factors'?", nil])
        #expect(e.map(\.line) == [3, 4, 5, 7])
        do {
            _ = try parse(text)
        } catch {
            let text = error.description
            #expect(text.hasPrefix("test.json: 4 problems in experiment spec\n"))
            #expect(text.contains("test.json:5:47: models[0].params.factor: unknown parameter of model type 'biased_mf'; did you mean 'factors'?"))
        }
    }

    @Test func jsonSyntaxErrorsReportLineAndColumn() {
        let missingComma = "{\n  \"name\": \"x\"\n  \"seeds\": [0]\n}"
        let e = errors(missingComma)
        #expect(e.count == 1)
        #expect(e.first?.kind == .syntax)
        #expect(e.first?.line == 3 && e.first?.column == 3)
        #expect(e.first?.message == "invalid JSON: unexpected '\"', expected ',' or '}' after a member")
        let trailing = errors("{\"seeds\": [0, 1,]}")
        #expect(trailing.first?.message == "invalid JSON: trailing comma before ']'")
        #expect(trailing.first?.line == 1 && trailing.first?.column == 17)
        let comment = errors("{\n  // note\n}")
        #expect(comment.first?.message == "invalid JSON: JSON does not allow comments")
        #expect(comment.first?.line == 2 && comment.first?.column == 3)
        let duplicate = errors("{\"name\": \"a\",\n \"name\": \"b\"}")
        #expect(duplicate.first?.message == "invalid JSON: duplicate key \"name\"")
        #expect(duplicate.first?.line == 2 && duplicate.first?.column == 2)
    }

    @Test func suggestionsUseDamerauDistanceAndPrefixes() {
        #expect(Suggestions.distance("lerning_rate", "learning_rate") == 1)
        #expect(Suggestions.distance("laerning_rate", "learning_rate") == 1)  // transposition
        #expect(Suggestions.distance("kitten", "sitting") == 3)
        #expect(Suggestions.nearest("learning", in: ["factors", "learning_rate"]) == "learning_rate")
        #expect(Suggestions.nearest("xyz", in: ["factors", "learning_rate"]) == nil)
        #expect(Suggestions.nearest("Seeds", in: ["seeds"]) == "seeds")
    }
}
