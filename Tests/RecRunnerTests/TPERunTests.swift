import Foundation
import RecTestSupport
import Testing
@testable import RecRunner

@Suite(.serialized) struct TPERunTests {
    /// Random start-up configurations, then one proposal at a time from the finished ones; a rerun
    /// proposes the same configurations and reuses every trial.
    @Test func aTPESweepRunsItsCountAndResumesExactly() throws {
        let spec = """
        {"name": "tpe", "dataset": {"source": "synthetic", "synthetic": {"users": 150, "items": 100, "interactions": 4000, "seed": 4}},
         "split": {"method": "user_ratio", "ratios": [0.6, 0.2, 0.2], "seed": 1},
         "models": [{"name": "ials", "type": "implicit_als", "params": {"factors": 8, "epochs": 2, "regularization": {"loguniform": [0.001, 1000]},
                                                                         "alpha": {"uniform": [1, 40]}},
                     "sweep": {"strategy": "tpe", "count": 8, "startup": 3, "seed": 5}}],
         "seeds": [0, 1],
         "evaluation": {"metrics": ["ndcg@10"]},
         "selection": {"metric": "ndcg@10", "split": "validation"}}
        """
        let dir = try Fixtures.temporaryDirectory("tpe")
        let folder = try runSpecText(spec, in: dir)
        let csv = try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst().filter { $0.contains(",validation,") }
        #expect(rows.count == 8 * 2)   // 8 configurations × 2 seeds
        let configs = Set(rows.map { $0.split(separator: ",")[3] })
        #expect(configs.count == 8)
        // The report's sweep has every configuration, log axis for the log-uniform parameter.
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(html.contains("data-title=\"ials: regularization\"") && html.contains("data-title=\"ials: alpha\""))
        // A rerun proposes the same and trains nothing.
        let again = try runSpecText(spec, in: dir)
        #expect(try String(contentsOfFile: again + "/metrics.csv", encoding: .utf8) == csv)
        let stored = try FileManager.default.contentsOfDirectory(atPath: folder + "/../trials").filter { $0.hasSuffix(".json") }.count
        #expect(stored == 16)
    }

    /// Shards propose asynchronously: each stores the next configuration number not yet stored
    /// (`tpe/<model>/<c>.json`) from the records present and trains it; the finishing run uses the
    /// stored proposals and trains nothing again.
    @Test func shardsProposeFromTheRecordsPresentAndTheFinishingRunReusesThem() throws {
        let spec = """
        {"name": "tpe-shards", "dataset": {"source": "synthetic", "synthetic": {"users": 150, "items": 100, "interactions": 4000, "seed": 4}},
         "split": {"method": "user_ratio", "ratios": [0.6, 0.2, 0.2], "seed": 1},
         "models": [{"name": "ials", "type": "implicit_als", "params": {"factors": 8, "epochs": 2, "regularization": {"loguniform": [0.001, 1000]}}},
                    {"name": "pop", "type": "popularity"}],
         "evaluation": {"metrics": ["ndcg@10"]},
         "selection": {"metric": "ndcg@10", "split": "validation"}}
        """
        let spec2 = spec.replacingOccurrences(of: #"1000]}}}"#, with: #"1000]}}, "sweep": {"strategy": "tpe", "count": 6, "startup": 2, "seed": 3}}"#)
        let dir = try Fixtures.temporaryDirectory("tpe-shards")
        func stored() throws -> Int {
            let trials = dir.appendingPathComponent("results/tpe-shards/trials").path
            return try FileManager.default.contentsOfDirectory(atPath: trials).filter { $0.hasSuffix(".json") }.count
        }
        // Shard 0 runs alone first: its start-up share, then every proposal (nothing else claims one).
        let folder = try runSpecText(spec2, in: dir) { $0.shard = try! Shard(index: 0, count: 2) }
        let proposals = try FileManager.default.contentsOfDirectory(atPath: folder + "/tpe/ials").sorted()
        #expect(proposals == ["2.json", "3.json", "4.json", "5.json"])
        let afterFirst = try stored()
        // Shard 1: its start-up share; every proposal is stored, so it proposes none.
        _ = try runSpecText(spec2, in: dir) { $0.shard = try! Shard(index: 1, count: 2) }
        #expect(try stored() == 6 + 1)              // 6 iALS configurations, popularity once
        #expect(afterFirst < 7)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/tpe/ials").count == 4)
        // The finishing run reuses the stored proposals and their trials.
        let finished = try runSpecText(spec2, in: dir)
        #expect(try stored() == 7)
        let csv = try String(contentsOfFile: finished + "/metrics.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").filter { $0.split(separator: ",")[1] == "ials" && $0.contains(",validation,") }.count == 6)
    }
}
