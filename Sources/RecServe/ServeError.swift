import Foundation
import Hummingbird

/// A request the server refuses: a 4xx status with a JSON body naming what is wrong and, where one
/// field is to blame, which (`{"error": "n must be in 1…1000", "field": "n"}`).
public struct ServeError: Error, HTTPResponseError, CustomStringConvertible, Equatable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// What is wrong, for a person.
    public var message: String
    /// The request field at fault (a query parameter, path part or JSON key), if one is.
    public var field: String?

    /// A refusal.
    public init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil) {
        self.status = status; self.message = message; self.field = field
    }

    /// 400 Bad Request.
    static func badRequest(_ message: String, field: String? = nil) -> ServeError { ServeError(.badRequest, message, field: field) }
    /// 404 Not Found.
    static func notFound(_ message: String, field: String? = nil) -> ServeError { ServeError(.notFound, message, field: field) }

    public var description: String { "\(status.code) \(message)" + (field.map { " (field \($0))" } ?? "") }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: String] = ["error": message]
        if let field { body["field"] = field }
        return try JSONResponse.make(body, status: status)
    }
}

/// JSON response bodies with sorted keys.
enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
