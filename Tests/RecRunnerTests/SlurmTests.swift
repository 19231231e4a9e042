import Foundation
import RecTestSupport
import Testing
@testable import RecRunner

/// The package root and its debug `reclab` (what `swift test` builds).
private enum Cluster {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let reclab = root + "/.build/debug/reclab"
    /// A Slurm controller answers here (scripts/slurm/setup.sh starts one).
    /// (A line that is exactly `up`: without a controller, sinfo's errors say "DNS SRV lookup failed".)
    static var available: Bool {
        guard let r = try? shell("sinfo -h -o %a 2>/dev/null"), r.status == 0 else { return false }
        return r.out.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "up" }
    }
    /// CI sets this: without a cluster the test fails instead of being skipped.
    static var required: Bool { ProcessInfo.processInfo.environment["RECLAB_REQUIRE_SLURM"] == "1" }

    @discardableResult
    static func shell(_ command: String, in dir: String? = nil) throws -> (out: String, status: Int32) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", command]
        if let dir { p.currentDirectoryURL = URL(fileURLWithPath: dir) }
        let out = Pipe()
        p.standardOutput = out; p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), p.terminationStatus)
    }

    /// The job ids `reclab slurm` printed.
    static func jobs(_ output: String) -> [String] {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("submitted:") }) else { return [] }
        let words = line.split(separator: " ").map(String.init)
        return words.indices.filter { $0 > 0 && words[$0 - 1] == "job" }.map { words[$0] }
    }

    /// Waits until none of `ids` is queued or running (at most `timeout` seconds).
    static func wait(_ ids: [String], timeout: Double = 300) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let q = try shell("squeue -h -o %i -j \(ids.joined(separator: ",")) 2>/dev/null").out
            if q.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return }
            usleep(500_000)
        }
        Issue.record("jobs \(ids) still queued after \(timeout) s")
    }
}

let clusterSpec = """
{"name": "sharded", "dataset": {"source": "synthetic", "synthetic": {"users": 300, "items": 200, "interactions": 12000, "seed": 6}},
 "split": {"method": "user_ratio", "ratios": [0.6, 0.2, 0.2], "seed": 2},
 "models": [{"name": "pop", "type": "popularity"},
            {"name": "knn", "type": "item_knn", "params": {"neighbours": [5, 20, 50]}},
            {"name": "ials", "type": "implicit_als", "params": {"factors": 16, "epochs": 4, "regularization": [0.1, 1, 10]}},
            {"name": "bpr", "type": "bpr", "params": {"factors": 8, "epochs": 6, "learning_rate": [0.02, 0.05]}}],
 "seeds": [0, 1],
 "evaluation": {"metrics": ["ndcg@10", "recall@10"]},
 "selection": {"metric": "ndcg@10", "split": "validation", "refit": true}}
"""

@Suite struct SlurmScriptTests {
    @Test func theArrayRunsOneShardPerTaskAndTheFinishingJobTheTables() {
        var job = SlurmJob(name: "sweep", spec: "/data/my specs/sweep.json", reclab: "/opt/reclab", tasks: 4,
                           workingDirectory: "/home/o'neil", logFolder: "/r/sweep/slurm")
        job.runArguments = ["--output", "/r", "--datasets", "/d"]
        job.partition = "gpu"; job.time = "1:00:00"; job.cpusPerTask = 2; job.memory = "8G"
        let array = job.arrayScript()
        for line in ["#SBATCH --job-name=reclab-sweep", "#SBATCH --array=0-3", "#SBATCH --output=/r/sweep/slurm/shard-%a.log",
                     "#SBATCH --partition=gpu", "#SBATCH --time=1:00:00", "#SBATCH --cpus-per-task=2", "#SBATCH --mem=8G",
                     "cd '/home/o'\\''neil'", "export RECLAB_THREADS=2",
                     "exec /opt/reclab run '/data/my specs/sweep.json' --plain --shard \"${SLURM_ARRAY_TASK_ID}/4\" --output /r --datasets /d"] {
            #expect(array.split(separator: "\n").contains(Substring(line)), "missing: \(line)")
        }
        let finish = job.finishScript()
        #expect(finish.contains("exec /opt/reclab run '/data/my specs/sweep.json' --plain --output /r --datasets /d\n"))
        #expect(!finish.contains("--array") && !finish.contains("--shard"))
    }
}

@Suite(.serialized, .enabled(if: Cluster.available || Cluster.required, "no Slurm controller (scripts/slurm/setup.sh starts one; CI requires it)"))
struct SlurmClusterTests {
    /// A 4-task array and its finishing job give the tables of one process, byte for byte (timings aside).
    @Test func aFourTaskArrayEqualsOneProcess() throws {
        #expect(Cluster.available, "RECLAB_REQUIRE_SLURM=1 but no Slurm controller answers")
        let dir = try Fixtures.temporaryDirectory("slurm")
        _ = try Fixtures.write(clusterSpec, to: "spec.json", in: dir)
        let single = try runSpecText(clusterSpec, in: dir.appendingPathComponent("single"), datasets: dir.appendingPathComponent("datasets").path)
        let submit = try Cluster.shell("\(Cluster.reclab) slurm spec.json --tasks 4 --cpus 1 --output results --datasets datasets", in: dir.path)
        #expect(submit.status == 0, "\(submit.out)")
        let ids = Cluster.jobs(submit.out)
        #expect(ids.count == 2)
        try Cluster.wait(ids)
        let folder = dir.appendingPathComponent("results/sharded/" + URL(fileURLWithPath: single).lastPathComponent).path
        for file in ["metrics.csv", "summary.json"] {
            #expect(try String(contentsOfFile: folder + "/" + file, encoding: .utf8) == String(contentsOfFile: single + "/" + file, encoding: .utf8), "\(file)")
        }
        let shardLog = try String(contentsOfFile: dir.appendingPathComponent("results/sharded/slurm/shard-2.log").path, encoding: .utf8)
        #expect(shardLog.contains("shard 2/4:"))
    }

    /// A cancelled task leaves its finishing job unrun; submitting again runs what is missing and
    /// gives the same tables.
    @Test func aCancelledTaskIsMadeGoodBySubmittingAgain() throws {
        let dir = try Fixtures.temporaryDirectory("slurm-cancel")
        _ = try Fixtures.write(clusterSpec, to: "spec.json", in: dir)
        let single = try runSpecText(clusterSpec, in: dir.appendingPathComponent("single"), datasets: dir.appendingPathComponent("datasets").path)
        let command = "\(Cluster.reclab) slurm spec.json --tasks 4 --cpus 1 --output results --datasets datasets"
        let first = Cluster.jobs(try Cluster.shell(command, in: dir.path).out)
        #expect(first.count == 2)
        try Cluster.shell("scancel \(first[0])_1")
        try Cluster.wait(first)
        let folder = dir.appendingPathComponent("results/sharded/" + URL(fileURLWithPath: single).lastPathComponent).path
        #expect(!FileManager.default.fileExists(atPath: folder + "/metrics.csv"))   // the finishing job did not run
        let second = Cluster.jobs(try Cluster.shell(command, in: dir.path).out)
        try Cluster.wait(second)
        #expect(try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8) == String(contentsOfFile: single + "/metrics.csv", encoding: .utf8))
    }
}
