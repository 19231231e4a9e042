import Foundation
import RecCore
import Testing

/// `AtomicFile` leaves whole files only, and a killed writer's temporaries are cleaned up later.
@Suite struct AtomicFileTests {
    func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func staleTemporariesOfStoppedProcessesAreRemovedOthersKept() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = finished.processIdentifier, me = getpid()
        let names = ["a.json.tmp-\(dead)-123", "b.h5.tmp-\(me)-5", "c.json", "d.tmp-notapid-1", "e.json.tmp-1-9"]
        for n in names { try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/" + n)) }
        let removed = AtomicFile.removeStaleTemporaries(in: dir)
        #expect(removed == [dir + "/a.json.tmp-\(dead)-123"])
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        #expect(left == Set(names.dropFirst()))
        #expect(AtomicFile.removeStaleTemporaries(in: dir + "/absent").isEmpty)
    }

    @Test func writeReplacesWholeAndLeavesNoTemporary() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write("first", to: dir + "/f.txt")
        try AtomicFile.write("second", to: dir + "/f.txt")
        #expect(try String(contentsOfFile: dir + "/f.txt", encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["f.txt"])
    }
}
