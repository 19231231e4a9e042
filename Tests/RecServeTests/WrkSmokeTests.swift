import Foundation
import RecTestSupport
import Testing
@testable import RecServe

/// A short `wrk` run against a real `reclab serve` process (CI installs wrk and sets
/// RECLAB_REQUIRE_WRK=1, so a missing wrk fails there instead of skipping): many concurrent
/// GET /recommend, no error. The server runs in its own process, so the test suite's other work
/// cannot starve its request handlers.
@Suite struct WrkSmokeTests {
    static let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func fiveSecondsOfConcurrentRecommendationsWithoutAnError() async throws {
        guard let wrk = Self.wrk else {
            if ProcessInfo.processInfo.environment["RECLAB_REQUIRE_WRK"] == "1" { Issue.record("wrk is not installed (scripts/test.sh installs it)") }
            return
        }
        let dir = try Fixtures.temporaryDirectory("wrk")
        let script = try Fixtures.write("""
            request = function() return wrk.format("GET", "/recommend/u" .. math.random(0, 19) .. "?n=5") end
            """, to: "recommend.lua", in: dir)
        _ = try ServeFixture.savedModel(in: dir)
        let (server, port) = try ServeProcessTests.start(dir.path, arguments: [dir.appendingPathComponent("model.h5").path,
                                                                             "--event-log", dir.appendingPathComponent("events.jsonl").path])
        defer { server.terminate(); server.waitUntilExit() }
        let out = dir.appendingPathComponent("wrk.txt")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: wrk)
        p.arguments = ["-t2", "-c8", "-d5s", "--latency", "-s", script.path, "http://127.0.0.1:\(port)"]
        p.standardOutput = try FileHandle(forWritingTo: out)
        // Waiting through the termination handler keeps the test's thread free.
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            p.terminationHandler = { _ in c.resume() }
            do { try p.run() } catch { c.resume() }
        }
        let output = try String(contentsOf: out, encoding: .utf8)
        let requests = output.split(separator: "\n").first { $0.contains("requests in") }
            .flatMap { Int($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") } ?? 0
        #expect(requests > 100, "\(output)")
        #expect(!output.contains("Non-2xx") && !output.contains("Socket errors"), "\(output)")
    }
}
