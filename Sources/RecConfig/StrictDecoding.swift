/// A coding key for any string, to list the keys a JSON object actually has.
public struct AnyCodingKey: CodingKey {
    public var stringValue: String
    public var intValue: Int?
    public init(stringValue: String) { self.stringValue = stringValue; intValue = nil }
    public init?(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
}

/// `Decodable` types that reject keys they do not know (LensKit's configuration objects do the
/// same): a misspelt setting is an error with a did-you-mean fix, never a silently applied default.
public enum StrictDecoding {
    /// Throws `ConfigurationError.unknownParameter` for the first key of the object being decoded
    /// that is not in `allowed`.
    public static func rejectUnknownKeys(_ decoder: any Decoder, allowed: [String]) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys.map(\.stringValue).sorted() where !allowed.contains(key) {
            throw ConfigurationError.unknownParameter(name: key, fix: Suggestions.fix(key, in: allowed, listing: "allowed keys are"))
        }
    }
}
