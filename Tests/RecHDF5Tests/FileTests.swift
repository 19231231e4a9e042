import Foundation
import Testing
@testable import RecHDF5

@Suite struct FileTests {
    @Test func compressionShrinksAHighlyCompressibleArray() throws {
        let values = (0..<1_000_000).map { Int32($0 / 1000) }
        try withTemporaryFile("plain.h5") { plain in
            try withTemporaryFile("packed.h5") { packed in
                let a = try HDF5File.create(path: plain)
                try a.root.write("x", values, compression: 0)
                a.close()
                let b = try HDF5File.create(path: packed)
                try b.root.write("x", values, chunk: 65_536, compression: 4)
                b.close()
                let plainSize = try fileSize(plain), packedSize = try fileSize(packed)
                #expect(plainSize > 4_000_000)
                #expect(packedSize * 20 < plainSize, "gzip gave \(packedSize) bytes against \(plainSize)")
                #expect(try HDF5File.open(path: packed).root.read("x", as: Int32.self) == values)
            }
        }
    }

    @Test func automaticStoragePolicy() throws {
        #expect(try HDF5Storage.plan(dims: [100], chunk: nil, compression: nil) == HDF5Storage(chunkDims: nil, gzipLevel: 0))
        #expect(try HDF5Storage.plan(dims: [100_000], chunk: nil, compression: nil) == HDF5Storage(chunkDims: [65_536], gzipLevel: 4))
        #expect(try HDF5Storage.plan(dims: [100_000, 64], chunk: nil, compression: nil) == HDF5Storage(chunkDims: [1024, 64], gzipLevel: 4))
        #expect(try HDF5Storage.plan(dims: [100_000], chunk: nil, compression: 0) == HDF5Storage(chunkDims: nil, gzipLevel: 0))
        #expect(try HDF5Storage.plan(dims: [10], chunk: 100, compression: nil) == HDF5Storage(chunkDims: [10], gzipLevel: 0))
        #expect(try HDF5Storage.plan(dims: [10], chunk: nil, compression: 9) == HDF5Storage(chunkDims: [10], gzipLevel: 9))
        #expect(try HDF5Storage.plan(dims: [0], chunk: 8, compression: 4) == HDF5Storage(chunkDims: nil, gzipLevel: 0))
        #expect(throws: HDF5Storage.StorageError.self) { try HDF5Storage.plan(dims: [10], chunk: 0, compression: nil) }
        #expect(throws: HDF5Storage.StorageError.self) { try HDF5Storage.plan(dims: [10], chunk: nil, compression: 10) }
    }

    @Test func truncatedFileFailsToOpenAndIsNotReadable() throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            try file.root.createGroup("g").write("x", (0..<50_000).map { Double($0) }, compression: 0)
            file.close()
            #expect(HDF5File.isReadable(path: path))
            let size = try fileSize(path)
            let handle = try #require(FileHandle(forUpdatingAtPath: path))
            try handle.truncate(atOffset: UInt64(size / 2))
            try handle.close()

            #expect(!HDF5File.isReadable(path: path))
            let error = #expect(throws: HDF5Error.self) { try HDF5File.open(path: path) }
            guard case .cannotOpen(let file, let reason) = error else { Issue.record("\(String(describing: error))"); return }
            #expect(file == path)
            #expect(reason.contains("truncated"), "\(reason)")
        }
    }

    @Test func nonHDF5AndMissingFilesFailToOpen() throws {
        try withTemporaryFile("notes.h5") { path in
            try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
            #expect(!HDF5File.isReadable(path: path))
            let error = #expect(throws: HDF5Error.self) { try HDF5File.open(path: path) }
            guard case .cannotOpen(path, _) = error else { Issue.record("\(String(describing: error))"); return }
            let missing = path + ".absent"
            #expect(!HDF5File.isReadable(path: missing))
            #expect(throws: HDF5Error.self) { try HDF5File.open(path: missing) }
            #expect(throws: HDF5Error.self) { try HDF5File.create(path: path + "/no/such/dir.h5") }
        }
    }

    /// A process spawned on another thread holds a duplicate of every descriptor until it closes them
    /// before exec. With libhdf5's flock locking, a file closed and re-created or re-opened in that
    /// window failed ("unable to lock file, errno = 11"); this loop hit it within a second.
    @Test func closeAndReopenWhileAnotherThreadSpawnsProcesses() throws {
        let stop = StopFlag()
        let spawner = Thread {
            while !stop.isSet {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/bin/true")
                try? p.run()
                p.waitUntilExit()
            }
        }
        spawner.start()
        defer { stop.set() }
        try withTemporaryFile("spawn-race.h5") { path in
            let deadline = Date().addingTimeInterval(1)
            var rounds = 0
            while Date() < deadline {
                let f = try HDF5File.create(path: path)
                try f.root.write("x", [Int32(rounds)])
                f.close()
                let g = try HDF5File.open(path: path, readOnly: true)
                let x: [Int32] = try g.root.read("x")
                g.close()
                #expect(x == [Int32(rounds)])
                rounds += 1
            }
            #expect(rounds > 10)
        }
    }

    @Test func closeClosesEveryGroupAndCloseTwiceIsHarmless() throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            let g = try file.root.createGroup("g")
            try g.write("x", [Int32(7)])
            file.close()
            file.close()
            #expect(throws: HDF5Error.closed(file: path)) { try file.root.write("x", [Int32(1)]) }
            #expect(throws: HDF5Error.closed(file: path)) { try g.write("y", [Int32(1)]) }
            #expect(throws: HDF5Error.closed(file: path)) { try file.flush() }
            #expect(!file.root.contains("g") && file.root.memberNames() == [])
            // Really closed: the same process can truncate and recreate it while `g` is still alive.
            let again = try HDF5File.create(path: path)
            #expect(again.root.memberNames() == [])
            withExtendedLifetime(g) {}
        }
    }

    @Test func groupsKeepTheirFileOpenWithoutAnExplicitClose() throws {
        try withTemporaryFile { path in
            let g = try HDF5File.create(path: path).root.createGroup("g")   // the HDF5File is a temporary
            try g.write("x", [Int64(5)])
            #expect(try g.read("x", as: Int64.self) == [5])
        }
    }

    @Test func concurrentWritersOfTwoFiles() async throws {
        try await withTemporaryFile("a.h5") { first in
            try await withTemporaryFile("b.h5") { second in
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    for (index, path) in [first, second].enumerated() {
                        tasks.addTask {
                            let file = try HDF5File.create(path: path)
                            for k in 0..<40 {
                                let g = try file.root.createGroup("g\(k)")
                                try g.write("v", (0..<2_000).map { Int64($0 * k + index) })
                                try g.writeStrings("s", ["file \(index)", "group \(k)"])
                                try g.setAttribute("k", k)
                            }
                            file.close()
                        }
                    }
                    try await tasks.waitForAll()
                }
                for (index, path) in [first, second].enumerated() {
                    let file = try HDF5File.open(path: path)
                    #expect(file.root.memberNames().count == 40)
                    for k in [0, 17, 39] {
                        let g = try file.root.openGroup("g\(k)")
                        #expect(try g.read("v", as: Int64.self) == (0..<2_000).map { Int64($0 * k + index) })
                        #expect(try g.readStrings("s") == ["file \(index)", "group \(k)"])
                        #expect(try g.attribute("k", as: Int.self) == k)
                    }
                }
            }
        }
    }
}

/// A flag one thread sets and another polls.
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}
