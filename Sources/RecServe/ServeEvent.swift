import Foundation

/// One interaction posted to `/events`: who did what, with an optional rating and time (seconds
/// since 1970; the server's clock when absent). Ids are the dataset's external ids, as text (a JSON
/// number is read as its integer text, so `{"user": 196}` and `{"user": "196"}` agree).
public struct ServeEvent: Sendable, Equatable, Codable {
    /// External user id.
    public var user: String
    /// External item id.
    public var item: String
    /// Explicit rating, when the model was trained on ratings.
    public var rating: Float?
    /// Unix time in seconds.
    public var timestamp: Int64

    /// An event.
    public init(user: String, item: String, rating: Float? = nil, timestamp: Int64) {
        self.user = user; self.item = item; self.rating = rating; self.timestamp = timestamp
    }

    /// Parses a request body: a JSON array of event objects, one object, or JSON lines (one object per
    /// line). Errors name the field (`events[3].rating`) and say what was expected.
    public static func parse(_ body: Data, now: Int64) throws -> [ServeEvent] {
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ServeError.badRequest("the body is empty: send a JSON array of {user, item, rating?, timestamp?} or JSON lines") }
        var objects: [(Any, String)] = []
        if text.hasPrefix("[") {
            guard let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else {
                throw ServeError.badRequest("the body is not valid JSON (a JSON array of events was expected)")
            }
            objects = array.enumerated().map { ($1, "events[\($0)]") }
        } else {
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
                guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) else {
                    throw ServeError.badRequest("line \(n + 1) is not valid JSON: \(String(line.prefix(60)))", field: "events[\(n)]")
                }
                objects.append((o, "events[\(n)]"))
            }
        }
        guard !objects.isEmpty else { throw ServeError.badRequest("no events in the body", field: "events") }
        return try objects.map { try event(from: $0.0, at: $0.1, now: now) }
    }

    static func event(from value: Any, at path: String, now: Int64) throws -> ServeEvent {
        guard let o = value as? [String: Any] else { throw ServeError.badRequest("\(path) must be an object {user, item, rating?, timestamp?}", field: path) }
        for key in o.keys where !["user", "item", "rating", "timestamp"].contains(key) {
            throw ServeError.badRequest("\(path).\(key) is not an event field (user, item, rating, timestamp)", field: "\(path).\(key)")
        }
        func id(_ key: String) throws -> String {
            switch o[key] {
            case let s as String where !s.isEmpty: return s
            case let n as NSNumber where JSONNumber.value(n) != nil && n.doubleValue == n.doubleValue.rounded() && abs(n.doubleValue) < 1e15:
                return String(Int64(n.doubleValue))
            case nil: throw ServeError.badRequest("\(path).\(key) is missing", field: "\(path).\(key)")
            default: throw ServeError.badRequest("\(path).\(key) must be a non-empty string or an integer", field: "\(path).\(key)")
            }
        }
        var rating: Float?
        if let r = o["rating"], !(r is NSNull) {
            guard let n = JSONNumber.value(r), n.isFinite else {
                throw ServeError.badRequest("\(path).rating must be a number", field: "\(path).rating")
            }
            rating = Float(n)
        }
        var timestamp = now
        if let t = o["timestamp"], !(t is NSNull) {
            guard let n = JSONNumber.value(t), n.isFinite, abs(n) < 1e13 else {
                throw ServeError.badRequest("\(path).timestamp must be Unix seconds (a number)", field: "\(path).timestamp")
            }
            timestamp = Int64(n)
        }
        return ServeEvent(user: try id("user"), item: try id("item"), rating: rating, timestamp: timestamp)
    }
}

/// A JSON number as `JSONSerialization` gives it, and not a boolean: on Linux `1 is Bool` holds for
/// any NSNumber 0 or 1, so booleans are told apart by their Objective-C type code (`c`).
enum JSONNumber {
    static func value(_ v: Any) -> Double? {
        guard let n = v as? NSNumber, String(cString: n.objCType) != "c" else { return nil }
        return n.doubleValue
    }
}
