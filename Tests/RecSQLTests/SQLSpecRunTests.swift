import Foundation
import RecData
import RecRunner
import RecSpec
import RecTestSupport
import Testing

/// Specs whose dataset is a SQL source run as the same spec over files does: same metrics.
enum SpecRuns {
    /// A spec over `dataset` (the JSON of the `dataset` section): popularity and item-kNN on a
    /// per-user 75/25 split.
    static func spec(dataset: String) -> String {
        """
        {"name": "sql_or_files", "dataset": \(dataset),
         "split": {"method": "user_ratio", "ratios": [0.75, 0.0, 0.25], "seed": 3},
         "models": [{"name": "popularity", "type": "popularity"},
                    {"name": "item_knn", "type": "item_knn", "params": {"neighbours": 10}}],
         "evaluation": {"metrics": ["ndcg@5", "recall@5", "rmse"], "subgroups": ["user_activity"]},
         "selection": {"metric": "ndcg@5", "split": "test"}}
        """
    }

    /// Runs `text` in `dir` and returns its metrics.csv without the trial-id column (an id
    /// covers the data's cache key, which differs between a file and a database).
    static func metrics(_ text: String, in dir: URL, file: String) throws -> [String] {
        let url = try Fixtures.write(text, to: file, in: dir)
        var options = RunOptions()
        options.quiet = true
        options.datasetsRoot = dir.appendingPathComponent("datasets").path
        options.outputRoot = dir.appendingPathComponent("results-" + file).path
        let folder = try ExperimentRunner(spec: ExperimentSpec.load(path: url.path, context: ExperimentRunner.specContext), options: options).run()
        let csv = try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8)
        return csv.split(separator: "\n").map { $0.split(separator: ",", maxSplits: 1).last.map(String.init) ?? "" }
    }

    /// The JSON of a `dataset` section reading `queries`.
    static func sqlDataset(_ queries: SQLQueries) -> String {
        var source: [String: String] = ["sql": queries.sql, "interactions": queries.interactions]
        source["users"] = queries.users
        source["items"] = queries.items
        let data = try! JSONSerialization.data(withJSONObject: ["source": source], options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}

@Suite struct SQLSpecRunTests {
    @Test func aSpecReadingSQLiteGivesTheMetricsOfTheSameFiles() throws {
        let dir = try Fixtures.temporaryDirectory("sql-run")
        let folder = try SQLFixtures.writeAtomic(in: dir)
        let db = try SQLFixtures.writeSQLite(in: dir)
        let fromFiles = try SpecRuns.metrics(SpecRuns.spec(dataset: #"{"source": "\#(folder)", "format": "atomic"}"#), in: dir, file: "files.json")
        let fromSQL = try SpecRuns.metrics(SpecRuns.spec(dataset: SpecRuns.sqlDataset(SQLFixtures.queries("sqlite:" + db))), in: dir, file: "sql.json")
        #expect(fromSQL.count == 6)  // the header, 2 × 2 ranking metrics, popularity's RMSE
        #expect(fromSQL == fromFiles)
    }

    @Test func theSpecChecksTheSQLSource() throws {
        func errors(_ dataset: String) -> String {
            do {
                _ = try ExperimentSpec.parse(data: Data(SpecRuns.spec(dataset: dataset).utf8), context: ExperimentRunner.specContext)
                return ""
            } catch { return "\(error)" }
        }
        #expect(errors(#"{"source": {"sql": "mysql://x/y", "interactions": "SELECT 1, 2"}}"#)
            .contains("dataset.source.sql: \"mysql://x/y\" is not a database URL"))
        #expect(errors(#"{"source": {"sql": "sqlite:/no/such.sqlite", "interactions": "SELECT 1, 2"}}"#)
            .contains("dataset.source.sql: no such SQLite file \"/no/such.sqlite\""))
        #expect(errors(#"{"source": {"sql": "postgres://u@localhost/db"}}"#).contains("dataset.source.interactions"))
        #expect(errors(#"{"source": {"sql": "postgres://u@localhost/db", "interaction": "SELECT 1, 2"}}"#).contains("did you mean"))
        #expect(errors(#"{"source": {"sql": "postgres://u@localhost/db", "interactions": "SELECT 1, 2"}, "format": "atomic"}"#)
            .contains("dataset.format: a source given as an object is read by SQL"))
        #expect(errors(#"{"source": {"sql": "postgres://u@localhost/db", "interactions": "SELECT 1, 2"}, "delimited": {}}"#)
            .contains("dataset.delimited: applies only to"))
        #expect(errors(#"{"source": {"sql": "postgres://u@localhost/db", "interactions": "SELECT 1, 2"}}"#) == "")
    }
}

/// ML-100K's ratings loaded into SQLite read as the RecBole `.inter` file does, and the example
/// spec's database (built by scripts/ml100k_to_sqlite.py) keeps its cache key.
@Suite struct SQLRealDataTests {
    @Test(.enabled(if: SQLFixtures.ml100kPresent, "datasets/ml-100k is not present (reclab data fetch ml-100k)"))
    func ml100kRatingsInSQLiteReadAsTheInterFile() throws {
        let dir = try Fixtures.temporaryDirectory("sql-ml")
        let interOnly = dir.appendingPathComponent("ml-100k")
        try FileManager.default.createDirectory(at: interOnly, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: SQLFixtures.ml100k.appendingPathComponent("ml-100k.inter"),
                                         to: interOnly.appendingPathComponent("ml-100k.inter"))
        let files = try AtomicFileLoader(folder: interOnly.path).load()
        let db = try built(in: dir)
        let queries = SQLQueries(sql: "sqlite:" + db, interactions: "SELECT * FROM ratings ORDER BY rowid")
        let sql = try DataPipeline().run(SQLiteSourceTests.request(queries, root: dir)).dataset
        #expect(sql.interactions.count == 100_000)
        #expect(sql == files)
    }

    /// The example spec's key, pinned as SpecCacheKeyTests pins the other examples' keys (which
    /// need no database built first).
    @Test(.enabled(if: SQLFixtures.ml100kPresent, "datasets/ml-100k is not present (reclab data fetch ml-100k)"))
    func theSQLiteExampleKeepsItsCacheKey() throws {
        let dir = try Fixtures.temporaryDirectory("sql-ml")
        let db = try built(in: dir)
        var context = ExperimentRunner.specContext
        context.checkPaths = false
        let spec = try ExperimentSpec.load(path: SQLFixtures.root.appendingPathComponent("experiments/sqlite_ml100k.json").path, context: context)
        var request = try spec.dataRequest(fold: nil, root: dir.path)
        guard case .sql(var source) = request.source else { Issue.record("not a SQL source"); return }
        source.queries.sql = "sqlite:" + db
        request.source = .sql(source)
        let key = try DataPipeline().cacheKey(for: request)
        #expect(key == "9e5ff628a030d98e4861854a2c5e81e5")
        let data = try DataPipeline().run(request).dataset
        #expect(data.userCount == 943 && data.itemCount == 1682 && data.interactions.count == 100_000)
        #expect(data.userAttributes.names == ["age", "gender", "occupation", "zip_code"])
        #expect(data.itemAttributes.names == ["movie_title", "release_year"])
    }

    /// The database scripts/ml100k_to_sqlite.py writes from datasets/ml-100k, in `dir`.
    func built(in dir: URL) throws -> String {
        let out = dir.appendingPathComponent("ml-100k.sqlite").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", SQLFixtures.root.appendingPathComponent("scripts/ml100k_to_sqlite.py").path,
                       "--data", SQLFixtures.ml100k.path, "--out", out]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0)
        return out
    }
}
