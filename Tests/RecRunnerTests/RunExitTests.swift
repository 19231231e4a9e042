import Foundation
import RecData
import RecSpec
import RecTestSupport
import Testing
@testable import RecRunner

/// A run says when it failed: failed trials make it throw (so `reclab run` exits non-zero) after
/// every file is written, `retryFailed` reruns only those, and a run that fails before any trial
/// leaves no run folder behind.
@Suite(.serialized) struct RunExitTests {
    /// Random over two seeds, and EASE (deterministic: one trial) with an item limit the 90-item
    /// catalogue exceeds: a failure only the data reveals, so plan accepts it and the EASE trial fails at fit.
    static let spec = """
        {"name": "exits", "dataset": {"source": "synthetic", "synthetic": {"users": 80, "items": 90, "interactions": 2000, "seed": 1}},
         "split": {"method": "user_ratio", "ratios": [0.8, 0.0, 0.2], "seed": 2},
         "models": [{"name": "random", "type": "random"}, {"name": "ease", "type": "ease", "params": {"max_items": 1}}],
         "seeds": [0, 1], "evaluation": {"metrics": ["ndcg@10"]}}
        """

    static func run(_ text: String, in dir: URL, retryFailed: Bool = false, force: Bool = false) throws -> String {
        try runSpecText(text, in: dir) { $0.retryFailed = retryFailed; $0.force = force }
    }

