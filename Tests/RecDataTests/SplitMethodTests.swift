import RecCore
import RecTestSupport
import Testing
@testable import RecData

@Suite struct SplitMethodTests {
    static let valid: [SplitMethod] = [
        .randomRatio(train: 0.8, validation: 0.1, test: 0.1), .userRatio(train: 0.7, validation: 0, test: 0.3),
        .temporal(train: 0.8, validation: 0.1, test: 0.1), .userTemporal(lastN: 1, lastFraction: nil, validation: true),
        .userTemporal(lastN: nil, lastFraction: 0.2, validation: false), .leaveOneOut(latest: true, validation: false),
        .kFold(folds: 5, fold: 4, validationFraction: 0.1), .userColdStart(validationFraction: 0, testFraction: 0.2),
        .itemColdStart(validationFraction: 0.1, testFraction: 0.1),
        .userColdStartKFold(folds: 5, fold: 2, validationFraction: 0.1),
    ]

    static let invalid: [SplitMethod] = [
        .randomRatio(train: 0.8, validation: 0.1, test: 0.2),      // sums to 1.1
        .userRatio(train: 1.1, validation: -0.1, test: 0),         // negative
        .temporal(train: 0, validation: 0.5, test: 0.5),           // nothing to train on
        .randomRatio(train: .nan, validation: 0, test: 1),
        .userTemporal(lastN: nil, lastFraction: nil, validation: false),
        .userTemporal(lastN: 2, lastFraction: 0.1, validation: false),
        .userTemporal(lastN: 0, lastFraction: nil, validation: false),
        .userTemporal(lastN: nil, lastFraction: 1, validation: false),
        .kFold(folds: 1, fold: 0, validationFraction: 0),
        .kFold(folds: 5, fold: 5, validationFraction: 0),
        .kFold(folds: 5, fold: -1, validationFraction: 0),
        .kFold(folds: 5, fold: 0, validationFraction: 1),
        .userColdStart(validationFraction: -0.1, testFraction: 0.2),
        .itemColdStart(validationFraction: 0, testFraction: 1),
        .itemColdStart(validationFraction: 0.5, testFraction: 0.5),
        .userColdStartKFold(folds: 1, fold: 0, validationFraction: 0),
        .userColdStartKFold(folds: 5, fold: 5, validationFraction: 0),
        .userColdStartKFold(folds: 5, fold: 0, validationFraction: -0.1),
    ]

    @Test(arguments: valid) func validMethodsBuildAndPartition(_ method: SplitMethod) throws {
        try method.validate()
        let data = SplitFixtures.grid()
        let split = try method.makeSplitter().split(data, seed: 1)
        expectPartition(split, of: data)
        #expect(split.test.count > 0)
    }

    @Test(arguments: invalid) func impossibleValuesAreRejected(_ method: SplitMethod) {
        #expect {
            try method.validate()
        } throws: { error in
            if case .invalidOption = error as? DataError { return true }
            return false
        }
        #expect(throws: DataError.self) { try method.makeSplitter() }
    }

    @Test func ratiosWithinToleranceAreAccepted() throws {
        try SplitMethod.randomRatio(train: 0.7, validation: 0.2, test: 0.1 + 5e-7).validate()
    }

    @Test func splittersRejectInvalidOptionsToo() {
        #expect(throws: DataError.self) {
            try RandomRatioSplitter(train: 0.5, validation: 0, test: 0.4).split(SplitFixtures.grid(), seed: 0)
        }
    }

    @Test func predefinedPointsToTheLoader() {
        #expect {
            try SplitMethod.predefined.makeSplitter()
        } throws: { error in
            (error as? DataError)?.description.contains("PredefinedSplitLoader") ?? false
        }
    }

    @Test func makeSplitterPicksTheMatchingType() throws {
        #expect(try SplitMethod.kFold(folds: 3, fold: 1, validationFraction: 0).makeSplitter() is KFoldSplitter)
        #expect(try SplitMethod.itemColdStart(validationFraction: 0, testFraction: 0.1).makeSplitter()
                is ItemColdStartSplitter)
        #expect(try SplitMethod.leaveOneOut(latest: false, validation: true).makeSplitter() is LeaveOneOutSplitter)
    }

    @Test func cacheDescriptionsNameEveryOption() throws {
        let descriptions = try Self.valid.map { try $0.makeSplitter().cacheDescription }
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
