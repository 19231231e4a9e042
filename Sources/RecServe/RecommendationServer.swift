import Foundation
import Hummingbird
import Logging
import RecProfiles

/// The HTTP API over a `ServingState` (Hummingbird 2):
///
/// | route | answer |
/// |---|---|
/// | `GET /recommend/{user}?n=10&exclude_seen=true` | ranked items with scores |
/// | `GET /similar/{item}?n=10` | items chosen by the same users |
/// | `GET /profile/{user}` | the user's profile report (`reclab profile`'s, as JSON) |
/// | `POST /events` | folds events in (JSON array or JSON lines of `{user, item, rating?, timestamp?}`) |
/// | `PUT /users/{user}` | creates or updates a user from attributes (`{"gender": "F", …}`) |
/// | `DELETE /users/{user}` | forgets the user |
/// | `GET /health`, `GET /metrics` | liveness; Prometheus metrics |
///
/// Every refusal is a 4xx with `{"error": …, "field": …}` (`ServeError`).
public enum RecommendationServer {
    /// Largest `n` a request may ask for.
    public static let maxN = 1000
    /// Largest request body accepted (events).
    public static let maxBody = 16 << 20

    /// The application serving `state` on `host:port` (port 0: any free port); `onRunning` receives
    /// the bound port once the server listens.
    public static func application(state: ServingState, host: String, port: Int,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let metrics = ServerMetrics()
        metrics.users(state.userCount)
        let router = Router()
        router.get("/health") { _, _ in
            try JSONResponse.make(["status": "ok", "model": state.header.model, "type": state.header.type])
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.text())))
        }
        router.get("/recommend/:user") { request, context in
            try timed("recommend", metrics) {
                let user = try context.parameters.require("user")
                let n = try count(request)
                let exclude = try flag(request, "exclude_seen", default: true)
                return try JSONResponse.make(state.recommend(user: user, n: n, excludeSeen: exclude))
            }
        }
        router.get("/similar/:item") { request, context in
            try timed("similar", metrics) {
                let item = try context.parameters.require("item")
                struct Answer: Encodable { var item: String; var items: [ServingState.Scored] }
                return try JSONResponse.make(Answer(item: item, items: try state.similar(item: item, n: count(request))))
            }
        }
        router.get("/profile/:user") { _, context in
            try timed("profile", metrics) {
                let report = try state.profile(user: try context.parameters.require("user"))
                return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: try report.json())))
            }
        }
        router.post("/events") { request, context in
            var request = request
            let body = try await bodyData(&request)
            return try timed("events", metrics) {
                let events = try ServeEvent.parse(body, now: Int64(Date().timeIntervalSince1970))
                let summary = try state.post(events)
                metrics.folded(events.count, users: state.userCount)
                return try JSONResponse.make(summary)
            }
        }
        router.put("/users/:user") { request, context in
            var request = request
            let body = try await bodyData(&request)
            return try timed("users", metrics) {
                let user = try context.parameters.require("user")
                guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                    throw ServeError.badRequest("the body must be a JSON object of user attributes, e.g. {\"gender\": \"F\", \"age\": \"25\"}")
                }
                var attributes: [String: String] = [:]
                for (key, value) in object {
                    switch value {
                    case let s as String: attributes[key] = s
                    case let v where JSONNumber.value(v) != nil:
                        let n = JSONNumber.value(v)!
                        attributes[key] = n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
                    default: throw ServeError.badRequest("attribute '\(key)' must be a string or a number", field: key)
                    }
                }
                let summary = try state.putUser(user, attributes: attributes)
                metrics.users(state.userCount)
                return try JSONResponse.make(summary, status: summary.newUsers > 0 ? .created : .ok)
            }
        }
        router.delete("/users/:user") { _, context in
            try timed("users", metrics) {
                let user = try context.parameters.require("user")
                try state.deleteUser(user)
                metrics.users(state.userCount)
                return try JSONResponse.make(["deleted": user])
            }
        }
        var logger = Logger(label: "reclab.serve")
        logger.logLevel = .warning
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "reclab"),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    /// Runs `body`, counting the request and its latency under `endpoint` with the status it ends in.
    private static func timed(_ endpoint: String, _ metrics: ServerMetrics, _ body: () throws -> Response) throws -> Response {
        let clock = ContinuousClock(), start = clock.now
        do {
            let response = try body()
            metrics.request(endpoint, status: Int(response.status.code), duration: clock.now - start)
            return response
        } catch let error as ServeError {
            metrics.request(endpoint, status: Int(error.status.code), duration: clock.now - start)
            throw error
        } catch {
            metrics.request(endpoint, status: 500, duration: clock.now - start)
            throw error
        }
    }

    /// `n` from the query: 10 when absent, else an integer in 1…`maxN`.
    static func count(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("n") else { return 10 }
        guard let n = Int(text), (1...maxN).contains(n) else {
            throw ServeError.badRequest("n must be an integer in 1…\(maxN), not '\(text)'", field: "n")
        }
        return n
    }

    /// A boolean query parameter (`true`/`false`/`1`/`0`).
    static func flag(_ request: Request, _ name: String, default value: Bool) throws -> Bool {
        guard let text = request.uri.queryParameters.get(name) else { return value }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw ServeError.badRequest("\(name) must be true or false, not '\(text)'", field: name)
        }
    }

    private static func bodyData(_ request: inout Request) async throws -> Data {
        do {
            let buffer = try await request.collectBody(upTo: maxBody)
            return Data(buffer.readableBytesView)
        } catch {
            throw ServeError(.contentTooLarge, "the body is larger than \(maxBody >> 20) MB: send events in smaller batches")
        }
    }
}
