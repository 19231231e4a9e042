import Foundation
import Testing
import RecData
import RecProfiles
import RecTestSupport
@testable import RecSpec

@Suite struct ParsingTests {
    @Test func fullSpecParsesAndResolvesDefaults() throws {
        let s = try parse(fullSpec)
        #expect(s.name == "quickstart")
        #expect(s.dataset.source == "ml-100k")
        #expect(s.dataset.format == .atomic)  // auto resolved from the known name
        #expect(s.dataset.preprocessing.duplicates == .mean)
        #expect(s.dataset.preprocessing.minUserInteractions == 5)
        #expect(s.dataset.preprocessing.userCore == 0)
        #expect(s.split == SplitSpec(method: UserRatioSplitter(train: 0.7, validation: 0.1, test: 0.2), seed: 3))
        #expect(s.profiles.users?.attributes == [.buckets("age", edges: [18, 35]), .auto("gender")])
        #expect(s.profiles.users?.normalisation == .minMax && s.profiles.users?.dynamic == ProfileConfig().dynamic)
        #expect(s.profiles.items == nil)
        #expect(s.models.map(\.name) == ["pop", "mf"])
        let mf = s.models[1]
        #expect(mf.parameters.map(\.name) == ["factors", "learning_rate", "reg", "init", "epochs"])
        #expect(mf.parameters[4].values == .fixed(.int(20)) && mf.parameters[4].isDefault)
        #expect(mf.parameters[1].values == .logUniform(0.001, 0.1))
        #expect(mf.sweep == .random(count: 20, seed: 1))
        #expect(s.seeds == [0, 1, 2])
        #expect(s.evaluation.metrics.map(\.description) == ["ndcg@5", "ndcg@10", "ndcg@20", "recall@10", "rmse"])
        #expect(s.evaluation.candidates == .sampled(count: 100, seed: 7))
        #expect(s.evaluation.subgroups == [.userActivity, .itemPopularity, .coldUsers, .userAttribute("gender", .levels)])
        #expect(s.evaluation.relevanceThreshold == nil && s.evaluation.topKOutput == 10 && !s.evaluation.predictionsOutput)
        #expect(s.selection == SelectionSpec(metric: MetricSpec("ndcg", cutoff: 10), split: .validation, refit: false))
        #expect(s.earlyStopping == EarlyStoppingSpec(metric: MetricSpec("ndcg", cutoff: 10), patience: 5, minDelta: 0))
        #expect(s.parallelism == ParallelismSpec { $0.trials = 2 })
        #expect(s.warnings.isEmpty)
    }

    @Test func minimalSpecGetsDocumentedDefaults() throws {
        let s = try parse(spec([:]))
        #expect(s.description == nil)
        #expect(s.split == SplitSpec(method: UserRatioSplitter(train: 0.8, validation: 0, test: 0.2), seed: 0))
        #expect(s.seeds == [0])
        #expect(s.profiles == ProfilesSpec())
        #expect(s.models[0].name == "popularity" && s.models[0].sweep == .grid)
        #expect(s.evaluation.candidates == .all)
        // No validation part and nothing to compare: selection falls back to the test split.
        #expect(s.selection == SelectionSpec(metric: MetricSpec("ndcg", cutoff: 10), split: .test, refit: false))
        #expect(s.earlyStopping == nil)
        #expect(s.output.folder == "results")
        #expect(s.parallelism == ParallelismSpec())
    }

    @Test func splitMethodsReadTheirOwnKeysAndDefaults() throws {
        let loo = try parse(spec(["split": "{\"method\": \"leave_one_out\"}"]))
        #expect(same(loo.split.method, LeaveOneOutSplitter(latest: true, validation: true)))
        let ut = try parse(spec(["split": "{\"method\": \"user_temporal\", \"last_fraction\": 0.2, \"validation\": false}"]))
        #expect(same(ut.split.method, UserTemporalSplitter(lastN: nil, lastFraction: 0.2, validation: false)))
        let ut1 = try parse(spec(["split": "{\"method\": \"user_temporal\"}"]))
        #expect(same(ut1.split.method, UserTemporalSplitter(lastN: 1, lastFraction: nil, validation: true)))
        let kf = try parse(spec(["split": "{\"method\": \"kfold\", \"folds\": 4, \"fold\": 2}"]))
        #expect(same(kf.split.method, KFoldSplitter(folds: 4, fold: 2, validationFraction: 0.1)))
        let cold = try parse(spec(["split": "{\"method\": \"item_cold_start\", \"test_fraction\": 0.3}"]))
        #expect(same(cold.split.method, ItemColdStartSplitter(validationFraction: 0.1, testFraction: 0.3)))
    }

