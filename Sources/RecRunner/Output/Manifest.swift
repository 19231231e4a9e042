import Foundation
import RecBuildInfo
import RecCore
import RecHDF5
import RecSpec

/// `manifest.json`: what produced a run — RecLab's git commit, Swift, OS, CPU, BLAS and HDF5
/// versions, dataset cache keys (content hashes), start and end times and per-trial wall time.
struct Manifest: Codable {
    /// One trial's line: what ran and how long it took.
    struct Trial: Codable {
        var id: String, model: String, parameters: String
        var seed: UInt64
        var fold: Int?
        var status: String
        var seconds: Double, fitSeconds: Double
        var epochs: Int

        enum CodingKeys: String, CodingKey {
            case id, model, parameters, seed, fold, status, seconds, epochs
            case fitSeconds = "fit_seconds"
        }

        /// Writes a trial without fold as `"fold": null` (the synthesised encoder would leave it out).
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(model, forKey: .model); try c.encode(parameters, forKey: .parameters)
            try c.encode(seed, forKey: .seed); try c.encode(fold, forKey: .fold); try c.encode(status, forKey: .status)
            try c.encode(seconds, forKey: .seconds); try c.encode(fitSeconds, forKey: .fitSeconds); try c.encode(epochs, forKey: .epochs)
        }
    }

    var reclabCommit: String
    var reclabDirty: Bool
    var swift: String, os: String, cpu: String
    var cores: Int
    var blas: String, hdf5: String
    var datasetCacheKeys: [String]
    var specFingerprint: String
    var started: String, finished: String
    var command: String
    var trials: [Trial]

    enum CodingKeys: String, CodingKey {
        case swift, os, cpu, cores, blas, hdf5, started, finished, command, trials
        case reclabCommit = "reclab_commit", reclabDirty = "reclab_dirty", datasetCacheKeys = "dataset_cache_keys"
        case specFingerprint = "spec_fingerprint"
    }

    /// Writes the manifest of a run that started at `started` and ends now.
    static func write(folder: String, spec: ExperimentSpec, cacheKeys: [String], records: [TrialRecord], started: Date) throws {
        let iso = ISO8601DateFormatter()
        let m = Manifest(
            reclabCommit: BuildInfo.commit, reclabDirty: BuildInfo.dirty,
            swift: swiftVersion, os: ProcessInfo.processInfo.operatingSystemVersionString, cpu: cpuModel,
            cores: ProcessInfo.processInfo.activeProcessorCount, blas: BLAS.configuration, hdf5: HDF5Version.string,
            datasetCacheKeys: cacheKeys, specFingerprint: spec.fingerprint,
            started: iso.string(from: started), finished: iso.string(from: Date()),
            command: CommandLine.arguments.joined(separator: " "),
            trials: records.map { r in
                Trial(id: r.id, model: r.model, parameters: r.parameterText, seed: r.seed, fold: r.fold, status: r.status,
                      seconds: r.seconds, fitSeconds: r.fitSeconds, epochs: r.epochs)
            })
        try AtomicFile.write(JSONFile.data(m), to: folder + "/manifest.json")
    }

    static var swiftVersion: String {
        #if compiler(>=6.3)
        return "6.3+"
        #elseif compiler(>=6.0)
        return "6.x"
        #else
        return "unknown"
        #endif
    }

    static var cpuModel: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        }
        return "unknown"
    }
}
