import Foundation
import Testing
@testable import RecData

@Suite struct SyntheticOptionsTests {
    @Test func presetsHaveTheDocumentedSizes() throws {
        #expect(SyntheticOptions.small.users == 600 && SyntheticOptions.small.items == 400)
        #expect(SyntheticOptions.small.interactions == 20_000)
        #expect(SyntheticOptions.medium.interactions == 100_000)
        let big = SyntheticOptions.scaled(interactions: 16_000_000)
        #expect(big.users == 106_666 && big.items == 20_000 && big.interactions == 16_000_000)
        for o in [SyntheticOptions.small, .medium, big, .scaled(interactions: 1_000), .scaled(interactions: 100)] {
            try o.validate()
        }
    }

    @Test func jsonRoundTripKeepsEveryOption() throws {
        var o = SyntheticOptions.scaled(interactions: 50_000)
        o.seed = 9; o.kgSignal = 0.5; o.startTime = 1_000; o.zipfExponent = 0.8
        let back = try JSONDecoder().decode(SyntheticOptions.self, from: JSONEncoder().encode(o))
        #expect(back == o)
    }

    @Test func missingKeysComeFromTheScaledPreset() throws {
        let json = #"{"interactions": 1000000, "seed": 3}"#
        let o = try JSONDecoder().decode(SyntheticOptions.self, from: Data(json.utf8))
        var expected = SyntheticOptions.scaled(interactions: 1_000_000)
        expected.seed = 3
        #expect(o == expected)
        let empty = try JSONDecoder().decode(SyntheticOptions.self, from: Data("{}".utf8))
        #expect(empty == .small)
    }

    @Test func unknownKeysAreRejectedWithASuggestion() {
        let json = #"{"interactions": 1000, "zipfExponnent": 1.2}"#
        do {
            _ = try JSONDecoder().decode(SyntheticOptions.self, from: Data(json.utf8))
            Issue.record("decoding should have failed")
        } catch {
            #expect("\(error)".contains("did you mean 'zipfExponent'"))
        }
    }

    @Test func cacheDescriptionIsStableAndNamesEveryOption() {
        let a = SyntheticOptions.small
        #expect(a.cacheDescription == SyntheticOptions.small.cacheDescription)
        var b = a; b.ratingNoise = 0.61
        var c = a; c.seed = 1
        var d = a; d.kgLinkedFraction = 0.5
        #expect(Set([a.cacheDescription, b.cacheDescription, c.cacheDescription, d.cacheDescription]).count == 4)
        // One `key=value` field per option.
        let fields = a.cacheDescription.split(separator: ";").dropFirst()
        #expect(fields.count == SyntheticOptions.CodingKeys.allCases.count)
    }

    @Test func impossibleOptionsAreReportedByName() {
        var o = SyntheticOptions.small
        o.interactions = 100   // fewer than 600 users × 5
        #expect(throws: DataError.self) { try o.validate() }
        do { try o.validate() } catch let e as DataError {
            if case .invalidOption(let name, _) = e { #expect(name == "interactions") } else { Issue.record("\(e)") }
        } catch { Issue.record("\(error)") }
        var p = SyntheticOptions.small
        p.exploration = 1.5
        #expect(throws: DataError.self) { try p.validate() }
    }

    @Test func infeasibleTargetsAreClampedNotCrashed() {
        var o = SyntheticOptions(users: 10, items: 20, interactions: 10_000)   // cap is 10 × 10
        o.kgActorsPerItem = 0
        let data = SyntheticGenerator(o).generate()
        #expect(data.interactions.count == 100)
    }
}
