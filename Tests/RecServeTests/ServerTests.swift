import Foundation
import RecCore
import RecTestSupport
import Testing
@testable import RecRunner
@testable import RecServe

/// `reclab serve`'s HTTP API on a real server (Hummingbird on a free loopback port): every endpoint,
/// every refusal, fold-in, cold start, forgetting and the replay of the event log after a restart.
@Suite(.serialized) struct ServerTests {
    static let blockA = Set((0..<8).map { "i\($0)" }), blockB = Set((8..<16).map { "i\($0)" })

    static func state(in dir: URL) throws -> ServingState {
        try ServingState(saved: ServeFixture.savedModel(in: dir), log: EventLog(path: dir.appendingPathComponent("serve/events.jsonl").path))
    }

    @Test func recommendsUnseenItemsOfTheUsersBlockInScoreOrder() async throws {
        let dir = try Fixtures.temporaryDirectory("serve-rec")
        let state = try Self.state(in: dir)
        try await withServer(state) { client in
            let health = try await client.json("GET", "/health")
            #expect(health.status == 200 && health.object["model"] as? String == "ials")
            let (status, answer) = try await client.json("GET", "/recommend/u0?n=2")
            #expect(status == 200 && answer["source"] as? String == "model")
            // u0 trained on 6 of its block's 8 items: the two held-out ones are the best unseen.
            let items = HTTPClient.items(answer)
            #expect(Set(items) == Set(ServeFixture.board.heldOut[0].map { "i\($0)" }))
            let scores = ((answer["items"] as? [[String: Any]]) ?? []).compactMap { ($0["score"] as? NSNumber)?.floatValue }
            #expect(scores.count == 2 && scores[0] >= scores[1])
            // With seen items kept, the top of the list is the block's items the user has.
            let all = HTTPClient.items(try await client.json("GET", "/recommend/u0?n=8&exclude_seen=false").object)
            #expect(all.count == 8 && Set(all) == Self.blockA)
            let similar = HTTPClient.items(try await client.json("GET", "/similar/i0?n=5").object)
            // Users of i0 are block a's (and a few who rated it low): its neighbours are mostly block a's items.
            #expect(similar.count == 5 && !similar.contains("i0") && similar.filter(Self.blockA.contains).count >= 4, "\(similar)")
            let profile = try await client.json("GET", "/profile/u0")
            #expect(profile.status == 200 && profile.object["interactions"] as? Int == 8)
        }
    }

    @Test func refusesBadRequestsNamingTheField() async throws {
        let dir = try Fixtures.temporaryDirectory("serve-bad")
        let state = try Self.state(in: dir)
        try await withServer(state) { client in
            let cases: [(String, String, String?, Int, String?)] = [
                ("GET", "/recommend/u0?n=0", nil, 400, "n"),
                ("GET", "/recommend/u0?n=1001", nil, 400, "n"),
                ("GET", "/recommend/u0?n=ten", nil, 400, "n"),
                ("GET", "/recommend/u0?exclude_seen=maybe", nil, 400, "exclude_seen"),
                ("GET", "/recommend/nobody", nil, 404, "user"),
                ("GET", "/profile/nobody", nil, 404, "user"),
                ("GET", "/similar/i999", nil, 404, "item"),
                ("POST", "/events", "[{\"user\": \"u0\", \"item\": \"i1\", \"rating\": 5", 400, nil),
                ("POST", "/events", "", 400, nil),
                ("POST", "/events", "[{\"user\": \"u0\", \"item\": \"i999\", \"rating\": 5}]", 400, "events[0].item"),
                ("POST", "/events", "[{\"user\": \"u0\", \"item\": \"i1\", \"rating\": 9}]", 400, "events[0].rating"),
                ("POST", "/events", "[{\"user\": \"u0\", \"item\": \"i1\"}]", 400, "events[0].rating"),
                ("POST", "/events", "[{\"user\": \"u0\", \"item\": \"i1\", \"rating\": \"high\"}]", 400, "events[0].rating"),
                ("POST", "/events", "[{\"user\": \"u0\", \"item\": \"i1\", \"rating\": 5, \"when\": 3}]", 400, "events[0].when"),
                ("POST", "/events", "[{\"item\": \"i1\", \"rating\": 5}]", 400, "events[0].user"),
                ("POST", "/events", "[{\"user\": \"u0\", \"item\": \"i1\", \"rating\": true}]", 400, "events[0].rating"),
                ("PUT", "/users/newcomer", "{\"colour\": \"red\"}", 400, "colour"),
                ("PUT", "/users/newcomer", "[1, 2]", 400, nil),
                ("DELETE", "/users/nobody", nil, 404, "user"),
            ]
            for (method, path, body, status, field) in cases {
                let (got, object) = try await client.json(method, path, body: body)
                #expect(got == status, "\(method) \(path) \(body ?? "")")
                #expect(object["error"] is String, "\(method) \(path): \(object)")
                #expect(object["field"] as? String == field, "\(method) \(path) \(body ?? "")")
            }
            // A refused batch changes nothing: the valid first event of it was not folded in either.
            let mixed = "[{\"user\": \"u0\", \"item\": \"i9\", \"rating\": 5}, {\"user\": \"u0\", \"item\": \"i999\", \"rating\": 5}]"
            #expect(try await client.json("POST", "/events", body: mixed).status == 400)
            #expect(state.eventsFolded == 0)
        }
        #expect((try? String(contentsOfFile: dir.appendingPathComponent("serve/events.jsonl").path, encoding: .utf8)) ?? "" == "")
    }