    @Test func datasetFormatsAndSections() throws {
        let d = try parse(spec(["dataset": """
            {"source": "data/ratings.tsv", "delimited": {"delimiter": "\\t", "header": true, "user": "uid", "item": "iid", "rating": 2}}
            """]))
        #expect(d.dataset.format == .delimited)
        #expect(d.dataset.delimited?.delimiter == "\t")
        #expect(d.dataset.delimited?.user == .name("uid") && d.dataset.delimited?.rating == .index(2))
        #expect(d.dataset.delimited?.timestamp == nil && d.dataset.delimited?.encoding == .utf8)
        let syn = try parse(spec(["dataset": "{\"source\": \"synthetic\", \"synthetic\": {\"users\": 50}}"]))
        #expect(syn.dataset.format == .synthetic)
        #expect(syn.dataset.synthetic == SyntheticSize { $0.users = 50; $0.items = 400; $0.interactions = 20_000; $0.seed = 0 })
        let pre = try parse(spec(["dataset": "{\"format\": \"predefined\", \"predefined\": {\"train\": \"a.csv\", \"test\": \"b.csv\"}}"]))
        #expect(same(pre.split.method, PredefinedSplit()))  // split defaults to the data's own
        #expect(pre.dataset.predefined == PredefinedFiles(train: "a.csv", validation: nil, test: "b.csv"))
    }

    @Test func loadReadsAFileAndReportsUnreadableOnes() throws {
        let dir = try Fixtures.temporaryDirectory("recspec")
        let url = try Fixtures.write(fullSpec, to: "quickstart.json", in: dir)
        let s = try ExperimentSpec.load(path: url.path, context: TestRegistry.context)
        #expect(s.name == "quickstart")
        do {
            _ = try ExperimentSpec.load(path: dir.appendingPathComponent("missing.json").path, context: TestRegistry.context)
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.first?.kind == .io)
        }
    }

    @Test func missingDatasetPathIsReportedWhenPathsAreChecked() {
        var ctx = TestRegistry.context
        ctx.checkPaths = true
        let e = errors(spec(["dataset": "{\"source\": \"ml-100\"}"]), context: ctx)
        #expect(e.map(\.path) == ["dataset.source"])
        #expect(e.first?.message == "no such file or folder \"ml-100\"")
        #expect(e.first?.fix == "did you mean 'ml-100k'?")
    }

    /// `side_data` is checked as `source` is: a known name, or a path that exists.
    @Test func missingSideDataIsReportedAtItsKey() throws {
        var ctx = TestRegistry.context
        ctx.checkPaths = true
        let dir = try Fixtures.temporaryDirectory("side-spec")
        for name in ["train.tsv", "test.tsv"] { try Fixtures.write("user_id\titem_id\n1\t2\n", to: name, in: dir) }
        let dataset = #"{"source": "\#(dir.path)", "predefined": {"train": "train.tsv", "test": "test.tsv", "side_data": "ml-100"}}"#
        let e = errors(spec(["dataset": dataset]), context: ctx)
        #expect(e.map(\.path) == ["dataset.predefined.side_data"])
        #expect(e.first?.message == "no such file or folder \"ml-100\"")
        #expect(e.first?.fix == "did you mean 'ml-100k'?")
        // spec() writes "dataset" first, on line 2; the error points at the side_data value.
        let line = "  \"dataset\": " + dataset
        let column = line.distance(from: line.startIndex, to: try #require(line.range(of: #""ml-100""#)).lowerBound) + 1
        #expect(e.first?.line == 2 && e.first?.column == column)
        #expect(e.first?.description.hasPrefix("2:\(column): dataset.predefined.side_data: no such file") == true)
        // A known name, or a folder that exists, is fine.
        for side in ["ml-100k", dir.path] {
            let ok = #"{"source": "\#(dir.path)", "predefined": {"train": "train.tsv", "test": "test.tsv", "side_data": "\#(side)"}}"#
            #expect(errors(spec(["dataset": ok]), context: ctx).isEmpty)
        }
    }

    @Test func earlyStoppingWithoutEpochModelsWarns() throws {
        let s = try parse(spec(["split": "{\"ratios\": [0.8, 0.1, 0.1]}", "early_stopping": "{\"patience\": 3}"]))
        #expect(s.earlyStopping == EarlyStoppingSpec(metric: nil, patience: 3, minDelta: 0))   // metric chosen per model at run time
        #expect(s.warnings.map(\.path) == ["early_stopping"])
    }
}
