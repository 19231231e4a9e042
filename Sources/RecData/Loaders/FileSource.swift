import Foundation
import ZIPFoundation

/// A place that holds a dataset's files: a folder, or a zip archive whose entries may sit under a
/// prefix folder (`ml-100k/u.data`). Files are found by their base name.
///
/// ```swift
/// let source = try FileSource(path: "downloads/ml-100k.zip")
/// source.contains("u.data")                 // true
/// let file = try source.text("u.item", encoding: .latin1)
/// ```
struct FileSource: Sendable {
    /// The folder or archive path as given.
    let path: String
    /// Whether `path` is a zip archive.
    let isArchive: Bool
    /// Base name → path inside the archive (only for archives).
    private let entries: [String: String]

    /// Opens a folder or zip archive; anything missing is `DataError.missingFile`.
    init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError.missingFile(path: path)
        }
        self.path = path
        if isDirectory.boolValue {
            isArchive = false
            entries = [:]
            return
        }
        isArchive = true
        let archive = try Self.open(path)
        var found: [String: String] = [:]
        for entry in archive where entry.type == .file {
            let entryPath = entry.path
            if entryPath.hasPrefix("__MACOSX/") { continue }
            let base = entryPath.split(separator: "/").last.map(String.init) ?? entryPath
            // With the same base name at several depths, the shallowest wins (`ml-100k/u.data`).
            if let existing = found[base], existing.split(separator: "/").count <= entryPath.split(separator: "/").count {
                continue
            }
            found[base] = entryPath
        }
        entries = found
    }

    private static func open(_ path: String) throws -> Archive {
        do {
            return try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw DataError.other("\(path): not a readable zip archive (\(error))")
        }
    }

    /// Whether a file with base name `name` exists.
    func contains(_ name: String) -> Bool {
        if isArchive { return entries[name] != nil }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: filePath(name), isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Base names of the files present (top level of a folder; every file of an archive), sorted.
    func names() throws -> [String] {
        if isArchive { return entries.keys.sorted() }
        return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    /// Path of `name` inside a folder.
    private func filePath(_ name: String) -> String {
        URL(fileURLWithPath: path).appendingPathComponent(name).path
    }

    /// How `name` is shown in errors: `folder/u.data` or `archive.zip/ml-100k/u.data`.
    func displayPath(_ name: String) -> String {
        if isArchive { return path + "/" + (entries[name] ?? name) }
        return filePath(name)
    }

    /// The file `name` as text; missing is `DataError.missingFile` with its display path.
    func text(_ name: String, encoding: TextEncoding) throws -> TextFile {
        guard isArchive else { return try TextFile(contentsOf: filePath(name), encoding: encoding) }
        guard let entryPath = entries[name] else { throw DataError.missingFile(path: displayPath(name)) }
        let archive = try Self.open(path)
        guard let entry = archive[entryPath] else { throw DataError.missingFile(path: displayPath(name)) }
        var bytes = [UInt8]()
        bytes.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry) { chunk in bytes.append(contentsOf: chunk) }
        } catch {
            throw DataError.other("\(displayPath(name)): could not be extracted (\(error))")
        }
        return try TextFile(path: displayPath(name), bytes: bytes, encoding: encoding)
    }

    /// The files that determine a dataset read from here: the archive itself, or the named files
    /// that exist in the folder.
    func sourceFiles(_ names: [String]) -> [String] {
        isArchive ? [path] : names.filter(contains).map(filePath)
    }
}
