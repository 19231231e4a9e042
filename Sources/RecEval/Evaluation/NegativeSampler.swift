import RecCore
import RecData

/// Draws, once, the negative candidates for sampled evaluation (e.g. "rank the test item among 100
/// random items", He et al., 2017). For each user with test interactions, `negativesPerUser` distinct
/// items uniformly at random among those the user has in neither train nor test (all of them when
/// fewer remain). Each user's draws come from their own stream `SeededGenerator.derived(seed:, stream: user)`,
/// so the result depends only on the seed and the data, never on threads or user order.
///
/// The result is a users × items CSR (values 1, ascending items per row) that the runner stores and
/// shares across models so every model ranks the same candidates.
///
/// ```swift
/// let negs = NegativeSampler.sample(train: trainCSR, test: split.test, itemCount: 1682,
///                                   negativesPerUser: 100, seed: 7)
/// let ev = Evaluator(train: trainCSR, test: split.test, negatives: negs)
/// ```
public enum NegativeSampler {
    /// Samples negatives; `train` is users × items.
    public static func sample(train: CSRMatrix, test: InteractionTable, itemCount: Int,
                              negativesPerUser: Int, seed: UInt64) -> CSRMatrix {
        precondition(negativesPerUser >= 0)
        let userCount = train.rows
        let testItems = test.positionsByUser(userCount: userCount).map { ps in Set(ps.map { test.items[$0] }) }
        var rows = [[Int32]](repeating: [], count: userCount)
        rows.withUnsafeMutableBufferPointer { out in
            let w = SharedPointer(out)
            Parallelism.forEachChunk(count: userCount, minChunk: 64) { range in
                for u in range where !testItems[u].isEmpty {
                    w.write(sampleUser(u, train: train, testItems: testItems[u], itemCount: itemCount,
                                       count: negativesPerUser, seed: seed), at: u)
                }
            }
        }
        var indptr = [0], indices: [Int32] = []
        for r in rows { indices.append(contentsOf: r); indptr.append(indices.count) }
        return CSRMatrix(rows: userCount, cols: itemCount, indptr: indptr, indices: indices,
                         values: [Float](repeating: 1, count: indices.count))
    }

    static func sampleUser(_ u: Int, train: CSRMatrix, testItems: Set<Int32>, itemCount: Int,
                           count: Int, seed: UInt64) -> [Int32] {
        var rng = SeededGenerator.derived(seed: seed, stream: UInt64(u))
        let seen = train.row(u).indices
        func forbidden(_ i: Int32) -> Bool {
            testItems.contains(i) || train.value(row: u, col: Int(i)) != nil
        }
        let available = itemCount - seen.count - testItems.filter { train.value(row: u, col: Int($0)) == nil }.count
        if available <= 0 || count == 0 { return [] }
        if count * 2 >= available {
            // Dense case: shuffle the allowed items and keep a prefix (rejection would stall).
            var pool = (0..<itemCount).map(Int32.init).filter { !forbidden($0) }
            rng.shuffle(&pool)
            return pool.prefix(count).sorted()
        }
        // Sparse case: rejection sampling; expected tries < 2 per draw.
        var drawn = Set<Int32>()
        while drawn.count < count {
            let i = Int32(rng.nextInt(below: itemCount))
            if !forbidden(i) { drawn.insert(i) }
        }
        return drawn.sorted()
    }
}