    @Test func foldsInEventsCreatesUsersAndServesColdStartFromAttributes() async throws {
        let dir = try Fixtures.temporaryDirectory("serve-fold")
        let state = try Self.state(in: dir)
        try await withServer(state) { client in
            // u0 (block a) now rates the whole of block b highly: the model re-solves u0 and follows.
            let events = (8..<16).map { "{\"user\": \"u0\", \"item\": \"i\($0)\", \"rating\": 5, \"timestamp\": \(1_000 + $0)}" }.joined(separator: "\n")
            let (status, summary) = try await client.json("POST", "/events", body: events)
            #expect(status == 200 && summary["events"] as? Int == 8 && summary["foldedUsers"] as? Int == 1)
            let after = try await client.json("GET", "/recommend/u0?n=3&exclude_seen=false").object
            #expect(after["source"] as? String == "fold_in")
            // A user never seen is created by their first events, from them alone.
            let created = try await client.json("POST", "/events", body: "[{\"user\": \"fresh\", \"item\": \"i9\", \"rating\": 5}, {\"user\": \"fresh\", \"item\": \"i10\", \"rating\": 5}]")
            #expect(created.object["newUsers"] as? Int == 1)
            let fresh = try await client.json("GET", "/recommend/fresh?n=4").object
            #expect(fresh["source"] as? String == "fold_in")
            #expect(Set(HTTPClient.items(fresh)).isSubset(of: Self.blockB))
            // A user known by attributes only is served their group's favourites.
            let put = try await client.json("PUT", "/users/newcomer", body: "{\"group\": \"a\"}")
            #expect(put.status == 201)
            let cold = try await client.json("GET", "/recommend/newcomer?n=5").object
            #expect(cold["source"] as? String == "cold_start")
            #expect(Set(HTTPClient.items(cold)).isSubset(of: Self.blockA))
            let metrics = String(decoding: try await client.send("GET", "/metrics").body, as: UTF8.self)
            #expect(metrics.contains("reclab_events_folded_total 10"))
            #expect(metrics.contains("reclab_http_requests_total{endpoint=\"recommend\",status=\"200\"} 3"))
            #expect(metrics.contains("reclab_http_request_duration_seconds_bucket{endpoint=\"recommend\""))
        }
    }

    @Test func forgetsAUserInMemoryAndOnDiskAndReplaysTheRestAfterARestart() async throws {
        let dir = try Fixtures.temporaryDirectory("serve-forget")
        let logPath = dir.appendingPathComponent("serve/events.jsonl").path
        var before: [String] = []
        try await withServer(try Self.state(in: dir)) { client in
            _ = try await client.json("POST", "/events", body: "[{\"user\": \"u1\", \"item\": \"i12\", \"rating\": 4}, {\"user\": \"leaver\", \"item\": \"i3\", \"rating\": 5}]")
            _ = try await client.json("PUT", "/users/leaver", body: "{\"group\": \"a\"}")
            _ = try await client.json("POST", "/events", body: "{\"user\": \"leaver\", \"item\": \"i4\", \"rating\": 2}")
            _ = try await client.json("DELETE", "/users/u5")
            before = HTTPClient.items(try await client.json("GET", "/recommend/u1?n=6").object)
            #expect(try await client.json("DELETE", "/users/leaver").status == 200)
            #expect(try await client.json("GET", "/recommend/leaver").status == 404)
            #expect(try await client.json("GET", "/profile/leaver").status == 404)
        }
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        #expect(!log.contains("leaver"))
        #expect(log.contains("\"i12\"") && log.contains("\"delete\""))
        // A new server over the same log: u1's events are back, the forgotten users stay forgotten.
        try await withServer(try Self.state(in: dir)) { (client: HTTPClient) async throws in
            #expect(HTTPClient.items(try await client.json("GET", "/recommend/u1?n=6").object) == before)
            #expect(try await client.json("GET", "/recommend/leaver").status == 404)
            #expect(try await client.json("GET", "/recommend/u5").status == 404)
        }
    }

    @Test func servesConcurrentReadsAndWrites() async throws {
        let dir = try Fixtures.temporaryDirectory("serve-concurrent")
        let state = try Self.state(in: dir)
        try await withServer(state) { client in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for k in 0..<64 {
                    group.addTask {
                        k % 4 == 0
                            ? try await client.send("POST", "/events", body: "{\"user\": \"c\(k % 8)\", \"item\": \"i\(k % 16)\", \"rating\": 4}").status
                            : try await client.send("GET", "/recommend/u\(k % 20)?n=5").status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 64 && statuses.allSatisfy { $0 == 200 })
            #expect(state.eventsFolded == 16)
        }
    }

    @Test func aTornLastLineIsDroppedAndADamagedLineRefused() throws {
        let dir = try Fixtures.temporaryDirectory("serve-torn")
        let logPath = dir.appendingPathComponent("serve/events.jsonl").path
        let good = "{\"events\":[{\"item\":\"i9\",\"rating\":5,\"timestamp\":1,\"user\":\"u0\"}],\"op\":\"events\"}\n"
        try FileManager.default.createDirectory(atPath: dir.appendingPathComponent("serve").path, withIntermediateDirectories: true)
        try (good + "{\"events\":[{\"item\":\"i1").write(toFile: logPath, atomically: false, encoding: .utf8)
        var warnings: [String] = []
        let state = try ServingState(saved: ServeFixture.savedModel(in: dir), log: EventLog(path: logPath)) { warnings.append($0) }
        #expect(state.eventsFolded == 1 && warnings.count == 1)
        #expect(try String(contentsOfFile: logPath, encoding: .utf8) == good)
        try (good + "not json\n" + good).write(toFile: logPath, atomically: false, encoding: .utf8)
        #expect { try ServingState(saved: ServeFixture.savedModel(in: dir), log: EventLog(path: logPath)) } throws: { error in
            "\(error)".contains("events.jsonl:2")
        }
    }
}
