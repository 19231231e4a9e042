import Foundation
import RecCore
import RecTestSupport
import Testing
@testable import RecData

/// `UserColdStartKFoldSplitter`: k-fold cross-validation over users, each fold a user cold-start split.
@Suite struct SplitUserColdStartKFoldTests {
    /// 24 users: user `u` ≠ 11 has `1 + (7u mod 5)` interactions (1 to 5) over 9 items; user 11 ("never")
    /// has none, so E = 23 users take part.
    static let data: Dataset = {
        var us = [Int32](), its = [Int32](), rs = [Float]()
        for u in 0..<24 where u != 11 {
            for j in 0..<(1 + (7 * u) % 5) {
                us.append(Int32(u)); its.append(Int32((u + j) % 9)); rs.append(Float(1 + (u + j) % 5))
            }
        }
        return Dataset(name: "users23", users: IndexMap((0..<24).map { $0 == 11 ? "never" : "u\($0)" }),
                       items: IndexMap((0..<9).map { "i\($0)" }),
                       interactions: InteractionTable(users: us, items: its, ratings: rs))
    }()

    static func split(fold: Int, validation: Double = 0.3, seed: UInt64 = 4) throws -> DataSplit {
        try UserColdStartKFoldSplitter(folds: 5, fold: fold, validationFraction: validation).split(data, seed: seed)
    }

    @Test func testUsersOfTheFoldsPartitionTheUsers() throws {
        var seen = [Int32: Int]()
        var sizes = [Int]()
        for f in 0..<5 {
            let s = try Self.split(fold: f)
            expectPartition(s, of: Self.data)
            let test = Set(s.test.users)
            sizes.append(test.count)
            for u in test { seen[u, default: 0] += 1 }
        }
        // Blocks f·23/5 ..< (f+1)·23/5: 0..<4, 4..<9, 9..<13, 13..<18, 18..<23.
        #expect(sizes == [4, 5, 4, 5, 5])
        #expect(Set(seen.keys) == Set((0..<24).filter { $0 != 11 }.map { Int32($0) }))
        #expect(seen.values.allSatisfy { $0 == 1 })
    }

    @Test func heldOutUsersHaveNoTrainingRowsAndValidationIsTheRoundedShare() throws {
        // Non-test users R = 19, 18, 19, 18, 18; 0.3 · R = 5.7, 5.4, … rounds half up to 6, 5, 6, 5, 5.
        var validationSizes = [Int]()
        for f in 0..<5 {
            let s = try Self.split(fold: f)
            let train = Set(s.train.users), valid = Set(s.validation.users), test = Set(s.test.users)
            #expect(train.isDisjoint(with: test) && train.isDisjoint(with: valid) && valid.isDisjoint(with: test))
            #expect(train.count + valid.count + test.count == 23)
            #expect(!train.contains(11) && !valid.contains(11) && !test.contains(11))
            validationSizes.append(valid.count)
        }
        #expect(validationSizes == [6, 5, 6, 5, 5])
        #expect(try Set(Self.split(fold: 2, validation: 0).validation.users).isEmpty)
    }

    @Test func theSeedDecidesTheSplit() throws {
        #expect(try Self.split(fold: 1) == Self.split(fold: 1))
        #expect(try Self.split(fold: 1) != Self.split(fold: 1, seed: 5))
        // The validation draw is its own stream: the test users do not depend on the validation fraction.
        #expect(try Set(Self.split(fold: 3, validation: 0).test.users) == Set(Self.split(fold: 3).test.users))
    }

    @Test func impossibleOptionsAndDataAreRejected() throws {
        for m in [UserColdStartKFoldSplitter(folds: 1, fold: 0, validationFraction: 0),
                  UserColdStartKFoldSplitter(folds: 5, fold: 7, validationFraction: 0),
                  UserColdStartKFoldSplitter(folds: 5, fold: -1, validationFraction: 0),
                  UserColdStartKFoldSplitter(folds: 5, fold: 0, validationFraction: 1)] {
            #expect(throws: DataError.self) { try m.requireValid() }
        }
        try UserColdStartKFoldSplitter(folds: 5, fold: 2, validationFraction: 0.1).requireValid()
        let two = SplitFixtures.pairs([("a", "1"), ("b", "1"), ("a", "2")])
        // 2 users, 3 folds: a fold would have no test user.
        #expect(throws: DataError.self) {
            try UserColdStartKFoldSplitter(folds: 3, fold: 0, validationFraction: 0).split(two, seed: 0)
        }
        // 2 folds leave 1 non-test user; a validation share of 0.5 rounds to 1 and would leave none to train.
        #expect {
            try UserColdStartKFoldSplitter(folds: 2, fold: 0, validationFraction: 0.5).split(two, seed: 0)
        } throws: { error in
            (error as? DataError)?.description.contains("user_cold_start_kfold.validation_fraction") ?? false
        }
        let ok = try UserColdStartKFoldSplitter(folds: 2, fold: 0, validationFraction: 0.4).split(two, seed: 0)
        #expect(Set(ok.test.users).count == 1 && Set(ok.train.users).count == 1 && ok.validation.count == 0)
    }

    @Test func cacheDescriptionNamesEveryOption() {
        let d = UserColdStartKFoldSplitter(folds: 5, fold: 2, validationFraction: 0.1).cacheDescription
        #expect(d == "user_cold_start_kfold(folds=5,fold=2,validationFraction=0.1)")
        #expect(d != UserColdStartKFoldSplitter(folds: 5, fold: 3, validationFraction: 0.1).cacheDescription)
        #expect(d != KFoldSplitter(folds: 5, fold: 2, validationFraction: 0.1).cacheDescription)
    }

    @Test func methodSurvivesItsSpecValues() throws {
        let m = UserColdStartKFoldSplitter(folds: 5, fold: 3, validationFraction: 0.1)
        #expect(try UserColdStartKFoldSplitter.decode(m.values) == m)
    }

    static let ml100k = LoaderFixtures.packageRoot(from: #filePath).appendingPathComponent("datasets/ml-100k")
    static let ml100kPresent = FileManager.default.fileExists(atPath: ml100k.appendingPathComponent("ml-100k.inter").path)

    /// 943 users in 5 folds: blocks f·943/5 give 188, 189, 188, 189, 189 test users; the 755 or 754 other
    /// users give 0.1 · 755 = 75.5 → 76 and 0.1 · 754 = 75.4 → 75 validation users.
    @Test(.enabled(if: ml100kPresent, "datasets/ml-100k/ml-100k.inter is not present"))
    func ml100KFoldsHaveTheExpectedUserCounts() throws {
        let data = try AtomicFileLoader(folder: Self.ml100k.path).load()
        var testUsers = [Int](), validationUsers = [Int](), testRows = 0
        var all = Set<Int32>()
        for f in 0..<5 {
            let s = try UserColdStartKFoldSplitter(folds: 5, fold: f, validationFraction: 0.1).split(data, seed: 0)
            let test = Set(s.test.users)
            testUsers.append(test.count); validationUsers.append(Set(s.validation.users).count)
            testRows += s.test.count
            all.formUnion(test)
            #expect(Set(s.train.users).isDisjoint(with: test))
        }
        #expect(testUsers == [188, 189, 188, 189, 189])
        #expect(validationUsers == [76, 75, 76, 75, 75])
        #expect(all.count == 943 && testRows == 100_000)
    }
}
