import Foundation
import RecConfig
import RecProfiles
import Testing
@testable import RecSpec

/// The `profiles` section is read into RecProfiles' declared `ProfileConfig`: resolved with every
/// setting, and every mistake an error at its JSON path (never a setting silently dropped).
@Suite struct ProfilesSectionTests {
    @Test func absentSectionBuildsNoneAndResolvesAsEmpty() throws {
        let s = try parse(spec([:]))
        #expect(s.profiles == ProfilesSpec())
        #expect(s.resolved.object?["profiles"] == .object([:]))
    }

    @Test func eachSideTakesItsOwnDefaultsAndResolvesInFull() throws {
        let s = try parse(spec(["profiles": #"{"users": {}, "items": {"cold_indicator": false}}"#]))
        #expect(s.profiles.users == .defaults(for: .users))
        var items = ProfileConfig.defaults(for: .items)
        items.coldIndicator = false
        #expect(s.profiles.items == items && s.profiles.items?.entity == .items)
        guard case .object(let section)? = s.resolved.object?["profiles"], case .object(let users)? = section["users"] else {
            Issue.record("profiles not resolved"); return
        }
        #expect(Set(users.keys) == Set(ProfileConfig.parameters.map(\.name)))
        #expect(users["normalisation"] == .string("z_score"))
        // The resolved spec reads back as the same spec.
        let again = try ExperimentSpec.parse(data: s.resolvedJSON(), context: TestRegistry.context)
        #expect(again.profiles == s.profiles && again.fingerprint == s.fingerprint)
    }

    @Test func planShowsEachSide() throws {
        let plan = try parse(spec(["profiles": #"{"users": {"normalisation": "min_max", "dynamic": ["activity"]}}"#])).planDescription()
        #expect(plan.contains("profiles    users: attributes age, gender, occupation, zip_code_region, zip_region, region; dynamic activity; min_max, is_cold column"),
                "\(plan)")
        #expect(!plan.contains("items:"))
    }

    @Test func misspeltSettingIsAnErrorWithItsFix() {
        let e = errors(spec(["profiles": #"{"users": {"normalization": "min_max"}}"#]))
        #expect(e.count == 1)
        #expect(e.first?.path == "profiles.users.normalization")
        #expect(e.first?.fix == "did you mean 'normalisation'?")
        #expect(errors(spec(["profiles": #"{"user": {}}"#])).first?.fix == "did you mean 'users'?")
    }

    @Test func valuesAreCheckedAtTheirPath() {
        let cases: [(String, String)] = [
            (#"{"users": {"normalisation": "l2"}}"#, "profiles.users.normalisation"),
            (#"{"users": {"recency_unit_seconds": 0}}"#, "profiles.users.recency_unit_seconds"),
            (#"{"users": {"dynamic": ["activity", "activty"]}}"#, "profiles.users.dynamic[1]"),
            (#"{"users": {"dynamic": ["activity", "activity"]}}"#, "profiles.users.dynamic[1]"),
            (#"{"items": {"dynamic": ["popularity", "diversity"]}}"#, "profiles.items.dynamic[1]"),
            (#"{"users": {"attributes": [{"attribute": "age", "encoding": "buckets", "edges": [50, 25]}]}}"#, "profiles.users.attributes[0]"),
            (#"{"users": {"attributes": [{"encoding": "one_hot"}]}}"#, "profiles.users.attributes[0]"),
            (#"{"users": {"attributes": [{"attribute": "zip", "prefix_lenght": 2}]}}"#, "profiles.users.attributes[0].prefix_lenght"),
            (#"{"users": {"attributes": [{"attribute": "zip", "prefix_length": 0}]}}"#, "profiles.users.attributes[0].prefix_length"),
            (#"{"users": {"attributes": "age"}}"#, "profiles.users.attributes"),
        ]
        for (section, path) in cases {
            let e = errors(spec(["profiles": section]))
            #expect(e.count == 1, "\(section): \(e)")
            #expect(e.first?.path == path, "\(section): \(e)")
            #expect(e.first?.line != nil, "\(section)")
        }
    }
}

extension JSONValue {
    var object: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }
}

/// Counts a spec gives are bounded by what can run.
@Suite struct RunnableBoundsTests {
    @Test func threadCountsBeyondWhatRunsAreRejectedAtTheirPath() {
        for (key, value) in [("blas_threads", "2147483648"), ("trials", "100000")] {
            let e = errors(spec(["parallelism": "{\"\(key)\": \(value)}"]))
            #expect(e.first?.path == "parallelism.\(key)", "\(e)")
        }
        #expect(errors(spec(["parallelism": #"{"trials": 2, "blas_threads": 2}"#])).isEmpty)
    }

    @Test func syntheticUsersBeyondWhatRunsAreRejected() {
        let e = errors(spec(["dataset": #"{"source": "synthetic", "synthetic": {"users": 1e15}}"#]))
        #expect(e.first?.path == "dataset.synthetic.users", "\(e)")
    }
}

/// Names that become folders and files are checked up front, not when the first file is written.
@Suite struct NameTests {
    @Test func overlongNamesAreSpecErrorsQuotedShort() {
        let long = String(repeating: "a", count: 300)
        let e = errors(spec(["name": "\"\(long)\""]))
        #expect(e.first?.path == "name", "\(e)")
        #expect(e.first?.message.contains("(300 characters)") == true && (e.first?.message.count ?? 999) < 200, "\(e)")
        let m = errors(spec(["models": "[{\"type\": \"popularity\", \"name\": \"\(long)\"}]"]))
        #expect(m.first?.path == "models[0].name", "\(m)")
        #expect(errors(spec(["name": "\"\(String(repeating: "a", count: 100))\""])).isEmpty)
    }
}
