import Foundation
import RecSpec
import RecTestSupport
import Testing
@testable import RecRunner

/// Successive halving in real runs: a 9-configuration BPR sweep on synthetic data, η = 3 from epoch 1.
@Suite(.serialized) struct HalvingRunTests {
    static func spec(halving: Bool, trialsAtOnce: Int = 1, seeds: String = "[0]") -> String {
        let stopping = halving ? #", "halving": {"min_epochs": 1, "reduction": 3}"# : ""
        return """
        {"name": "halving", "dataset": {"source": "synthetic", "synthetic": {"users": 200, "items": 120, "interactions": 6000, "seed": 7}},
         "split": {"method": "user_ratio", "ratios": [0.6, 0.2, 0.2], "seed": 2},
         "models": [{"name": "bpr", "type": "bpr", "params": {"factors": [4, 16, 32], "learning_rate": [0.002, 0.02, 0.2], "epochs": 9}}],
         "seeds": \(seeds),
         "evaluation": {"metrics": ["ndcg@10"]},
         "early_stopping": {"metric": "ndcg@10", "patience": 100\(stopping)},
         "selection": {"metric": "ndcg@10", "split": "validation"},
         "parallelism": {"trials": \(trialsAtOnce)}}
        """
    }

    /// Every sweep record of the run in `folder`, by configuration.
    static func records(_ folder: String) throws -> [TrialRecord] {
        let store = TrialStore(runFolder: folder)
        return try FileManager.default.contentsOfDirectory(atPath: store.folder).filter { $0.hasSuffix(".json") }
            .compactMap { store.finished(String($0.dropLast(5))) }
    }

    static func selected(_ text: String, _ records: [TrialRecord]) throws -> Int? {
        let spec = try ExperimentSpec.parse(data: Data(text.utf8), context: ExperimentRunner.specContext)
        return ModelSelection(spec: spec, records: records).best["bpr"]
    }

    @Test func halvingTrainsFewerEpochsAndSelectsTheSameConfiguration() throws {
        let dir = try Fixtures.temporaryDirectory("halving")
        let full = try Self.records(runSpecText(Self.spec(halving: false), in: dir.appendingPathComponent("full")))
        let halved = try Self.records(runSpecText(Self.spec(halving: true), in: dir.appendingPathComponent("halved")))
        #expect(full.count == 9 && halved.count == 9)
        #expect(full.reduce(0) { $0 + $1.epochs } == 81)
        let epochs = halved.reduce(0) { $0 + $1.epochs }
        #expect(epochs < 81)
        // Each stopped trial stopped at its rung's epoch (1 or 3) and says so; the others trained 9.
        for r in halved {
            #expect(r.rungScores?.isEmpty == false)
            if let rung = r.halvedAtRung { #expect(r.epochs == [1, 3][rung]) } else { #expect(r.epochs == 9) }
        }
        #expect(halved.contains { $0.halvedAtRung != nil })
        #expect(try Self.selected(Self.spec(halving: true), halved) == Self.selected(Self.spec(halving: false), full))
        // The run's summary tells how many trials halving stopped.
        let folder = try runSpecText(Self.spec(halving: true), in: dir.appendingPathComponent("halved"))
        let summary = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8)
        #expect(summary.contains("Successive halving stopped \(halved.filter { $0.halvedAtRung != nil }.count) of 9 trials of bpr"))
    }

