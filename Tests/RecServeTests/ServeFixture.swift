import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RecCore
import RecData
import RecModels
import RecTestSupport
@testable import RecRunner
@testable import RecServe

/// A served iALS model over a checkerboard with known blocks: users u0…u9 like items i0…i7, users
/// u10…u19 items i8…i15, and each user has a `group` attribute (`a` or `b`) saying which.
enum ServeFixture {
    static let board = Checkerboard(usersPerGroup: 10, itemsPerGroup: 8, heldOutPerUser: 2, lowRatingsPerUser: 2)

    /// The dataset with its `group` attribute.
    static var dataset: Dataset {
        var d = board.dataset
        var table = AttributeTable()
        table.append("group", .categorical(codes: (0..<board.userCount).map { Int32($0 / 10) }, levels: ["a", "b"]))
        d.userAttributes = table
        return d
    }

    /// A fitted iALS saved with its data, written to `dir/model.h5` and read back as the server would.
    static func savedModel(in dir: URL) throws -> SavedModel {
        let d = dataset
        let empty = InteractionTable.empty(like: board.train)
        let model = ImplicitALS(ImplicitALSConfig { $0.factors = 4; $0.epochs = 5; $0.regularization = 0.5; $0.alpha = 1 }, seed: 3)
        try model.fit(TrainingData(dataset: d, train: board.train, validation: empty), observer: nil)
        let header = SavedModel.Header(model: "ials", type: "implicit_als", parameters: ["factors": .int(4), "epochs": .int(5), "regularization": .double(0.5), "alpha": .double(1)],
                                       seed: 3, trial: "t", fold: nil, refit: false, datasetKey: "checkerboard")
        let path = dir.appendingPathComponent("model.h5").path
        try SavedModel(header: header, model: model, data: PreparedData(dataset: d, split: DataSplit(train: board.train, validation: empty, test: empty))).write(to: path)
        return try SavedModel.read(from: path)
    }
}

/// A server on a free loopback port for the length of `body`.
func withServer<T>(_ state: ServingState, _ body: (HTTPClient) async throws -> T) async throws -> T {
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let app = RecommendationServer.application(state: state, host: "127.0.0.1", port: 0) { port in continuation.yield(port) }
    let server = Task { try await app.run() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { throw URLError(.cannotConnectToHost) }
    defer { server.cancel() }
    return try await body(HTTPClient(port: port))
}

/// A minimal JSON-over-HTTP client for the tests (URLSession).
struct HTTPClient: Sendable {
    let port: Int

    /// The status and body of a request.
    func send(_ method: String, _ path: String, body: String? = nil) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let body { request.httpBody = Data(body.utf8) }
        return try await withCheckedThrowingContinuation { c in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error { c.resume(throwing: error); return }
                c.resume(returning: ((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data()))
            }.resume()
        }
    }

    /// The body as a JSON object (empty when it is not one).
    func json(_ method: String, _ path: String, body: String? = nil) async throws -> (status: Int, object: [String: Any]) {
        let (status, data) = try await send(method, path, body: body)
        return (status, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
    }

    /// The item ids of a `/recommend` or `/similar` answer.
    static func items(_ object: [String: Any]) -> [String] {
        ((object["items"] as? [[String: Any]]) ?? []).compactMap { $0["item"] as? String }
    }
}
