/// Errors of the profile module, each with enough context to fix the cause.
public enum ProfileError: Error, Equatable, CustomStringConvertible {
    /// The configuration is inconsistent (message says what and how to fix it).
    case invalidConfig(String)
    /// A configured attribute is not in the dataset.
    case unknownAttribute(name: String, entity: ProfileEntity, available: [String])
    /// The attribute's kind cannot be encoded that way.
    case unsupportedEncoding(attribute: String, encoding: AttributeEncoding, kind: String)
    /// The training table does not fit the dataset (index out of range).
    case invalidInteractions(String)
    /// No entity with that external id.
    case unknownEntity(id: String, entity: ProfileEntity, example: String?)
    /// A stored profile cannot be read.
    case corruptProfile(path: String, detail: String)

    public var description: String {
        switch self {
        case .invalidConfig(let m): return "invalid profile configuration: \(m)"
        case let .unknownAttribute(name, entity, available):
            let singular = entity == .users ? "user" : "item"
            return "no \(singular) attribute '\(name)'; the dataset has \(available.isEmpty ? "none" : available.joined(separator: ", "))"
        case let .unsupportedEncoding(attribute, encoding, kind):
            return "attribute '\(attribute)' is \(kind) and cannot be encoded as \(encoding.rawValue)"
        case .invalidInteractions(let m): return "invalid interactions for profiles: \(m)"
        case let .unknownEntity(id, entity, example):
            let singular = entity == .users ? "user" : "item"
            return "unknown \(singular) id '\(id)'" + (example.map { "; ids look like '\($0)'" } ?? "; the dataset has no \(entity.rawValue)")
        case let .corruptProfile(path, detail): return "\(path): not a readable RecLab profile (\(detail))"
        }
    }
}
