import Foundation
import RecCore
import RecSpec
import RecTestSupport
import Testing
@testable import RecRunner

@Suite(.serialized) struct ShardTests {
    @Test func shardsPartitionTheTrialsBalancedByCost() throws {
        let trials = Array(0..<5)
        let cost: (Int) -> Double = { [5, 4, 3, 3, 3][$0] }
        // Longest first to the lightest part: 5 → 0, 4 → 1, 3 → 1 (7), 3 → 0 (8), 3 → 1 (10).
        #expect(try Shard(index: 0, count: 2).select(trials, cost: cost) == [0, 3])
        #expect(try Shard(index: 1, count: 2).select(trials, cost: cost) == [1, 2, 4])
        for n in 1...6 {
            let parts = try (0..<n).map { try Shard(index: $0, count: n).select(Array(0..<11)) { Double($0 % 4 + 1) } }
            #expect(parts.flatMap { $0 }.sorted() == Array(0..<11), "\(n) shards")
        }
        #expect(throws: ShardError.self) { try Shard(parsing: "4/4") }
        #expect(throws: ShardError.self) { try Shard(parsing: "1-4") }
        #expect(try Shard(parsing: "3/4") == Shard(index: 3, count: 4))
    }

    @Test func shardsThenAFinishingRunGiveTheTablesOfOneProcess() throws {
        let spec = """
        {"name": "sharded", "dataset": {"source": "synthetic", "synthetic": {"users": 100, "items": 80, "interactions": 2500, "seed": 6}},
         "split": {"method": "user_ratio", "ratios": [0.6, 0.2, 0.2], "seed": 2},
         "models": [{"name": "pop", "type": "popularity"},
                    {"name": "knn", "type": "item_knn", "params": {"neighbours": [5, 20]}},
                    {"name": "bpr", "type": "bpr", "params": {"factors": 8, "epochs": 4, "learning_rate": [0.02, 0.05]}}],
         "seeds": [0, 1],
         "evaluation": {"metrics": ["ndcg@10", "recall@10"]},
         "selection": {"metric": "ndcg@10", "split": "validation", "refit": true}}
        """
        let single = try runSpecText(spec, in: try Fixtures.temporaryDirectory("shard-single"))
        let dir = try Fixtures.temporaryDirectory("shard")
        var stored = 0
        for i in 0..<3 {
            let folder = try runSpecText(spec, in: dir) { $0.shard = try! Shard(index: i, count: 3) }
            #expect(!FileManager.default.fileExists(atPath: folder + "/metrics.csv"))   // a shard writes records only
            let now = try FileManager.default.contentsOfDirectory(atPath: folder + "/../trials").filter { $0.hasSuffix(".json") }.count
            #expect(now > stored, "shard \(i) stored nothing")
            stored = now
        }
        #expect(stored == 1 + 2 + 2 * 2)   // sweep trials: pop once, knn 2 configurations, bpr 2 × 2 seeds
        let finished = try runSpecText(spec, in: dir)
        let read = { (f: String, name: String) in try String(contentsOfFile: f + "/" + name, encoding: .utf8) }
        #expect(try read(finished, "metrics.csv") == read(single, "metrics.csv"))
        #expect(try read(finished, "summary.json") == read(single, "summary.json"))
    }

    @Test func aStaleLockOfAStoppedProcessIsTakenOverAndALiveOneWaitedFor() throws {
        let dir = try Fixtures.temporaryDirectory("lock")
        let path = dir.appendingPathComponent(".lock").path
        // A pid that does not run: a child that has exited.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run(); p.waitUntilExit()
        try "\(FileLock.hostName) \(p.processIdentifier)".write(toFile: path, atomically: true, encoding: .utf8)
        var messages: [String] = []
        let value = try FileLock.holding(path, wait: 1, log: { messages.append($0) }) { 42 }
        #expect(value == 42 && messages.contains { $0.contains("stale lock") })
        #expect(!FileManager.default.fileExists(atPath: path))   // released
        // Held by this (live) process on this host: waited for, then a clear error.
        try "\(FileLock.hostName) \(getpid())".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try FileLock.holding(path, wait: 0.3, log: { _ in }) { 0 } } throws: { error in
            "\(error)".contains("is held by \(FileLock.hostName) \(getpid())")
        }
    }
}
