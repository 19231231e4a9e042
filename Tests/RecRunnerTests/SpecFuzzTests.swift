import Foundation
import RecCore
import RecSpec
import Testing
@testable import RecRunner

/// Seeded mutants of every shipped spec through the real spec reader: none may crash or hang, and
/// each mutant is either a valid spec or errors that each name a JSON path or a line and column.
@Suite struct SpecFuzzTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var shipped: [String] {
        let dir = root.appendingPathComponent("experiments")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            .compactMap { try? String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }
    }

    /// Values that probe bounds, kinds and sizes.
    static let probes = ["-1", "0", "1e308", "-1e308", "9223372036854775807", "18446744073709551616", "1.5", "null", "true",
                         "\"\"", "\"x\"", "[]", "{}", "[[1]]", "{\"a\": 1}", "\"" + String(repeating: "a", count: 5000) + "\"",
                         "1e-320", "\"\\u0000\"", "\"ndcg@0\"", "\"ndcg@99999999999\""]

    /// One mutant of `text`: a character deleted, inserted or replaced, a number or string value
    /// replaced by a probe, or a cut.
    static func mutant(_ text: String, rng: inout SeededGenerator) -> String {
        var chars = Array(text)
        guard !chars.isEmpty else { return text }
        switch rng.nextInt(below: 5) {
        case 0:
            chars.remove(at: rng.nextInt(below: chars.count))
        case 1:
            let pool = Array("{}[],:\"0123456789-eE.tfn \\")
            chars.insert(pool[rng.nextInt(below: pool.count)], at: rng.nextInt(below: chars.count))
        case 2:
            chars = Array(chars.prefix(rng.nextInt(below: chars.count)))
        default:
            // Replace one value (what follows a ':' up to the next ',' or '}') with a probe.
            let colons = chars.indices.filter { chars[$0] == ":" }
            guard let c = colons.isEmpty ? nil : colons[rng.nextInt(below: colons.count)] else { return text }
            var end = c + 1
            var depth = 0
            while end < chars.count {
                let ch = chars[end]
                if ch == "[" || ch == "{" { depth += 1 }
                if ch == "]" || ch == "}" { if depth == 0 { break }; depth -= 1 }
                if ch == "," && depth == 0 { break }
                end += 1
            }
            chars.replaceSubrange((c + 1)..<end, with: Array(" " + probes[rng.nextInt(below: probes.count)]))
        }
        return String(chars)
    }

    @Test func mutantsOfTheShippedSpecsNeverCrashAndAlwaysLocateTheirErrors() throws {
        var context = ExperimentRunner.specContext
        context.checkPaths = false
        var rng = SeededGenerator(seed: 20261207)
        let specs = Self.shipped
        #expect(specs.count >= 5)
        var valid = 0, invalid = 0
        for i in 0..<400 {
            var text = specs[i % specs.count]
            for _ in 0...rng.nextInt(below: 3) { text = Self.mutant(text, rng: &rng) }
            let start = Date()
            do {
                let spec = try ExperimentSpec.parse(data: Data(text.utf8), source: "mutant \(i)", context: context)
                _ = try? spec.trials()
                _ = spec.planDescription()
                valid += 1
            } catch let list as SpecErrorList {
                invalid += 1
                #expect(!list.errors.isEmpty, "mutant \(i): an empty error list")
                for e in list.errors {
                    #expect(!e.path.isEmpty || e.line != nil, "mutant \(i): an error with neither path nor position: \(e)")
                    #expect(e.description.count < 2_000, "mutant \(i): an error of \(e.description.count) characters")
                }
            }
            #expect(Date().timeIntervalSince(start) < 5, "mutant \(i) took \(Date().timeIntervalSince(start)) s")
        }
        #expect(valid > 10 && invalid > 100, "valid \(valid), invalid \(invalid)")
    }
}

/// A spec with megabyte-long strings is planned in linear time and memory, with short errors.
@Suite struct HugeValueTests {
    @Test func megabyteStringsAreRejectedQuicklyAndQuotedShort() throws {
        let huge = String(repeating: "b", count: 4_000_000)
        let text = """
            {"name": "\(huge)", "dataset": {"source": "synthetic"}, "models": [{"type": "\(huge)", "name": "x"}],
             "evaluation": {"metrics": ["\(huge)"]}, "\(huge)": 1}
            """
        let start = Date()
        do {
            _ = try ExperimentSpec.parse(data: Data(text.utf8), context: ExperimentRunner.specContext)
            Issue.record("accepted")
        } catch let list as SpecErrorList {
            #expect(list.errors.count >= 3)
            #expect(list.description.count < 4_000, "\(list.description.count) characters")
        }
        #expect(Date().timeIntervalSince(start) < 20, "\(Date().timeIntervalSince(start)) s")
    }
}
