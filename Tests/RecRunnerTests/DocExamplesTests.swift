import Foundation
import RecSpec
import Testing
@testable import RecRunner

/// Every JSON example in README.md and docs/ is read by the real spec reader and planned, so a
/// renamed key cannot leave an example that fails: a whole spec as it is, a `"key": value` member
/// inside a minimal spec, a model entry (an object with a "type") as the spec's only model.
@Suite struct DocExamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// (file, index, JSON text) of every fenced `json` block.
    static var examples: [(String, Int, String)] {
        let files = ["README.md", "datasets/README.md"] + ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? [])
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        var out: [(String, Int, String)] = []
        for file in files {
            guard let text = try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8) else { continue }
            for (i, part) in text.components(separatedBy: "```json\n").dropFirst().enumerated() {
                if let end = part.range(of: "```") { out.append((file, i, String(part[..<end.lowerBound]))) }
            }
        }
        return out
    }

    /// The example as a whole spec.
    static func spec(_ json: String) -> String {
        let t = json.trimmingCharacters(in: .whitespacesAndNewlines)
        let base = #""name": "doc-example", "dataset": {"source": "synthetic"}, "split": {"method": "user_ratio", "ratios": [0.8, 0.1, 0.1]}, "evaluation": {"metrics": ["ndcg@10"]}"#
        if t.hasPrefix("\"") { return "{\(base), \"models\": [{\"type\": \"popularity\"}], \(t)}" }
        if t.contains("\"type\""), !t.contains("\"models\"") { return "{\(base), \"models\": [\(t)]}" }
        return t
    }

    @Test func thereAreExamplesToCheck() { #expect(Self.examples.count >= 3) }

    @Test func everyJSONExampleParsesAndPlans() throws {
        var context = ExperimentRunner.specContext
        context.checkPaths = false
        for (file, index, json) in Self.examples {
            do {
                let spec = try ExperimentSpec.parse(data: Data(Self.spec(json).utf8), source: "\(file) example \(index + 1)", context: context)
                #expect(!(try spec.trials()).isEmpty, "\(file) example \(index + 1) plans no trial")
                #expect(!spec.planDescription().isEmpty)
            } catch {
                Issue.record("\(file) example \(index + 1): \(error)")
            }
        }
    }

    /// The full example at the top of docs/spec.md expands as the text says: popularity once per
    /// seed, 20 random biased-MF configurations per seed.
    @Test func theFullSpecExampleExpandsAsDescribed() throws {
        let (_, _, json) = try #require(Self.examples.first { $0.0 == "docs/spec.md" && $0.1 == 0 })
        var context = ExperimentRunner.specContext
        context.checkPaths = false
        let trials = try ExperimentSpec.parse(data: Data(json.utf8), context: context).trials()
        #expect(trials.filter { $0.modelName == "pop" }.count == 1)   // deterministic: once, not per seed
        #expect(trials.filter { $0.modelName == "mf" }.count == 60)
    }
}
