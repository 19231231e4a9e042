import Foundation
import RecTestSupport
import Testing
@testable import RecServe

/// A short `wrk` run against the real server (CI installs wrk and sets RECLAB_REQUIRE_WRK=1, so a
/// missing wrk fails there instead of skipping): many concurrent GET /recommend, no error.
@Suite struct WrkSmokeTests {
    static let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func twoSecondsOfConcurrentRecommendationsWithoutAnError() async throws {
        guard let wrk = Self.wrk else {
            if ProcessInfo.processInfo.environment["RECLAB_REQUIRE_WRK"] == "1" { Issue.record("wrk is not installed (scripts/test.sh installs it)") }
            return
        }
        let dir = try Fixtures.temporaryDirectory("wrk")
        let script = try Fixtures.write("""
            request = function() return wrk.format("GET", "/recommend/u" .. math.random(0, 19) .. "?n=5") end
            """, to: "recommend.lua", in: dir)
        let state = try ServingState(saved: ServeFixture.savedModel(in: dir), log: EventLog(path: dir.appendingPathComponent("events.jsonl").path))
        let output = try await withServer(state) { client in
            try await Task.detached {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: wrk)
                p.arguments = ["-t2", "-c8", "-d2s", "--latency", "-s", script.path, "http://127.0.0.1:\(client.port)"]
                let pipe = Pipe()
                p.standardOutput = pipe
                try p.run()
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                return String(decoding: data, as: UTF8.self)
            }.value
        }
        let requests = output.split(separator: "\n").first { $0.contains("requests in") }
            .flatMap { Int($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") } ?? 0
        #expect(requests > 100, "\(output)")
        #expect(!output.contains("Non-2xx") && !output.contains("Socket errors"), "\(output)")
    }
}
