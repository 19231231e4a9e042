import Foundation
import RecCore
import RecData
import RecEval
import RecModels

/// One measured figure: the median of several timed repetitions.
public struct BenchmarkResult: Sendable {
    /// What was measured.
    public let name: String
    /// Median wall time, seconds.
    public let seconds: Double
    /// Fastest repetition, seconds.
    public let best: Double
    /// Repetitions timed.
    public let repetitions: Int
    /// Size of the work, for the table (`943 users × 1682 items`).
    public let detail: String
}

/// The data-layer and evaluation benchmarks behind BENCHMARKS.md's core section (`reclab bench`).
/// Each figure is the median of `repetitions` runs after one warm-up, in the build `reclab` was
/// compiled with (release via `scripts/setup.sh`).
public struct CoreBenchmarks {
    /// Datasets root (ML-100K must have been fetched for its figures).
    public let root: String
    /// Timed repetitions per figure.
    public let repetitions: Int
    /// Also generate the 16M-interaction synthetic set.
    public let large: Bool
    /// Progress lines.
    public let log: (String) -> Void

    /// A benchmark suite over `root`.
    public init(root: String, repetitions: Int = 5, large: Bool = false, log: @escaping (String) -> Void = { _ in }) {
        self.root = root; self.repetitions = repetitions; self.large = large; self.log = log
    }

    func time(_ name: String, detail: String, repetitions n: Int? = nil, _ body: () throws -> Void) rethrows -> BenchmarkResult {
        try body()   // warm-up
        var times: [Double] = []
        for _ in 0..<(n ?? repetitions) { times.append(try Stopwatch.seconds(body)) }
        times.sort()
        let r = BenchmarkResult(name: name, seconds: times[times.count / 2], best: times[0], repetitions: times.count, detail: detail)
        log(String(format: "%@: %.4f s (median of %d)", name, r.seconds, r.repetitions))
        return r
    }

    /// Runs every benchmark whose data is available.
    public func run() throws -> [BenchmarkResult] {
        var out: [BenchmarkResult] = []
        let folder = root + "/ml-100k"
        if FileManager.default.fileExists(atPath: folder + "/ml-100k.inter") {
            var dataset: Dataset?
            out.append(try time("ML-100K: parse RecBole atomic files (.inter .user .item .kg .link)", detail: "100,000 ratings, 91,631 KG triples") {
                dataset = try AtomicFileLoader(folder: folder).load()
            })
            let d = dataset!
            let cacheDir = NSTemporaryDirectory() + "reclab-bench-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: cacheDir) }
            let cache = DatasetCache(folder: cacheDir)
            try cache.store(d, split: nil, key: "bench")
            out.append(try time("ML-100K: read the HDF5 cache entry", detail: "whole dataset with attributes and KG") {
                _ = try cache.entry(key: "bench") { (d, nil) }
            })
            var split: DataSplit?
            out.append(try time("ML-100K: per-user 80/20 split", detail: "seeded") {
                split = try UserRatioSplitter(train: 0.8, validation: 0, test: 0.2).split(d, seed: 0)
            })
            let prepared = PreparedData(dataset: d, split: split!)
            let training = TrainingData(prepared)
            let pop = Popularity()
            try pop.fit(training, observer: nil)
            let requests = try MetricRequest.parseList("ndcg@5,10,20 recall@10,20 precision@10 map@10 mrr@10 hit@10 auc")
            let evaluator = Evaluator(train: training.userItem, test: split!.test)
            out.append(try time("ML-100K: full-ranking evaluation, all users", detail: "943 users × 1,682 items, 10 metrics incl. AUC") {
                _ = try evaluator.evaluate(requests) { batch in pop.score(users: batch, items: nil) }
            })
            let scores = pop.score(users: evaluator.users, items: nil)
            out.append(try time("ML-100K: ranking + metrics only (scores precomputed)", detail: "943 users, top-20 of 1,682") {
                _ = try evaluator.evaluate(requests) { batch in
                    let first = Int(batch[0]), start = evaluator.users.firstIndex(of: Int32(first))!
                    return DenseMatrix(rows: batch.count, cols: scores.cols,
                                       storage: Array(scores.storage[(start * scores.cols)..<((start + batch.count) * scores.cols)]))
                }
            })
        } else {
            log("ML-100K not fetched: run `reclab data fetch ml-100k` for its figures")
        }
        out.append(time("Synthetic: generate the small set", detail: "600 users × 400 items, 20,000 interactions") {
            _ = SyntheticGenerator(.small).generate()
        })
        out.append(time("Synthetic: generate 1M interactions", detail: "6,666 users × 5,000 items", repetitions: 3) {
            _ = SyntheticGenerator(.scaled(interactions: 1_000_000)).generate()
        })
        if large {
            out.append(time("Synthetic: generate 16M interactions", detail: "106,666 users × 20,000 items", repetitions: 1) {
                _ = SyntheticGenerator(.scaled(interactions: 16_000_000)).generate()
            })
        }
        return out
    }

    /// The results as a Markdown table.
    public static func markdown(_ results: [BenchmarkResult]) -> String {
        var md = "| figure | size | median (s) | best (s) | runs |\n| --- | --- | ---: | ---: | ---: |\n"
        for r in results {
            md += "| \(r.name) | \(r.detail) | \(String(format: "%.4f", r.seconds)) | \(String(format: "%.4f", r.best)) | \(r.repetitions) |\n"
        }
        return md
    }
}

/// Replaces the text between `<!-- begin:NAME -->` and `<!-- end:NAME -->` in BENCHMARKS.md
/// (appending the section when absent), leaving every other section as it is.
public enum BenchmarksFile {
    /// Writes `body` into section `name` of the file at `path` (atomically).
    public static func update(path: String, section name: String, body: String) throws {
        var text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "# Benchmarks\n"
        let begin = "<!-- begin:\(name) -->", end = "<!-- end:\(name) -->"
        let block = begin + "\n" + body + end
        if let a = text.range(of: begin), let b = text.range(of: end), a.lowerBound < b.lowerBound {
            text.replaceSubrange(a.lowerBound..<b.upperBound, with: block)
        } else {
            text += "\n" + block + "\n"
        }
        try AtomicFile.write(text, to: path)
    }
}
