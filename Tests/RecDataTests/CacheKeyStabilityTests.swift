import Foundation
import RecTestSupport
import Testing
@testable import RecData

/// Cache keys are SHA-256 over the source bytes and the text of every option, so any change to that
/// text silently rebuilds every cache entry (and moves results keyed by it). These keys were computed
/// before the split and loader options became declared configurations; they must never change.
@Suite struct CacheKeyStabilityTests {
    /// A fixed file in a fresh folder: the key hashes its name and bytes, not its folder.
    func file(_ name: String, _ text: String) throws -> String {
        try LoaderFixtures.write(Array(text.utf8), to: name, in: Fixtures.temporaryDirectory())
    }

    @Test func delimitedAndPredefinedKeysAreUnchanged() throws {
        let csv = try file("ratings.csv", "u,i,r,t\n1,10,4,100\n2,10,3,200\n2,11,5,300\n")
        let layout = DelimitedOptions(delimiter: ",", hasHeader: true, user: "u", item: "i", rating: 2, timestamp: "t",
                                      encoding: .latin1, commentPrefix: "#")
        let pipeline = DataPipeline()
        let keys = try [
            pipeline.cacheKey(for: DataRequest(source: .path(csv, format: .delimited(layout)))),
            pipeline.cacheKey(for: DataRequest(source: .path(csv, format: .delimited(DelimitedOptions())))),
            pipeline.cacheKey(for: DataRequest(source: .predefined(train: csv, validation: nil, test: csv, options: layout))),
            pipeline.cacheKey(for: DataRequest(source: .predefined(train: csv, validation: csv, test: csv,
                                                                    options: DelimitedOptions(delimiter: "\t", rating: 2)))),
            pipeline.cacheKey(for: DataRequest(source: .synthetic(SyntheticOptions(users: 50, items: 40, interactions: 300, seed: 0)))),
        ]
        #expect(keys == ["7781e9e7c16af564b571cdcbeedb5311", "21fc48bea4b1cd7cecb9effb8ee5ed49", "d25068e6098c339f3ce8d4711dc3cb19",
                         "c3ea15adaccc6f7baeceda2b875c68dd", "106eaa43854577adfea4b17ec8315f52"])
    }
}
