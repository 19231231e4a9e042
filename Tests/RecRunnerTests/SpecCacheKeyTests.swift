import Foundation
import RecData
import RecSpec
import RecTestSupport
import Testing
@testable import RecRunner

/// The dataset cache keys that specs map to, fold by fold, as they were before the data options
/// became declared configurations: a change would rebuild every cache entry and move every result.
@Suite struct SpecCacheKeyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func keys(of spec: ExperimentSpec, root: String) throws -> [String] {
        let folds: [Int?] = spec.split.folds ?? [nil]
        return try folds.map { try DataPipeline().cacheKey(for: spec.dataRequest(fold: $0, root: root)) }
    }

    static func parse(_ text: String) throws -> ExperimentSpec {
        try ExperimentSpec.parse(data: Data(text.utf8), context: ExperimentRunner.specContext)
    }

    /// Specs over ML-100K need it fetched (`reclab data fetch ml-100k`); they are skipped otherwise.
    @Test func everyShippedSpecKeepsItsCacheKeys() throws {
        let experiments = Self.root.appendingPathComponent("experiments")
        let datasets = Self.root.appendingPathComponent("datasets").path
        var keys: [String: [String]] = [:]
        // A spec reading a database (sqlite_ml100k.json) has a key only once its database is built:
        // RecSQLTests' SQLRealDataTests builds it and pins that key.
        var context = ExperimentRunner.specContext
        context.checkPaths = false
        for name in try FileManager.default.contentsOfDirectory(atPath: experiments.path).sorted() where name.hasSuffix(".json") {
            let spec = try ExperimentSpec.load(path: experiments.appendingPathComponent(name).path, context: context)
            if spec.dataset.sql != nil { continue }
            do {
                keys[name] = try Self.keys(of: spec, root: datasets)
            } catch let error as DataError {
                guard case .missingFile = error else { throw error }
            }
        }
        let pinned: [String: [String]] = [
            "baselines_8020.json": ["25607db66cd79a3138c7899be0a9abf8"],
            "bench_ml100k_ratings.json": ["88aa09586299f5b0a9c8c60b0448d172"],
            "bench_synthetic_16m.json": ["9481cad2bc4877b30555f4a02fa4114f"],
            "biased_mf_kfold.json": ["3600167098e5abfd4a35956570714e96", "513e68cae6d2e3a775d699bd616a2f61", "5660c2e90ad8c409e48c64a01905afee",
                                     "6261a63b59df5b1de42a8aa564fbdca7", "0a8e164266c099a41ff0f1bc82a9a634"],
            "bpr_sweep.json": ["2274af2ecb57ad6cdea7c229c74a9452"],
            "bpr_sweep_halving.json": ["2274af2ecb57ad6cdea7c229c74a9452"],
            "bpr_sweep_halving_from1.json": ["2274af2ecb57ad6cdea7c229c74a9452"],
            "cold_start_items.json": ["a551d38c5adfc58db22609b54466fea7"],
            "cold_start_users.json": ["91cdc9c3797ea7bafeeeaeb7dbc634c0", "05e759fda1267a85de60d9c82efe7811", "5ae022d0162bbe26cc856f466596d650",
                                      "af6578143ba68896c4755936b83c60f1", "55f3e83393fa54737d4f40f2e3f39d2e"],
            "ials_search.json": ["2274af2ecb57ad6cdea7c229c74a9452"],
            "implicit_mf_sweep.json": ["2274af2ecb57ad6cdea7c229c74a9452"],
            "kg_sweep.json": ["2274af2ecb57ad6cdea7c229c74a9452"],
            "neural.json": ["2274af2ecb57ad6cdea7c229c74a9452"],
            "neural_baselines.json": ["2274af2ecb57ad6cdea7c229c74a9452"],
            "quickstart.json": ["2274af2ecb57ad6cdea7c229c74a9452"],
            "scale_synthetic_16m.json": ["c22cc463a78bd4b3e436ba35254e2ce5"],
            "serve_ml100k.json": ["1f24c4a953c7cb38872b5af9109f8de3"],
            "serve_synthetic_20k.json": ["4f653b9e71ee41365c20fc658512744f"],
            "streaming_ml100k.json": ["dc7b329d095a3a1960f1b928f88d3269"],
            "top_n_blend.json": ["2274af2ecb57ad6cdea7c229c74a9452"],
            // The same data and 5-fold split as biased_mf_kfold.json, so the same keys.
            "rating_models_kfold.json": ["3600167098e5abfd4a35956570714e96", "513e68cae6d2e3a775d699bd616a2f61", "5660c2e90ad8c409e48c64a01905afee",
                                         "6261a63b59df5b1de42a8aa564fbdca7", "0a8e164266c099a41ff0f1bc82a9a634"],
        ]
        #expect(keys == pinned.filter { keys[$0.key] != nil })
        #expect(keys["bench_synthetic_16m.json"] != nil)
    }

    /// Every split method with explicit values, on synthetic data (whose key has no source files).
    @Test func everySplitMethodKeepsItsCacheKey() throws {
        let splits = [
            #"{"method": "random_ratio", "ratios": [0.7, 0.1, 0.2], "seed": 4}"#,
            #"{"method": "user_ratio", "ratios": [0.6, 0.2, 0.2]}"#,
            #"{"method": "temporal", "ratios": [0.8, 0.1, 0.1]}"#,
            #"{"method": "user_temporal", "last_n": 2, "validation": false}"#,
            #"{"method": "user_temporal", "last_fraction": 0.25}"#,
            #"{"method": "user_temporal"}"#,
            #"{"method": "leave_one_out", "order": "random", "validation": false, "seed": 3}"#,
            #"{"method": "leave_one_out"}"#,
            #"{"method": "kfold", "folds": 3, "fold": 2, "validation_fraction": 0.05}"#,
            #"{"method": "kfold", "folds": 3, "fold": "all"}"#,
            #"{"method": "user_cold_start", "validation_fraction": 0.05, "test_fraction": 0.3}"#,
            #"{"method": "user_cold_start_kfold", "folds": 4, "fold": "all", "validation_fraction": 0.2}"#,
            #"{"method": "item_cold_start"}"#,
        ]
        var keys: [[String]] = []
        for split in splits {
            let spec = try Self.parse(#"{"name": "k", "dataset": {"source": "synthetic", "synthetic": {"users": 60, "items": 50, "interactions": 900, "seed": 5}, "preprocessing": {"duplicates": "mean", "implicit_threshold": 3.5, "min_user_interactions": 2, "min_item_interactions": 1, "user_core": 3, "item_core": 2}}, "split": "#
                                      + split + #", "models": [{"type": "popularity"}], "evaluation": {"metrics": ["ndcg@10"]}}"#)
            keys.append(try Self.keys(of: spec, root: "datasets"))
        }
        let plain = try Self.parse(#"{"name": "k", "dataset": {"source": "synthetic"}, "models": [{"type": "popularity"}], "evaluation": {"metrics": ["ndcg@10"]}}"#)
        keys.append(try Self.keys(of: plain, root: "datasets"))
        #expect(keys == [
            ["7176effa23d12a4c910129b7b0c422ae"], ["57f9bb0887ced49ea5610c253de7fcc0"], ["fe77efe08f08cae50abcab7d4a0b6a66"],
            ["d9b4aed5c96b7b61fa1b551fdb46feac"], ["5391cd06408284b97d148bc5a1ab405a"], ["cf0b52d2b001486b98e1550c4a433580"],
            ["cbb90408eceeb7ed03e6def8aab9c663"], ["5c36feadf50907c2e80ec845ea134855"], ["7b5e95725b439a0d558519b0e7affaed"],
            ["60404167faa0412ad4451aac41ad950c", "7161fc232dbf6ebc6bc1cb9681b5d2f0", "699ce37fed7382499e678be5959654b6"],
            ["dc671233e37660bbb021e5d30622b58f"],
            ["db1e7da0dbc3416c97499cab182d888f", "2506073571191dbe817d49850fa22806", "a4cbbd79a062dd242889bfdb6ec45708",
             "c09610dd9e5d0cc41bed60c31a1f24a3"],
            ["768c595361005f0496b48042af97ef36"], ["8178925bae0cf177dca61b74342730da"],
        ])
    }

    /// Delimited and predefined files with every layout option (the key hashes file names and bytes).
    @Test func fileLayoutsKeepTheirCacheKeys() throws {
        let dir = try Fixtures.temporaryDirectory()
        let text = "u\ti\tr\tt\n1\t10\t4\t100\n2\t10\t3\t200\n2\t11\t5\t300\n3\t11\t2\t400\n"
        for name in ["all.tsv", "train.tsv", "valid.tsv", "test.tsv"] { try LoaderFixtures.write(Array(text.utf8), to: name, in: dir) }
        let folder = dir.path
        let datasets = [
            #"{"source": "\#(folder)/all.tsv", "delimited": {"delimiter": "\t", "header": true, "user": "u", "item": "i", "rating": "r", "timestamp": "t", "encoding": "latin-1"}}"#,
            #"{"source": "\#(folder)/all.tsv", "format": "delimited", "delimited": {"delimiter": "\t", "header": true, "user": 0, "item": 1, "rating": 2, "encoding": "utf-8"}}"#,
            #"{"source": "\#(folder)/all.tsv", "format": "delimited"}"#,
            #"{"predefined": {"train": "\#(folder)/train.tsv", "validation": "\#(folder)/valid.tsv", "test": "\#(folder)/test.tsv"}}"#,
            #"{"predefined": {"train": "\#(folder)/train.tsv", "test": "\#(folder)/test.tsv"}}"#,
        ]
        var keys: [[String]] = []
        for dataset in datasets {
            let spec = try Self.parse(#"{"name": "k", "dataset": "# + dataset
                                      + #", "models": [{"type": "popularity"}], "evaluation": {"metrics": ["ndcg@10"]}, "selection": {"split": "test"}}"#)
            keys.append(try Self.keys(of: spec, root: "datasets"))
        }
        // The predefined files' header `u i r t` used to be read as an interaction; it is now read as
        // the header it is (with the ratings and timestamps under it), which changed those two keys.
        #expect(keys == [["0eb2940dc0167cd6062d1b26c0087a6e"], ["7efb363d25838cf4b8a3a488d1e77de8"], ["d6c636db5126cf5550bad58589b60a79"],
                         ["6accf55ce3450e15f5af1d18dff46e0a"], ["117222eaf2ed86a06acf72b85d43b80c"]])
    }
}
