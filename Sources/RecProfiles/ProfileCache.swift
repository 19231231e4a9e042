import Foundation
import RecCore
import RecData
import RecHDF5

/// Stores profiles next to the dataset cache entry they were built from, one HDF5 file per
/// (dataset cache key, entity, configuration fingerprint, training fingerprint):
///
///     <datasets root>/.cache/<dataset key>.profile-<users|items>-<config fp>-<training fp>.h5
///
/// Files are written to a temporary name and renamed into place (`AtomicFile`); an unreadable or
/// mismatching file is deleted, reported through `warn`, and rebuilt. The dataset cache never reads
/// these files, and changing the dataset, its preprocessing or split, the configuration or the
/// training interactions gives a different name.
///
/// ```swift
/// let result = try DataPipeline().run(request)
/// let cache = ProfileCache(folder: request.root + "/.cache")
/// let (users, hit) = try cache.profiles(.defaults(for: .users), dataset: result.dataset,
///                                       training: result.split!.train, datasetKey: result.cacheKey)
/// ```
public struct ProfileCache: Sendable {
    /// Folder of the dataset cache (`<datasets root>/.cache`).
    public let folder: URL

    /// A cache in `folder` (created on first write).
    public init(folder: String) { self.folder = URL(fileURLWithPath: folder, isDirectory: true) }

    /// File name of the profiles for these keys.
    public func path(datasetKey: String, entity: ProfileEntity, configFingerprint: String, trainingFingerprint: String) -> String {
        folder.appendingPathComponent("\(datasetKey).profile-\(entity.rawValue)-\(configFingerprint)-\(trainingFingerprint).h5").path
    }

    /// The profiles for `config` over `dataset` and `training`: read when a valid file exists,
    /// otherwise built, stored and returned. `hit` tells which happened.
    public func profiles(_ config: ProfileConfig, dataset: Dataset, training: InteractionTable, datasetKey: String,
                         warn: (String) -> Void = { _ in }) throws -> (profiles: ProfileMatrix, hit: Bool) {
        let configFP = ProfileFingerprint.config(config), trainingFP = ProfileFingerprint.training(training)
        let p = path(datasetKey: datasetKey, entity: config.entity, configFingerprint: configFP, trainingFingerprint: trainingFP)
        let state = SealedFile.check(p)
        if let problem = state.problem {
            warn("warning: profile cache file \(p) \(problem); rebuilding it")
            if case .unreadable = state {} else { SealedFile.remove(p) }
        }
        if state == .intact {
            do {
                let file = try HDF5File.open(path: p, readOnly: true)
                defer { file.close() }
                let stored = try ProfileMatrix.load(from: file.root)
                let key: String? = try file.root.attribute("dataset_key")
                guard key == datasetKey, stored.configFingerprint == configFP, stored.trainingFingerprint == trainingFP,
                      stored.foldedInteractions == 0, stored.rowCount == (config.entity == .users ? dataset.userCount : dataset.itemCount) else {
                    throw ProfileError.corruptProfile(path: p, detail: "keys or shape do not match the request")
                }
                return (stored, true)
            } catch {
                warn("warning: profile cache file \(p) is unusable (\(error)); rebuilding it")
                SealedFile.remove(p)
            }
        }
        let built = try ProfileBuilder(config).build(dataset: dataset, training: training)
        try store(built, datasetKey: datasetKey)
        return (built, false)
    }

    /// Writes `profiles` atomically under its keys; returns the path.
    @discardableResult
    public func store(_ profiles: ProfileMatrix, datasetKey: String) throws -> String {
        let p = path(datasetKey: datasetKey, entity: profiles.entity, configFingerprint: profiles.configFingerprint,
                     trainingFingerprint: profiles.trainingFingerprint)
        try SealedFile.produce(p) { tmp in
            let file = try HDF5File.create(path: tmp)
            defer { file.close() }
            try profiles.save(to: file.root)
            try file.root.setAttribute("dataset_key", datasetKey)
        }
        return p
    }
}
