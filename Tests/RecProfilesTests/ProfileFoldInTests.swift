import Foundation
import RecCore
import RecData
import Testing
@testable import RecProfiles

/// Fold-in updates rows from sufficient statistics; its raw features equal a full rebuild on the
/// training table with the new interactions appended.
@Suite struct ProfileFoldInTests {
    /// The fixture with a fifth user u5 (F, 60, zip 94110).
    static func datasetWithU5() -> Dataset {
        var d = ProfileFixture.dataset()
        d.users = IndexMap(["u1", "u2", "u3", "u4", "u5"])
        var users = AttributeTable()
        users.append("age", .numeric([24, 53, .nan, 31, 60]))
        users.append("gender", .categorical(codes: [1, 0, 1, -1, 0], levels: ["F", "M"]))
        users.append("zip", .categorical(codes: [0, 1, 2, 3, 4], levels: ["85711", "94043", "32067", "T8H1N", "94110"]))
        d.userAttributes = users
        return d
    }

    @Test func foldInEqualsRebuildOnTheUnion() throws {
        let config = ProfileFixture.userConfig()
        var profiles = try ProfileBuilder(config).build(dataset: ProfileFixture.dataset(), training: ProfileFixture.train)
        let fitted = profiles.normaliser
        // u1 (warm), u4 (cold until now), and a brand-new u5; t = 700 moves recency's reference from 400.
        #expect(try profiles.foldIn(user: "u1", interactions: [ProfileInteraction(item: 3, rating: 1, timestamp: 500)]) == 0)
        #expect(try profiles.foldIn(user: "u4", interactions: [ProfileInteraction(item: 2, rating: 5, timestamp: 700)]) == 3)
        let u5 = try profiles.foldIn(user: "u5", interactions: [ProfileInteraction(item: 1, rating: 3, timestamp: 650),
                                                                ProfileInteraction(item: 4, rating: 4, timestamp: 300)],
                                     attributes: ["age": .number(60), "gender": .category("F"), "zip": .category("94110")])
        #expect(u5 == 4 && profiles.rowCount == 5 && profiles.row(of: "u5") == 4 && profiles.foldedInteractions == 4)

        let union = ProfileFixture.train.appending(InteractionTable(
            users: [0, 3, 4, 4], items: [3, 2, 1, 4], ratings: [1, 5, 3, 4], timestamps: [500, 700, 650, 300]))
        let rebuilt = try ProfileBuilder(config).build(dataset: Self.datasetWithU5(), training: union)
        #expect(profiles.featureNames == rebuilt.featureNames)
        for r in 0..<5 { #expect(sameValues(profiles.raw.rowArray(r), rebuilt.raw.rowArray(r)), "row \(r)") }
        #expect(profiles.statistics == rebuilt.statistics && profiles.referenceTime == 700)
        // Hand check of u5: F, 60 → bucket >=50, region 9; i2 (Drama) 3 and i5 (none) 4; last at 650.
        expectRow(profiles.raw.rowArray(4)[0..<11], [0, 0, 1, 1, 0, 0, 0, 1, 0, 60, 0])
        expectRow(profiles.raw.rowArray(4)[11..<20], [0, 0, 0.5, log(3.0), 3.5, 0.25, 0.5, 0, 0])
        // Normalisation stays the fitted one, applied to every updated row.
        #expect(profiles.normaliser == fitted)
        for r in 0..<5 { #expect(sameValues(profiles.values.rowArray(r), fitted.apply(profiles.raw.row(r)), tolerance: 0)) }
        #expect(!profiles.isCold(3) && profiles.values[3, 19] == 0)
    }

    @Test func foldingATableEqualsRebuildForUsersAndItems() throws {
        let data = ProfileFixture.dataset()
        for config in [ProfileFixture.userConfig(), ProfileFixture.itemConfig()] {
            var profiles = try ProfileBuilder(config).build(dataset: data, training: ProfileFixture.train)
            try profiles.foldIn(ProfileFixture.validation)
            let rebuilt = try ProfileBuilder(config).build(dataset: data, training: ProfileFixture.train.appending(ProfileFixture.validation))
            #expect(sameValues(profiles.raw.storage, rebuilt.raw.storage), "\(config.entity)")
        }
        var items = try ProfileBuilder(ProfileFixture.itemConfig()).build(dataset: data, training: ProfileFixture.train)
        try items.foldIn(item: "i3", interactions: [ProfileInteraction(user: 3, rating: 5, timestamp: 700)])
        // i3: u1 5 @300 and u4 5 @700: ln 3, mean 5, recency 0 (it is now the latest).
        expectRow(items.raw.rowArray(2)[5..<9], [log(3.0), 5, 0, 0])
    }

    @Test func invalidFoldInChangesNothing() throws {
        var profiles = try ProfileBuilder(ProfileFixture.userConfig()).build(dataset: ProfileFixture.dataset(), training: ProfileFixture.train)
        let before = profiles
        #expect(throws: ProfileError.self) {
            try profiles.foldIn(user: "u1", interactions: [ProfileInteraction(item: 0, rating: 4, timestamp: 1), ProfileInteraction(item: 9, rating: 4, timestamp: 1)])
        }
        #expect(throws: ProfileError.self) { try profiles.foldIn(user: "u9", interactions: [ProfileInteraction(item: 0, timestamp: 1)]) }
        #expect(throws: ProfileError.self) { try profiles.foldIn(item: "i1", interactions: []) }
        #expect(throws: ProfileError.self) {
            try profiles.foldIn(InteractionTable(users: [0, 8], items: [0, 0], ratings: [1, 1], timestamps: [1, 1]))
        }
        #expect(identical(profiles, before) && profiles.rowCount == 4)
    }
}
