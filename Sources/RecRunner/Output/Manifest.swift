import Foundation
import RecCore
import RecHDF5
import RecSpec

/// `manifest.json`: what produced a run — RecLab's git commit, Swift, OS, CPU, BLAS and HDF5
/// versions, dataset cache keys (content hashes), start and end times and per-trial wall time.
enum Manifest {
    static func write(folder: String, spec: ExperimentSpec, cacheKeys: [String], records: [TrialRecord], started: Date) throws {
        let iso = ISO8601DateFormatter()
        var m: [String: Any] = [:]
        m["reclab_commit"] = shell("git", ["rev-parse", "HEAD"]) ?? "unknown"
        m["reclab_dirty"] = (shell("git", ["status", "--porcelain", "--untracked-files=no"]) ?? "").isEmpty ? false : true
        m["swift"] = swiftVersion
        m["os"] = ProcessInfo.processInfo.operatingSystemVersionString
        m["cpu"] = cpuModel
        m["cores"] = ProcessInfo.processInfo.activeProcessorCount
        m["blas"] = BLAS.configuration
        m["hdf5"] = HDF5Version.string
        m["dataset_cache_keys"] = cacheKeys
        m["spec_fingerprint"] = spec.fingerprint
        m["started"] = iso.string(from: started)
        m["finished"] = iso.string(from: Date())
        m["command"] = CommandLine.arguments.joined(separator: " ")
        m["trials"] = records.map { r -> [String: Any] in
            ["id": r.id, "model": r.model, "parameters": r.parameterText, "seed": r.seed, "fold": r.fold as Any? ?? NSNull(),
             "status": r.status, "seconds": r.seconds, "fit_seconds": r.fitSeconds, "epochs": r.epochs]
        }
        let data = try JSONSerialization.data(withJSONObject: m, options: [.prettyPrinted, .sortedKeys])
        try AtomicFile.write(data, to: folder + "/manifest.json")
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

    static func shell(_ cmd: String, _ args: [String]) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [cmd] + args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