    static func modified(_ folder: String) throws -> [String: Date] {
        var out: [String: Date] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: TrialStore(runFolder: folder).folder) where name.hasSuffix(".json") {
            out[name] = try FileManager.default.attributesOfItem(atPath: TrialStore(runFolder: folder).folder + "/" + name)[.modificationDate] as? Date
        }
        return out
    }

    @Test func failedTrialsFailTheRunAfterWritingItsFilesAndRetryRerunsOnlyThem() throws {
        let dir = try Fixtures.temporaryDirectory("exits")
        var failure: RunFailure?
        do { _ = try Self.run(Self.spec, in: dir) } catch let e as RunFailure { failure = e }
        let first = try #require(failure)
        #expect(first.failed == 1 && first.total == 3)
        #expect(first.description.contains("1 of 3 trials failed") && first.description.contains("--retry-failed"))
        for file in ["metrics.csv", "summary.md", "manifest.json"] {
            #expect(FileManager.default.fileExists(atPath: first.folder + "/" + file), "\(file) missing")
        }
        let before = try Self.modified(first.folder)
        // Resuming keeps the failed record (and still fails); retrying reruns exactly that one.
        #expect(throws: RunFailure.self) { try Self.run(Self.spec, in: dir) }
        #expect(try Self.modified(first.folder) == before)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(throws: RunFailure.self) { try Self.run(Self.spec, in: dir, retryFailed: true) }
        let after = try Self.modified(first.folder)
        let store = TrialStore(runFolder: first.folder)
        for (name, date) in before {
            let failed = store.finished(String(name.dropLast(5)))?.status == "failed"
            #expect((after[name] != date) == failed, "\(name): rerun \(after[name] != date), failed \(failed)")
        }
        // A forced run rewrites every record.
        Thread.sleep(forTimeInterval: 0.05)
        #expect(throws: RunFailure.self) { try Self.run(Self.spec, in: dir, force: true) }
        let forced = try Self.modified(first.folder)
        #expect(forced.allSatisfy { after[$0.key] != $0.value })
    }

    @Test func aFailureRecordedByAnotherSpecIsRetried() throws {
        let dir = try Fixtures.temporaryDirectory("exits-other-spec")
        var failure: RunFailure?
        do { _ = try Self.run(Self.spec, in: dir) } catch let e as RunFailure { failure = e }
        let first = try #require(failure)
        let before = try Self.modified(first.folder)
        Thread.sleep(forTimeInterval: 0.05)
        // Another spec sharing the failed EASE trial (only a report setting differs) tries it again;
        // the random trials it shares are reused.
        let other = Self.spec.replacingOccurrences(of: #""metrics": ["ndcg@10"]"#, with: #""metrics": ["ndcg@10"], "subgroups": ["cold_users"]"#)
        #expect(throws: RunFailure.self) { try Self.run(other, in: dir) }
        let after = try Self.modified(first.folder)
        let store = TrialStore(runFolder: first.folder)
        for (name, date) in before {
            let failed = store.finished(String(name.dropLast(5)))?.status == "failed"
            #expect((after[name] != date) == failed, "\(name)")
        }
    }

    @Test func aRunWithoutFailuresReturnsItsFolder() throws {
        let dir = try Fixtures.temporaryDirectory("exits-ok")
        let ok = Self.spec.replacingOccurrences(of: #""max_items": 1"#, with: #""max_items": 1000"#)
        let folder = try Self.run(ok, in: dir)
        #expect(FileManager.default.fileExists(atPath: folder + "/summary.md"))
    }

    @Test func planCountsWhatRunRuns() throws {
        let dir = try Fixtures.temporaryDirectory("exits-refit")
        let text = Self.spec.replacingOccurrences(of: #""max_items": 1"#, with: #""max_items": 1000"#)
            .replacingOccurrences(of: "[0.8, 0.0, 0.2]", with: "[0.7, 0.1, 0.2]")
            .replacingOccurrences(of: #""seeds""#, with: #""selection": {"refit": true}, "seeds""#)
        let folder = try Self.run(text, in: dir)
        let records = try FileManager.default.contentsOfDirectory(atPath: TrialStore(runFolder: folder).folder).filter { $0.hasSuffix(".json") }
        let plan = try ExperimentSpec.parse(data: Data(text.utf8), context: ExperimentRunner.specContext).planDescription()
        // random: 2 seeds, ease: 1 (deterministic); each refit once per seed it was trained with.
        #expect(records.count == 6)
        #expect(plan.contains("trials      6: 3 sweep trials (listed) + 3 refits"), "\(plan)")
    }

    @Test func aTestSplitWithNoRelevantItemIsOneClearError() throws {
        let dir = try Fixtures.temporaryDirectory("exits-relevance")
        let text = Self.spec.replacingOccurrences(of: #""metrics": ["ndcg@10"]"#,
                                                  with: #""metrics": ["ndcg@10"], "relevance_threshold": 1e9"#)
        do {
            _ = try Self.run(text, in: dir)
            Issue.record("ran without relevant test items")
        } catch let error as DataError {
            #expect("\(error)".hasPrefix("the test split has no relevant items (relevance_threshold 1000000000.0 keeps none of its"),
                    "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("results/exits").path))
        // Another run of the same experiment name keeps its folder: only this run's is removed.
        let other = dir.appendingPathComponent("results/exits/0123456789abcdef")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: other.appendingPathComponent("summary.md"))
        #expect(throws: DataError.self) { try Self.run(text, in: dir) }
        #expect(FileManager.default.fileExists(atPath: other.appendingPathComponent("summary.md").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("results/exits").path) == ["0123456789abcdef"])
    }

    @Test func aSubgroupOnAnAttributeTheDataLacksIsAnErrorBeforeAnyTrial() throws {
        let dir = try Fixtures.temporaryDirectory("exits-subgroups")
        let text = Self.spec.replacingOccurrences(of: #""metrics": ["ndcg@10"]"#,
                                                  with: #""metrics": ["ndcg@10"], "subgroups": ["user:agee", "item:genre"]"#)
        do {
            _ = try Self.run(text, in: dir)
            Issue.record("ran with subgroups on missing attributes")
        } catch let list as SpecErrorList {
            #expect(list.errors.map(\.path) == ["evaluation.subgroups[0]", "evaluation.subgroups[1]"], "\(list)")
            #expect(list.errors[0].fix == "did you mean 'age'?", "\(list)")
            #expect(list.errors[1].message.contains("no item attribute 'genre'"), "\(list)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("results/exits").path))
    }

    @Test func attributeSubgroupsAreOrderedBinnedAndMultiValued() throws {
        let dir = try Fixtures.temporaryDirectory("exits-subgroup-kinds")
        let ok = Self.spec.replacingOccurrences(of: #""max_items": 1"#, with: #""max_items": 1000"#)
        // Binning a categorical attribute whose levels are words is an error before any trial.
        let words = ok.replacingOccurrences(of: #""metrics": ["ndcg@10"]"#, with: #""metrics": ["ndcg@10"], "subgroups": ["user:gender/bins=2"]"#)
        let binnedWords = Self.specErrors { _ = try Self.run(words, in: dir) }
        #expect(binnedWords.map(\.path) == ["evaluation.subgroups[0]"] && binnedWords.first?.message.contains("are not numbers") == true)
        let text = ok.replacingOccurrences(of: #""metrics": ["ndcg@10"]"#,
                                           with: #""metrics": ["ndcg@10"], "subgroups": ["user:age/edges=30,50", "item:genres", "user:region"]"#)
        let folder = try Self.run(text, in: dir)
        let summary = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8)
        let lines = summary.split(separator: "\n").map(String.init)
        // Fixed edges, in order; a multi-valued attribute with each genre and the note that says an
        // item counts in each; a categorical one with its levels sorted.
        let ages = try #require(lines.firstIndex { $0.hasPrefix("## Subgroups: user:age/edges=30,50") })
        #expect(lines[ages + 1] == "| model | <30 | [30, 50) | ≥50 |", "\(lines[ages + 1])")
        let genres = try #require(lines.first { $0.hasPrefix("## Subgroups: item:genres") })
        #expect(genres.contains("an item counts in each of its groups"))
        let regions = try #require(lines.firstIndex { $0.hasPrefix("## Subgroups: user:region") })
        let header = lines[regions + 1].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.dropFirst()
        #expect(Array(header) == header.sorted() && header.count > 1, "\(header)")
        // Spec syntax errors name the fix.
        let bad = ok.replacingOccurrences(of: #""metrics": ["ndcg@10"]"#, with: #""metrics": ["ndcg@10"], "subgroups": ["user:age/bins=1", "user:age/edges=50,30"]"#)
        let badBinning = Self.specErrors { _ = try ExperimentSpec.parse(data: Data(bad.utf8), context: ExperimentRunner.specContext) }
        #expect(badBinning.map(\.path) == ["evaluation.subgroups[0]", "evaluation.subgroups[1]"])
        #expect(badBinning.first?.fix?.contains("'user:age/bins=n'") == true)
    }

    /// The spec errors `body` throws (none when it throws nothing or something else).
    static func specErrors(_ body: () throws -> Void) -> [SpecError] {
        do { try body() } catch let list as SpecErrorList { return list.errors } catch {}
        return []
    }

    @Test func aDataErrorLeavesNoRunFolder() throws {
        let dir = try Fixtures.temporaryDirectory("exits-data")
        let csv = try Fixtures.write("1,10,4\n2,11,nan\n", to: "ratings.csv", in: dir)
        let text = """
            {"name": "bad-data", "dataset": {"source": "\(csv.path)", "delimited": {"delimiter": ",", "user": 0, "item": 1, "rating": 2}},
             "models": [{"type": "popularity"}], "evaluation": {"metrics": ["ndcg@10"]}}
            """
        do {
            _ = try Self.run(text, in: dir)
            Issue.record("a NaN rating was accepted")
        } catch let error as DataError {
            #expect("\(error)".contains("ratings.csv:2"), "\(error)")
            #expect("\(error)".contains("rating \"nan\" is not a finite number"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("results/bad-data").path))
    }
}
