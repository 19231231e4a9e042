import Foundation
import RecData
import RecSpec
import RecTestSupport
import Testing
@testable import RecRunner

/// Damage to what RecLab stored — a flipped byte, sixteen zeroed bytes, a truncation, at offsets
/// across the whole file — is detected before libhdf5 reads the file: the cache entry is rebuilt (the
/// same data comes back) and a damaged trial runs again (the same metrics come back), each with a
/// warning. Nothing crashes and nothing damaged is used.
@Suite(.serialized) struct CorruptionTests {
    static let spec = """
        {"name": "damage", "dataset": {"source": "synthetic", "synthetic": {"users": 60, "items": 50, "interactions": 900, "seed": 4}},
         "split": {"method": "user_ratio", "ratios": [0.7, 0.1, 0.2], "seed": 2},
         "models": [{"name": "pop", "type": "popularity"}, {"name": "knn", "type": "item_knn", "params": {"neighbours": 10}}],
         "evaluation": {"metrics": ["ndcg@10", "recall@10"]}}
        """

    enum Damage: CaseIterable { case flip, zero, truncate }

    /// `bytes` damaged at `offset`.
    static func damaged(_ bytes: [UInt8], _ damage: Damage, at offset: Int) -> [UInt8] {
        var out = bytes
        switch damage {
        case .flip: out[offset] ^= 0x5A
        case .zero: for k in offset..<min(bytes.count, offset + 16) { out[k] = 0 }
        case .truncate: out = Array(bytes[..<offset])
        }
        return out
    }

    static func offsets(_ count: Int) -> [Int] { (0..<24).map { $0 * (count - 1) / 23 } }

    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
    }

    @Test func aDamagedCacheEntryIsDetectedAndRebuiltToTheSameData() throws {
        let dir = try Fixtures.temporaryDirectory("damage-cache")
        let parsed = try ExperimentSpec.parse(data: Data(Self.spec.utf8), context: ExperimentRunner.specContext)
        let request = try parsed.dataRequest(fold: nil, root: dir.path)
        let first = try DataPipeline().run(request)
        #expect(!first.cacheHit)
        let entry = dir.path + "/.cache/\(first.cacheKey).h5"
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: entry)))
        #expect(try DataPipeline().run(request).cacheHit)
        for damage in Damage.allCases {
            for offset in Self.offsets(original.count) {
                let bad = Self.damaged(original, damage, at: offset)
                guard bad != original else { continue }
                try Data(bad).write(to: URL(fileURLWithPath: entry))
                let log = Log()
                let again = try DataPipeline(log: { log.add($0) }).run(request)
                #expect(!again.cacheHit, "\(damage) at \(offset) was read as a cache hit")
                #expect(log.all.contains { $0.contains("is damaged") }, "\(damage) at \(offset): \(log.all)")
                #expect(again.dataset.interactions == first.dataset.interactions && again.split?.test == first.split?.test)
                #expect(try DataPipeline().run(request).cacheHit, "the rebuilt entry is not trusted")
            }
        }
        // An entry without its checksum is not trusted either.
        try FileManager.default.removeItem(atPath: SealedFile.sidecar(entry))
        #expect(!(try DataPipeline().run(request).cacheHit))
    }

    @Test func aDamagedTrialFileIsRunAgainToTheSameMetrics() throws {
        let dir = try Fixtures.temporaryDirectory("damage-trials")
        let runner = try specRunner(Self.spec, in: dir)
        let folder = try runner.run()
        let metrics = try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8)
        let store = TrialStore(runFolder: folder)
        let ids = try FileManager.default.contentsOfDirectory(atPath: store.folder).filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
        #expect(ids.count == 2)
        // The per-user file of one trial and the JSON record of the other: a changed digit inside a
        // metric still decodes, so only the record's seal can catch it.
        for (file, id) in [(store.perUserPath(ids[0]), ids[0]), (store.recordPath(ids[1]), ids[1])] {
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            for damage in Damage.allCases {
                for offset in Self.offsets(original.count).enumerated().filter({ $0.offset % 4 == 0 }).map(\.element) {
                    let bad = Self.damaged(original, damage, at: offset)
                    guard bad != original else { continue }
                    try Data(bad).write(to: URL(fileURLWithPath: file))
                    guard case .damaged = store.lookup(id) else { Issue.record("\(file): \(damage) at \(offset) not detected"); continue }
                    try runner.run()
                    #expect(try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8) == metrics, "\(file): \(damage) at \(offset)")
                    #expect(store.finished(id) != nil)
                }
            }
        }
        // A record whose digit changed, keeping it valid JSON.
        let record = try String(contentsOfFile: store.recordPath(ids[0]), encoding: .utf8)
        let digit = try #require(record.range(of: #""seconds" : \d+\.\d"#, options: .regularExpression))
        var changed = record
        changed.replaceSubrange(changed.index(before: digit.upperBound)..<digit.upperBound,
                                with: record[record.index(before: digit.upperBound)] == "9" ? "1" : "9")
        try changed.write(toFile: store.recordPath(ids[0]), atomically: false, encoding: .utf8)
        #expect((try? JSONDecoder().decode(TrialRecord.self, from: Data(changed.utf8))) != nil)
        guard case .damaged = store.lookup(ids[0]) else { Issue.record("a changed digit was not detected"); return }
        // A record that is not JSON is damaged too, and the trial runs again.
        try Data("{\"id\": ".utf8).write(to: URL(fileURLWithPath: store.recordPath(ids[1])))
        guard case .damaged = store.lookup(ids[1]) else { Issue.record("a truncated record was not detected"); return }
        try runner.run()
        #expect(try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8) == metrics)
    }
}