    /// Two trials at a time stop the same trials with the same numbers as one at a time; a rerun trains nothing.
    @Test func decisionsDoNotDependOnTheThreadCount() throws {
        let one = try Fixtures.temporaryDirectory("halving-1")
        let two = try Fixtures.temporaryDirectory("halving-2")
        let a = try Self.records(runSpecText(Self.spec(halving: true, trialsAtOnce: 1), in: one))
        let b = try Self.records(runSpecText(Self.spec(halving: true, trialsAtOnce: 2), in: two))
        func facts(_ rs: [TrialRecord]) -> [String] {
            rs.sorted { $0.configIndex < $1.configIndex }
                .map { "\($0.configIndex) \($0.epochs) \(String(describing: $0.halvedAtRung)) \(String(describing: $0.rungScores)) \($0.metrics.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value.sorted { $0.key.description < $1.key.description })" })" }
        }
        #expect(facts(a) == facts(b))
        #expect(Set(a.map(\.id)) == Set(b.map(\.id)))
        // Resuming reuses every trial (the store keys chain each trial to the ones before it).
        let again = try Self.records(runSpecText(Self.spec(halving: true, trialsAtOnce: 2), in: one))
        #expect(facts(again) == facts(a))
        #expect(again.count == 9)
    }

    /// A shard runs a halving group whole: its trials compare with each other.
    @Test func shardsKeepHalvingGroupsWhole() throws {
        let spec = try ExperimentSpec.parse(data: Data(Self.spec(halving: true).utf8), context: ExperimentRunner.specContext)
        let trials = try spec.trials()
        let parts = try (0..<2).map { i in
            try Shard(index: i, count: 2).select(trials, unit: { spec.halvingGroup(of: $0) }) { _ in 1 }.count
        }
        #expect(parts == [9, 0])
        let plain = try (0..<2).map { try Shard(index: $0, count: 2).select(trials) { _ in 1 }.count }
        #expect(plain == [5, 4])
    }

    /// The store key of a halving trial covers the halving settings and the trials before it in its group.
    @Test func theKeyCoversTheHalvingSettingsAndTheEarlierTrials() throws {
        let halving = try ExperimentSpec.parse(data: Data(Self.spec(halving: true).utf8), context: ExperimentRunner.specContext)
        let plain = try ExperimentSpec.parse(data: Data(Self.spec(halving: false).utf8), context: ExperimentRunner.specContext)
        var steeper = halving
        steeper.earlyStopping?.halving?.reduction = 4
        let t = try halving.trials()[3]
        func key(_ s: ExperimentSpec, after: [String]?) -> String {
            TrialKey(trial: t, dataKey: "d", spec: s, deterministic: false, halvingAfter: after).value
        }
        #expect(halving.halvingGroup(of: t) != nil && plain.halvingGroup(of: t) == nil)
        #expect(key(halving, after: ["a", "b"]) != key(plain, after: nil))
        #expect(key(halving, after: ["a", "b"]) != key(steeper, after: ["a", "b"]))
        #expect(key(halving, after: ["a", "b"]) != key(halving, after: ["a", "c"]))
        #expect(key(halving, after: ["a", "b"]) == key(halving, after: ["a", "b"]))
    }

    /// Two shards, each running one seed's halving group, then the finishing run: the records of one process.
    @Test func shardsThenTheFinishingRunStopAsOneProcess() throws {
        let text = Self.spec(halving: true, trialsAtOnce: 2, seeds: "[0, 1]")
        let one = try Fixtures.temporaryDirectory("halving-one")
        let sharded = try Fixtures.temporaryDirectory("halving-shards")
        let single = try Self.records(runSpecText(text, in: one))
        for i in 0..<2 { _ = try runSpecText(text, in: sharded) { $0.shard = try! Shard(index: i, count: 2) } }
        let afterShards = try Self.records(runSpecText(text, in: sharded) { $0.shard = try! Shard(index: 0, count: 2) })
        #expect(afterShards.count == 18)
        let finished = try Self.records(runSpecText(text, in: sharded))
        func facts(_ rs: [TrialRecord]) -> [String] {
            rs.map { "\($0.id) \($0.epochs) \(String(describing: $0.halvedAtRung)) \(String(describing: $0.rungScores))" }.sorted()
        }
        #expect(facts(finished) == facts(single))
        #expect(single.contains { $0.halvedAtRung != nil })
    }
}
