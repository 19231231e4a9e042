import Foundation
import RecData
@testable import RecSpec
import Testing

/// docs/spec.md shows the split methods and the dataset sections' keys as their declarations say.
@Suite struct SpecCatalogTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs")

    /// Checks (or with RECLAB_WRITE_DOCS=1 rewrites) one page's generated blocks.
    func check(_ page: String, blocks: [String]) throws {
        let url = Self.docs.appendingPathComponent(page)
        let doc = try String(contentsOf: url, encoding: .utf8)
        let updated = SpecCatalog.updating(doc)
        if updated != doc, ProcessInfo.processInfo.environment["RECLAB_WRITE_DOCS"] == "1" {
            try updated.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(SpecCatalog.blocks(in: doc) == blocks)
        #expect(doc == updated, "regenerate \(page) with: RECLAB_WRITE_DOCS=1 swift test --filter SpecCatalogTests")
    }

    @Test func docsSpecShowsTheDeclaredTables() throws {
        try check("spec.md", blocks: SpecCatalog.tables.map(\.name))
    }

    @Test func docsProfilesShowsTheDeclaredSettings() throws {
        try check("profiles.md", blocks: SpecCatalog.profileTables.map(\.name))
    }

    @Test func everySplitMethodIsListedOnceWithItsKeys() {
        let names = SplitMethods.all.map { $0.methodName }
        #expect(names == ["random_ratio", "user_ratio", "temporal", "user_temporal", "leave_one_out", "kfold",
                          "user_cold_start", "user_cold_start_kfold", "item_cold_start", "predefined"])
        #expect(SpecCatalog.typeText(KFoldSplitter.parameters[1].kind, KFoldSplitter.parameters[1].bounds) == "integer in [0, 999] or `all`")
        #expect(SpecCatalog.typeText(RandomRatioSplitter.parameters[0].kind, RandomRatioSplitter.parameters[0].bounds)
                == "list of numbers in [0, 1]")
        #expect(SpecCatalog.typeText(UserTemporalSplitter.parameters[1].kind, UserTemporalSplitter.parameters[1].bounds)
                == "number in (0, 1) or null")
    }
}
