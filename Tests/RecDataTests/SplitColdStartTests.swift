import RecCore
import RecTestSupport
import Testing
@testable import RecData

@Suite struct SplitColdStartTests {
    let grid = SplitFixtures.grid()   // 10 users × 10 interactions over 20 items

    @Test func userColdStartHoldsOutWholeUsers() throws {
        let split = try UserColdStartSplitter(validationFraction: 0.1, testFraction: 0.2).split(grid, seed: 8)
        #expect(split.test.count == 20 && split.validation.count == 10 && split.train.count == 70)
        expectPartition(split, of: grid)
        let train = Set(split.train.users), valid = Set(split.validation.users), test = Set(split.test.users)
        #expect(test.count == 2 && valid.count == 1 && train.count == 7)
        #expect(train.isDisjoint(with: test) && train.isDisjoint(with: valid) && valid.isDisjoint(with: test))
        #expect(try UserColdStartSplitter(validationFraction: 0.1, testFraction: 0.2).split(grid, seed: 8) == split)
        #expect(try UserColdStartSplitter(validationFraction: 0.1, testFraction: 0.2).split(grid, seed: 9) != split)
    }

    @Test func itemColdStartHoldsOutWholeItems() throws {
        let split = try ItemColdStartSplitter(validationFraction: 0.1, testFraction: 0.2).split(grid, seed: 8)
        expectPartition(split, of: grid)
        let train = Set(split.train.items), valid = Set(split.validation.items), test = Set(split.test.items)
        #expect(test.count == 4 && valid.count == 2 && train.count == 14)
        #expect(train.isDisjoint(with: test) && train.isDisjoint(with: valid) && valid.isDisjoint(with: test))
        #expect(try ItemColdStartSplitter(validationFraction: 0.1, testFraction: 0.2).split(grid, seed: 1) != split)
    }

    @Test func coldStartIgnoresEntitiesWithoutInteractionsAndKeepsOneForTraining() throws {
        var data = SplitFixtures.pairs([("a", "1"), ("b", "1")])
        data.users.insert("never-seen")
        // E = 2 users with rows; 0.6 of 2 rounds to 1 test user, the validation share is capped at 0.
        let split = try UserColdStartSplitter(validationFraction: 0.35, testFraction: 0.6).split(data, seed: 0)
        #expect(split.test.count == 1 && split.validation.count == 0 && split.train.count == 1)
    }
}
