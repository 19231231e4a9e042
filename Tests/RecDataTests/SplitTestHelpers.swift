import RecCore
import RecTestSupport
import Testing
@testable import RecData

/// Train, validation and test together are the input, as multisets of (user, item, timestamp, rating);
/// since the parts are taken from one table this also shows they are disjoint as row sets.
func expectPartition(_ split: DataSplit, of data: Dataset, sourceLocation: SourceLocation = #_sourceLocation) {
    let parts = SplitFixtures.rows(split.train) + SplitFixtures.rows(split.validation) + SplitFixtures.rows(split.test)
    #expect(parts.sorted() == SplitFixtures.multiset(data.interactions), sourceLocation: sourceLocation)
    #expect(split.train.count + split.validation.count + split.test.count == data.interactions.count,
            sourceLocation: sourceLocation)
}

/// Per-user counts of a table.
func countsByUser(_ t: InteractionTable, users: Int) -> [Int] {
    var c = [Int](repeating: 0, count: users)
    for u in t.users { c[Int(u)] += 1 }
    return c
}

/// Per-user timestamps of a table.
func timesByUser(_ t: InteractionTable, users: Int) -> [[Int64]] {
    var out = [[Int64]](repeating: [], count: users)
    for k in 0..<t.count { out[Int(t.users[k])].append(t.timestamps![k]) }
    return out
}
