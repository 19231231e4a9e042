import Foundation
import RecTestSupport

/// A fresh `.h5` path in its own temporary directory; the directory is removed after `body`.
func withTemporaryFile<Result>(_ name: String = "test.h5", _ body: (String) throws -> Result) throws -> Result {
    let dir = try Fixtures.temporaryDirectory("rechdf5")
    defer { try? FileManager.default.removeItem(at: dir) }
    return try body(dir.appendingPathComponent(name).path)
}

/// Async variant of `withTemporaryFile`.
func withTemporaryFile<Result>(_ name: String = "test.h5", _ body: (String) async throws -> Result) async throws -> Result {
    let dir = try Fixtures.temporaryDirectory("rechdf5")
    defer { try? FileManager.default.removeItem(at: dir) }
    return try await body(dir.appendingPathComponent(name).path)
}

/// Size of the file at `path` in bytes.
func fileSize(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? -1
}
