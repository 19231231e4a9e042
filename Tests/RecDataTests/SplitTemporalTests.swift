import RecCore
import RecTestSupport
import Testing
@testable import RecData

@Suite struct SplitTemporalTests {
    let grid = SplitFixtures.grid()   // 10 users × 10 interactions, distinct interleaved timestamps

    @Test func temporalCutRespectsTime() throws {
        let split = try TemporalSplitter(train: 0.8, validation: 0.1, test: 0.1).split(grid, seed: 0)
        #expect(split.train.count == 80 && split.validation.count == 10 && split.test.count == 10)
        expectPartition(split, of: grid)
        let train = split.train.timestamps!, valid = split.validation.timestamps!, test = split.test.timestamps!
        #expect(train.max()! <= valid.min()! && valid.max()! <= test.min()!)
        // Timestamps are 1000 + 100·slot + user: the last slot (t ≥ 1900) is exactly the test set.
        #expect(test.allSatisfy { $0 >= 1900 } && valid.allSatisfy { $0 >= 1800 && $0 < 1900 })
    }

    @Test func temporalTiesAreBrokenByPosition() throws {
        var data = SplitFixtures.grid(users: 2, perUser: 5)
        data.interactions.timestamps = Array(repeating: 7, count: 10)
        let split = try TemporalSplitter(train: 0.6, validation: 0.2, test: 0.2).split(data, seed: 0)
        let rows = SplitFixtures.rows(data.interactions)
        #expect(SplitFixtures.rows(split.train) == Array(rows[0..<6]))
        #expect(SplitFixtures.rows(split.validation) == Array(rows[6..<8]))
        #expect(SplitFixtures.rows(split.test) == Array(rows[8..<10]))
    }

    @Test func temporalHandlesNegativeAndWideTimestamps() throws {
        var data = SplitFixtures.grid(users: 1, perUser: 6)
        data.interactions.timestamps = [Int64.max, -5, Int64.min, 0, 1 << 40, -(1 << 50)]
        let split = try TemporalSplitter(train: 0.5, validation: 0, test: 0.5).split(data, seed: 0)
        #expect(split.test.timestamps!.sorted() == [0, 1 << 40, Int64.max])
    }

    @Test func timeSplitsNeedTimestamps() {
        let data = SplitFixtures.grid(timestamps: false)
        let splitters: [any Splitter] = [TemporalSplitter(train: 0.8, validation: 0.1, test: 0.1),
                                         UserTemporalSplitter(lastN: 1, lastFraction: nil, validation: false),
                                         LeaveOneOutSplitter(latest: true, validation: false)]
        for s in splitters {
            #expect(throws: DataError.self) { try s.split(data, seed: 0) }
        }
    }

    @Test func userTemporalHoldsOutEachUsersLatest() throws {
        let split = try UserTemporalSplitter(lastN: 2, lastFraction: nil, validation: true).split(grid, seed: 0)
        #expect(countsByUser(split.train, users: 10) == Array(repeating: 6, count: 10))
        #expect(countsByUser(split.validation, users: 10) == Array(repeating: 2, count: 10))
        #expect(countsByUser(split.test, users: 10) == Array(repeating: 2, count: 10))
        expectPartition(split, of: grid)
        let tr = timesByUser(split.train, users: 10), va = timesByUser(split.validation, users: 10)
        let te = timesByUser(split.test, users: 10)
        for u in 0..<10 {
            #expect(tr[u].max()! <= va[u].min()! && va[u].max()! <= te[u].min()!)
            #expect(Set(te[u]) == [1800 + Int64(u), 1900 + Int64(u)])
        }
    }

    @Test func userTemporalByFraction() throws {
        let s = UserTemporalSplitter(lastN: nil, lastFraction: 0.3, validation: false)
        #expect(s.heldOutCounts(forUserWith: 10) == (0, 3))
        #expect(s.heldOutCounts(forUserWith: 2) == (0, 1))   // 0.6 → 1
        #expect(s.heldOutCounts(forUserWith: 1) == (0, 0))
        #expect(UserTemporalSplitter(lastN: 4, lastFraction: nil, validation: true).heldOutCounts(forUserWith: 6)
                == (1, 4))   // validation capped so one row trains
        let split = try s.split(grid, seed: 0)
        #expect(countsByUser(split.test, users: 10) == Array(repeating: 3, count: 10))
        #expect(split.validation.count == 0)
    }

    @Test func leaveOneOutLatestTakesTheLastTwo() throws {
        let split = try LeaveOneOutSplitter(latest: true, validation: true).split(grid, seed: 0)
        #expect(split.test.count == 10 && split.validation.count == 10 && split.train.count == 80)
        expectPartition(split, of: grid)
        for k in 0..<10 {
            let u = Int64(split.test.users[k])
            #expect(split.test.timestamps![k] == 1900 + u)
        }
        for k in 0..<10 { #expect(split.validation.timestamps![k] == 1800 + Int64(split.validation.users[k])) }
    }

    @Test func leaveOneOutLatestBreaksTiesByPosition() throws {
        let data = SplitFixtures.dataset([("a", "1", nil, 5), ("a", "2", nil, 9), ("a", "3", nil, 9), ("a", "4", nil, 1)])
        let split = try LeaveOneOutSplitter(latest: true, validation: true).split(data, seed: 0)
        #expect(SplitFixtures.idPairs(Dataset(name: "", users: data.users, items: data.items,
                                              interactions: split.test)) == ["a-3"])
        #expect(SplitFixtures.idPairs(Dataset(name: "", users: data.users, items: data.items,
                                              interactions: split.validation)) == ["a-2"])
    }

    @Test func leaveOneOutSkipsShortHistories() throws {
        // a: 1 row, b: 2 rows, c: 3 rows.
        let data = SplitFixtures.pairs([("a", "1"), ("b", "1"), ("b", "2"), ("c", "1"), ("c", "2"), ("c", "3")])
        let withValidation = try LeaveOneOutSplitter(latest: false, validation: true).split(data, seed: 3)
        #expect(countsByUser(withValidation.train, users: 3) == [1, 2, 1])
        #expect(countsByUser(withValidation.validation, users: 3) == [0, 0, 1])
        #expect(countsByUser(withValidation.test, users: 3) == [0, 0, 1])
        let plain = try LeaveOneOutSplitter(latest: false, validation: false).split(data, seed: 3)
        #expect(countsByUser(plain.test, users: 3) == [0, 1, 1])
        #expect(countsByUser(plain.train, users: 3) == [1, 1, 2])
    }

    @Test func leaveOneOutRandomIsSeeded() throws {
        let s = LeaveOneOutSplitter(latest: false, validation: true)
        let a = try s.split(grid, seed: 11)
        #expect(try s.split(grid, seed: 11) == a)
        #expect(try s.split(grid, seed: 12) != a)
        #expect(countsByUser(a.test, users: 10) == Array(repeating: 1, count: 10))
        expectPartition(a, of: grid)
    }
}
