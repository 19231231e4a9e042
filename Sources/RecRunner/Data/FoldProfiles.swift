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

    /// Builds (or reads from the profile cache next to the dataset's HDF5 cache entry) the profiles
    /// the spec's `profiles` section asks for, from one fold's training interactions.
    public static func build(_ spec: ProfilesSpec, prepared: PreparedData, datasetKey: String, cacheFolder: String,
                             log: (String) -> Void) throws -> FoldProfiles {
        let cache = ProfileCache(folder: cacheFolder)
        func side(_ config: ProfileConfig?) throws -> ProfileMatrix? {
            try config.map {
                try cache.profiles($0, dataset: prepared.dataset, training: prepared.split.train, datasetKey: datasetKey, warn: log).profiles
            }
        }
        return FoldProfiles(users: try side(spec.users), items: try side(spec.items))
    }
}
