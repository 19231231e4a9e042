import RecCore
import RecData
import Testing
@testable import RecProfiles

/// Two profile matrices hold exactly the same numbers (NaN matches NaN) and statistics.
func identical(_ a: ProfileMatrix, _ b: ProfileMatrix) -> Bool {
    a.featureNames == b.featureNames && a.groups == b.groups && a.ids == b.ids
        && sameValues(a.raw.storage, b.raw.storage, tolerance: 0) && a.values == b.values
        && a.normaliser == b.normaliser && a.statistics == b.statistics && a.referenceTime == b.referenceTime
        && a.trainingFingerprint == b.trainingFingerprint
}

/// Profiles see training interactions only: whatever validation and test hold, they do not change.
@Suite struct ProfileLeakageTests {
    @Test func changingValidationAndTestChangesNoProfileValue() throws {
        let base = ProfileFixture.dataset()
        // Other ratings, later timestamps (which would move recency's reference), more rows, and
        // interactions for the cold user u4 and for every item.
        let validation = InteractionTable(users: [0, 2, 3, 3], items: [3, 1, 0, 4], ratings: [5, 1, 2, 3],
                                          timestamps: [9_000, 9_100, 9_200, 9_300])
        let test = InteractionTable(users: [3, 1, 0, 2], items: [2, 2, 4, 3], ratings: [1, 5, 4, 2],
                                    timestamps: [10_000, 10_100, 10_200, 10_300])
        let changed = ProfileFixture.dataset(validation: validation, test: test)
        #expect(base.interactions != changed.interactions)
        for config in [ProfileFixture.userConfig(), ProfileFixture.itemConfig(),
                       ProfileConfig.defaults(for: .users), ProfileConfig.defaults(for: .items)] {
            let a = try ProfileBuilder(config).build(dataset: base, training: ProfileFixture.train)
            let b = try ProfileBuilder(config).build(dataset: changed, training: ProfileFixture.train)
            #expect(identical(a, b), "\(config.entity) profiles changed with validation/test data")
            // Control: the comparison does see a change when held-out rows enter the training table.
            let leaked = try ProfileBuilder(config).build(dataset: base, training: ProfileFixture.train.appending(validation))
            #expect(!identical(a, leaked))
        }
    }

    /// The same on generated data split by RecData's per-user splitter: rewriting every held-out
    /// interaction of the dataset (ratings and times) leaves users' and items' profiles unchanged.
    @Test func heldOutInteractionsOfASplitDoNotReachProfiles() throws {
        let data = SyntheticGenerator(.small).generate()
        let split = try UserRatioSplitter(train: 0.6, validation: 0.2, test: 0.2).split(data, seed: 7)
        var heldOut = split.validation.appending(split.test)
        heldOut.ratings = heldOut.ratings.map { $0.map { 6 - $0 } }
        heldOut.timestamps = heldOut.timestamps.map { $0.map { $0 + 1_000_000_000 } }
        var changed = data
        changed.interactions = split.train.appending(heldOut)
        for entity in ProfileEntity.allCases {
            let a = try ProfileBuilder(.defaults(for: entity)).build(dataset: data, training: split.train)
            let b = try ProfileBuilder(.defaults(for: entity)).build(dataset: changed, training: split.train)
            #expect(identical(a, b))
            #expect(a.values.storage.allSatisfy { $0.isFinite })
        }
    }
}
