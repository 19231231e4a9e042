import Foundation
import RecData
import RecProfiles
import RecSpec

/// User and item profiles of one fold, built from its training interactions.
public struct FoldProfiles: Sendable {
    /// Users × features, or nil when the spec asks for none.
    public var users: ProfileMatrix?
    /// Items × features, or nil.
    public var items: ProfileMatrix?

    /// Profiles of a fold (none by default).
    public init(users: ProfileMatrix? = nil, items: ProfileMatrix? = nil) { self.users = users; self.items = items }
}

/// Maps the spec's `profiles` section onto RecProfiles' configurations and builds them per fold
/// through the profile cache (next to the dataset's HDF5 cache entry).
///
/// ```json
/// "profiles": {"users": {"normalisation": "min_max"}, "items": {}}
/// ```
/// Each present key (`users`, `items`) takes a `ProfileConfig` in JSON (docs/profiles.md); missing
/// keys inside it take the defaults. An absent or empty section builds no profiles.
public enum ProfileSpecMapping {
    /// The configurations the spec asks for. Errors name the JSON path.
    public static func configs(_ section: JSONValue) throws -> (users: ProfileConfig?, items: ProfileConfig?) {
        guard case .object(let members) = section else { return (nil, nil) }
        for key in members.keys where key != "users" && key != "items" {
            throw ProfileSpecError(path: "profiles.\(key)", message: "unknown key; use \"users\" and/or \"items\"")
        }
        func decode(_ key: String, _ entity: ProfileEntity) throws -> ProfileConfig? {
            guard let value = members[key] else { return nil }
            guard case .object(var fields) = value else {
                throw ProfileSpecError(path: "profiles.\(key)", message: "expected an object (a profile configuration)")
            }
            fields["entity"] = .string(entity.rawValue)
            do {
                let config = try JSONDecoder().decode(ProfileConfig.self, from: Data(JSONValue.object(fields).serialized()))
                try config.validate()
                return config
            } catch let error as DecodingError {
                throw ProfileSpecError(path: "profiles.\(key)", message: Self.describe(error))
            } catch {
                throw ProfileSpecError(path: "profiles.\(key)", message: "\(error)")
            }
        }
        return (try decode("users", .users), try decode("items", .items))
    }

    /// A decoding error in words: where inside the configuration, and what.
    static func describe(_ error: DecodingError) -> String {
        func place(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            return (c.codingPath.isEmpty ? "" : "at \(place(c.codingPath)): ") + (c.underlyingError.map { "\($0)" } ?? c.debugDescription)
        case .keyNotFound(let key, let c):
            return "at \(place(c.codingPath)): missing key '\(key.stringValue)'"
        @unknown default:
            return "\(error)"
        }
    }

    /// Builds (or reads from the cache) the profiles of one fold's training interactions.
    public static func build(_ configs: (users: ProfileConfig?, items: ProfileConfig?), prepared: PreparedData,
                             datasetKey: String, cacheFolder: String, log: (String) -> Void) throws -> FoldProfiles {
        let cache = ProfileCache(folder: cacheFolder)
        var out = FoldProfiles()
        if let c = configs.users {
            out.users = try cache.profiles(c, dataset: prepared.dataset, training: prepared.split.train, datasetKey: datasetKey, warn: log).profiles
        }
        if let c = configs.items {
            out.items = try cache.profiles(c, dataset: prepared.dataset, training: prepared.split.train, datasetKey: datasetKey, warn: log).profiles
        }
        return out
    }
}

/// A `profiles` section the profile builder cannot accept.
public struct ProfileSpecError: Error, CustomStringConvertible {
    /// JSON path of the offending value.
    public let path: String
    /// What is wrong.
    public let message: String
    public var description: String { "spec error at \(path): \(message)" }
}
