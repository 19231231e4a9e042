import RecCore
import RecTestSupport
import Testing
@testable import RecData

@Suite struct SplitMethodTests {
    static let valid: [any SplitMethod] = [
        RandomRatioSplitter(train: 0.8, validation: 0.1, test: 0.1), UserRatioSplitter(train: 0.7, validation: 0, test: 0.3),
        TemporalSplitter(train: 0.8, validation: 0.1, test: 0.1), UserTemporalSplitter(lastN: 1, lastFraction: nil, validation: true),
        UserTemporalSplitter(lastN: nil, lastFraction: 0.2, validation: false), LeaveOneOutSplitter(latest: true, validation: false),
        KFoldSplitter(folds: 5, fold: 4, validationFraction: 0.1), UserColdStartSplitter(validationFraction: 0, testFraction: 0.2),
        ItemColdStartSplitter(validationFraction: 0.1, testFraction: 0.1),
        UserColdStartKFoldSplitter(folds: 5, fold: 2, validationFraction: 0.1),
    ]

    static let invalid: [any SplitMethod] = [
        RandomRatioSplitter(train: 0.8, validation: 0.1, test: 0.2),      // sums to 1.1
        UserRatioSplitter(train: 1.1, validation: -0.1, test: 0),         // negative
        TemporalSplitter(train: 0, validation: 0.5, test: 0.5),           // nothing to train on
        RandomRatioSplitter(train: Double.nan, validation: 0, test: 1),
        UserTemporalSplitter(lastN: nil, lastFraction: nil, validation: false),
        UserTemporalSplitter(lastN: 2, lastFraction: 0.1, validation: false),
        UserTemporalSplitter(lastN: 0, lastFraction: nil, validation: false),
        UserTemporalSplitter(lastN: nil, lastFraction: 1, validation: false),
        KFoldSplitter(folds: 1, fold: 0, validationFraction: 0),
        KFoldSplitter(folds: 5, fold: 5, validationFraction: 0),
        KFoldSplitter(folds: 5, fold: -1, validationFraction: 0),
        KFoldSplitter(folds: 5, fold: 0, validationFraction: 1),
        UserColdStartSplitter(validationFraction: -0.1, testFraction: 0.2),
        ItemColdStartSplitter(validationFraction: 0, testFraction: 1),
        ItemColdStartSplitter(validationFraction: 0.5, testFraction: 0.5),
        UserColdStartKFoldSplitter(folds: 1, fold: 0, validationFraction: 0),
        UserColdStartKFoldSplitter(folds: 5, fold: 5, validationFraction: 0),
        UserColdStartKFoldSplitter(folds: 5, fold: 0, validationFraction: -0.1),
    ]

    @Test(arguments: valid) func validMethodsBuildAndPartition(_ method: any SplitMethod) throws {
        try method.requireValid()
        let data = SplitFixtures.grid()
        let split = try method.split(data, seed: 1)
        expectPartition(split, of: data)
        #expect(split.test.count > 0)
    }

    @Test(arguments: invalid) func impossibleValuesAreRejected(_ method: any SplitMethod) {
        #expect {
            try method.requireValid()
        } throws: { error in
            if case .invalidOption = error as? DataError { return true }
            return false
        }
        #expect(throws: DataError.self) { try method.split(SplitFixtures.grid(), seed: 0) }
    }

    @Test func ratiosWithinToleranceAreAccepted() throws {
        try RandomRatioSplitter(train: 0.7, validation: 0.2, test: 0.1 + 5e-7).requireValid()
    }

    @Test func splittersRejectInvalidOptionsToo() {
        #expect(throws: DataError.self) {
            try RandomRatioSplitter(train: 0.5, validation: 0, test: 0.4).split(SplitFixtures.grid(), seed: 0)
        }
    }

    @Test func predefinedPointsToTheLoader() {
        #expect {
            try PredefinedSplit().split(SplitFixtures.grid(), seed: 0)
        } throws: { error in
            (error as? DataError)?.description.contains("PredefinedSplitLoader") ?? false
        }
    }

    @Test func specNamesPickTheMatchingType() throws {
        #expect(SplitMethods.named("kfold").map(ObjectIdentifier.init) == ObjectIdentifier(KFoldSplitter.self))
        #expect(SplitMethods.named("item_cold_start").map(ObjectIdentifier.init) == ObjectIdentifier(ItemColdStartSplitter.self))
        #expect(SplitMethods.named("leave_one_out").map(ObjectIdentifier.init) == ObjectIdentifier(LeaveOneOutSplitter.self))
        #expect(SplitMethods.named("k_fold") == nil)
    }

    @Test func cacheDescriptionsNameEveryOption() throws {
        let descriptions = Self.valid.map(\.cacheDescription)
        #expect(Set(descriptions).count == descriptions.count)
        #expect(descriptions[0] == "random_ratio(train=0.8,validation=0.1,test=0.1)")
        #expect(descriptions[3] == "user_temporal(lastN=1,lastFraction=none,validation=true)")
        #expect(descriptions[6] == "k_fold(folds=5,fold=4,validationFraction=0.1)")
        // Changing any single option changes the description.
        let variants: [any Splitter] = [
            KFoldSplitter(folds: 5, fold: 3, validationFraction: 0.1), KFoldSplitter(folds: 6, fold: 4, validationFraction: 0.1),
            KFoldSplitter(folds: 5, fold: 4, validationFraction: 0.2),
            LeaveOneOutSplitter(latest: true, validation: true), LeaveOneOutSplitter(latest: false, validation: false),
            UserColdStartSplitter(validationFraction: 0.1, testFraction: 0.2),
            ItemColdStartSplitter(validationFraction: 0, testFraction: 0.2),
        ]
        for v in variants { #expect(!descriptions.contains(v.cacheDescription)) }
    }

    @Test func emptyDataIsAnError() {
        let empty = Dataset(name: "none", users: IndexMap(), items: IndexMap(),
                            interactions: InteractionTable(users: [], items: []))
        #expect(throws: DataError.self) {
            try RandomRatioSplitter(train: 1, validation: 0, test: 0).split(empty, seed: 0)
        }
    }
}
