import RecCore
import RecTestSupport
import Testing
@testable import RecData

@Suite struct SplitRandomTests {
    let grid = SplitFixtures.grid()   // 10 users × 10 interactions

    @Test func randomRatioHasExactSizesAndPartitions() throws {
        let split = try RandomRatioSplitter(train: 0.8, validation: 0.1, test: 0.1).split(grid, seed: 1)
        #expect(split.train.count == 80 && split.validation.count == 10 && split.test.count == 10)
        expectPartition(split, of: grid)
    }

    @Test func randomRatioIsSeeded() throws {
        let s = RandomRatioSplitter(train: 0.7, validation: 0.1, test: 0.2)
        #expect(try s.split(grid, seed: 5) == s.split(grid, seed: 5))
        #expect(try s.split(grid, seed: 5) != s.split(grid, seed: 6))
    }

    @Test func randomRatioRoundsHalfUp() throws {
        // 10 × 0.35 is 3.4999999999999996 in binary; it counts as 3.5 and rounds to 4.
        let data = SplitFixtures.grid(users: 1, perUser: 10)
        let split = try RandomRatioSplitter(train: 0.3, validation: 0.35, test: 0.35).split(data, seed: 0)
        #expect(split.test.count == 4 && split.validation.count == 4 && split.train.count == 2)
    }

    @Test func userRatioGivesEachUserTheirShare() throws {
        let split = try UserRatioSplitter(train: 0.8, validation: 0.1, test: 0.1).split(grid, seed: 2)
        #expect(countsByUser(split.train, users: 10) == Array(repeating: 8, count: 10))
        #expect(countsByUser(split.validation, users: 10) == Array(repeating: 1, count: 10))
        #expect(countsByUser(split.test, users: 10) == Array(repeating: 1, count: 10))
        expectPartition(split, of: grid)
        #expect(try UserRatioSplitter(train: 0.8, validation: 0.1, test: 0.1).split(grid, seed: 2) == split)
        #expect(try UserRatioSplitter(train: 0.8, validation: 0.1, test: 0.1).split(grid, seed: 3) != split)
    }

    @Test func userRatioKeepsTrainAndTestForSmallUsers() throws {
        let s = UserRatioSplitter(train: 0.8, validation: 0.1, test: 0.1)
        // m = 1: all train; m = 2: 0.2 rounds to 0 but test is raised to 1, validation capped at 0.
        #expect(s.heldOutCounts(forUserWith: 1) == (0, 0))
        #expect(s.heldOutCounts(forUserWith: 2) == (0, 1))
        #expect(s.heldOutCounts(forUserWith: 3) == (0, 1))
        #expect(s.heldOutCounts(forUserWith: 5) == (1, 1))   // 0.5 rounds up
        let wide = UserRatioSplitter(train: 0.2, validation: 0.4, test: 0.4)
        #expect(wide.heldOutCounts(forUserWith: 2) == (0, 1))   // test 0.8 → 1, validation capped at 0
        #expect(wide.heldOutCounts(forUserWith: 3) == (1, 1))   // test 1.2 → 1, validation 1.2 → 1, train 1
        #expect(wide.heldOutCounts(forUserWith: 10) == (4, 4))

        let data = SplitFixtures.pairs([("a", "1"), ("b", "1"), ("b", "2"), ("c", "1"), ("c", "2"), ("c", "3")])
        for seed: UInt64 in 0..<20 {
            let split = try wide.split(data, seed: seed)
            #expect(countsByUser(split.train, users: 3) == [1, 1, 1])
            #expect(countsByUser(split.validation, users: 3) == [0, 0, 1])
            #expect(countsByUser(split.test, users: 3) == [0, 1, 1])
            expectPartition(split, of: data)
        }
    }

    @Test func kFoldTestsPartitionTheInteractions() throws {
        var tests: [SplitFixtures.Row] = []
        for f in 0..<5 {
            let split = try KFoldSplitter(folds: 5, fold: f, validationFraction: 0).split(grid, seed: 9)
            #expect(split.test.count == 20 && split.train.count == 80 && split.validation.count == 0)
            expectPartition(split, of: grid)
            tests += SplitFixtures.rows(split.test)
        }
        #expect(tests.sorted() == SplitFixtures.multiset(grid.interactions))
    }

    @Test func kFoldFoldSizesDifferByAtMostOne() throws {
        let data = SplitFixtures.grid(users: 1, perUser: 13)
        let sizes = try (0..<4).map { try KFoldSplitter(folds: 4, fold: $0, validationFraction: 0).split(data, seed: 1).test.count }
        #expect(sizes == [3, 3, 3, 4])
    }

    @Test func kFoldValidationComesFromTheRest() throws {
        let split = try KFoldSplitter(folds: 5, fold: 2, validationFraction: 0.25).split(grid, seed: 4)
        #expect(split.test.count == 20 && split.validation.count == 20 && split.train.count == 60)
        expectPartition(split, of: grid)
        // The test fold is the same whether or not validation is drawn.
        let plain = try KFoldSplitter(folds: 5, fold: 2, validationFraction: 0).split(grid, seed: 4)
        #expect(plain.test == split.test)
    }
}
