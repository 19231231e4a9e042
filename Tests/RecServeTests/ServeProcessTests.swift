import Foundation
import RecTestSupport
import Testing
@testable import RecRunner
@testable import RecServe
@testable import RecSpec

/// The real `reclab serve` process: acknowledged events survive `kill -9`, because the event log is on
/// disk before the answer leaves.
@Suite(.serialized) struct ServeProcessTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let reclab = root + "/.build/debug/reclab"

    /// Starts `reclab serve folder --model ials --port 0` (or `reclab serve` with `arguments`) and
    /// returns it with the port it printed.
    static func start(_ folder: String, arguments: [String]? = nil) throws -> (Process, Int) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: reclab)
        p.arguments = ["serve"] + (arguments ?? [folder, "--model", "ials"]) + ["--port", "0"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on http://127.0.0.1:") }),
               let port = Int(line.split(separator: ":").last ?? "") {
                return (p, port)
            }
        }
        p.terminate()
        throw SavedModelError(path: folder, detail: "reclab serve did not start: \(text)")
    }

    @Test func acknowledgedEventsSurviveKill9() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.reclab) else {
            Issue.record("\(Self.reclab) is missing: build the package first"); return
        }
        let dir = try Fixtures.temporaryDirectory("serve-kill")
        let spec = try Fixtures.write("""
            {"name": "served", "dataset": {"source": "synthetic", "synthetic": {"users": 80, "items": 60, "interactions": 2000, "seed": 3}},
             "split": {"method": "user_ratio", "ratios": [0.8, 0.0, 0.2], "seed": 1},
             "models": [{"name": "ials", "type": "implicit_als", "params": {"factors": 8, "epochs": 3}}],
             "evaluation": {"metrics": ["ndcg@10"]}}
            """, to: "spec.json", in: dir)
        var options = RunOptions()
        options.quiet = true
        options.datasetsRoot = dir.appendingPathComponent("datasets").path
        options.outputRoot = dir.appendingPathComponent("results").path
        let folder = try ExperimentRunner(spec: try ExperimentSpec.load(path: spec.path, context: ExperimentRunner.specContext), options: options).run()
        let saved = try SavedModel.read(from: folder + "/models/ials.h5")
        let items = Array(saved.data!.dataset.items.ids.prefix(5))
        let rating = saved.data!.split.train.ratings.map { _ in ", \"rating\": 4" } ?? ""
        let events = items.map { "{\"user\": \"walk-in\", \"item\": \"\($0)\"\(rating)}" }.joined(separator: "\n")

        let (first, port) = try Self.start(folder)
        let client = HTTPClient(port: port)
        #expect(try await client.send("POST", "/events", body: events).status == 200)
        let before = try await client.json("GET", "/recommend/walk-in?n=10").object
        #expect(before["source"] as? String == "fold_in" && HTTPClient.items(before).count == 10)
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()

        let (second, port2) = try Self.start(folder)
        defer { second.terminate(); second.waitUntilExit() }
        let after = try await HTTPClient(port: port2).json("GET", "/recommend/walk-in?n=10").object
        #expect(HTTPClient.items(after) == HTTPClient.items(before))
        #expect(after["source"] as? String == "fold_in")
    }
}
