import RecConfig
import RecProfiles

/// The spec's `profiles` section: which profiles to build and with which settings. Each present key
/// (`users`, `items`) is read into RecProfiles' `ProfileConfig` over that side's defaults, so every
/// setting is checked where it is declared (unknown keys with a did-you-mean fix, kinds, bounds,
/// choices, the rules of each attribute feature), at its JSON path. An absent section builds none.
///
/// ```json
/// "profiles": {"users": {"normalisation": "min_max"}, "items": {}}
/// ```
public struct ProfilesSpec: Sendable, Equatable {
    /// The user profile's settings, or nil for none.
    public var users: ProfileConfig?
    /// The item profile's settings, or nil for none.
    public var items: ProfileConfig?

    /// A section; none by default.
    public init(users: ProfileConfig? = nil, items: ProfileConfig? = nil) { self.users = users; self.items = items }

    static func read(_ node: JSONNode?, _ r: SpecReader) -> ProfilesSpec {
        guard let node, !node.isNull, let obj = r.object(node, at: "profiles") else { return ProfilesSpec() }
        r.rejectUnknownKeys(obj, allowed: ProfileEntity.allCases.map(\.rawValue), at: "profiles", section: "profiles")
        func side(_ entity: ProfileEntity) -> ProfileConfig? {
            guard let (o, n) = r.object(obj, entity.rawValue, at: "profiles") else { return nil }
            return r.configuration(ProfileConfig.self, o, at: JSONPath.child("profiles", entity.rawValue),
                                   section: "profiles.\(entity.rawValue)", node: n, template: .defaults(for: entity))
        }
        return ProfilesSpec(users: side(.users), items: side(.items))
    }

    /// The resolved section: each asked-for side with every setting.
    var json: JSONValue {
        var o: [String: JSONValue] = [:]
        if let users { o["users"] = ParamValue.record(users.values).json }
        if let items { o["items"] = ParamValue.record(items.values).json }
        return .object(o)
    }
}
