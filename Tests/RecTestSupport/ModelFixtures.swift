import RecCore
import RecData

/// A block-structured ("checkerboard") interaction matrix whose right answers are known: users in
/// group g interact with the items of group g and, optionally, rate a few items of the other group
/// low. Some in-block items are held out per user; every sensible model must rank them above the
/// other group's items the user has not seen.
///
/// ```swift
/// let board = Checkerboard(usersPerGroup: 20, itemsPerGroup: 15, heldOutPerUser: 2)
/// ```
public struct Checkerboard: Sendable {
    /// Users and items (ids `u0…`, `i0…`); its interactions are the training table.
    public let dataset: Dataset
    /// Training interactions (implicit, or ratings 5 in-block / 1 out-of-block when `explicit`).
    public let train: InteractionTable
    /// Held-out in-block items of each user.
    public let heldOut: [[Int32]]
    /// Items of the other group the user has not interacted with (the comparison set).
    public let outOfBlock: [[Int32]]

    public var userCount: Int { dataset.userCount }
    public var itemCount: Int { dataset.itemCount }

    /// Two user groups × two item groups. `lowRatingsPerUser` > 0 makes the data explicit: in-block
    /// ratings 5, that many out-of-block ratings 1 per user.
    public init(usersPerGroup: Int = 20, itemsPerGroup: Int = 15, heldOutPerUser: Int = 2,
                lowRatingsPerUser: Int = 0, seed: UInt64 = 7) {
        var rng = SeededGenerator(seed: seed)
        let nUsers = 2 * usersPerGroup, nItems = 2 * itemsPerGroup
        var us: [Int32] = [], its: [Int32] = [], rs: [Float] = []
        var held: [[Int32]] = [], other: [[Int32]] = []
        for u in 0..<nUsers {
            let g = u / usersPerGroup
            let block = (0..<itemsPerGroup).map { Int32(g * itemsPerGroup + $0) }
            let away = (0..<itemsPerGroup).map { Int32((1 - g) * itemsPerGroup + $0) }
            let perm = rng.permutation(itemsPerGroup)
            let h = Set(perm.prefix(heldOutPerUser).map { block[$0] })
            for i in block where !h.contains(i) { us.append(Int32(u)); its.append(i); rs.append(5) }
            let awayPerm = rng.permutation(itemsPerGroup)
            let low = Set(awayPerm.prefix(lowRatingsPerUser).map { away[$0] })
            for i in away where low.contains(i) { us.append(Int32(u)); its.append(i); rs.append(1) }
            held.append(h.sorted())
            other.append(away.filter { !low.contains($0) })
        }
        train = InteractionTable(users: us, items: its, ratings: lowRatingsPerUser > 0 ? rs : nil)
        dataset = Dataset(name: "checkerboard", users: IndexMap((0..<nUsers).map { "u\($0)" }),
                          items: IndexMap((0..<nItems).map { "i\($0)" }), interactions: train)
        heldOut = held; outOfBlock = other
    }

    /// Fraction of users for whom every held-out item scores strictly above every unseen
    /// out-of-block item; `scores` is users × items (all users, all items).
    public func blockRecovery(_ scores: DenseMatrix) -> Double {
        var ok = 0
        for u in 0..<userCount {
            let worstHeld = heldOut[u].map { scores[u, Int($0)] }.min() ?? .infinity
            let bestAway = outOfBlock[u].map { scores[u, Int($0)] }.max() ?? -.infinity
            if worstHeld > bestAway { ok += 1 }
        }
        return Double(ok) / Double(userCount)
    }

    /// Area under the ROC curve of held-out in-block items against unseen out-of-block items,
    /// averaged over users (ties count one half).
    public func auc(_ scores: DenseMatrix) -> Double {
        var total = 0.0
        for u in 0..<userCount {
            var wins = 0.0, pairs = 0.0
            for h in heldOut[u] {
                for a in outOfBlock[u] {
                    let sh = scores[u, Int(h)], sa = scores[u, Int(a)]
                    wins += sh > sa ? 1 : (sh == sa ? 0.5 : 0); pairs += 1
                }
            }
            total += pairs > 0 ? wins / pairs : 1
        }
        return total / Double(userCount)
    }
}

/// The shared model conformance check, independent of the model protocol (this target sits below
/// RecModels): a model is given as closures that build-and-fit it and that save/load it.
public enum ModelConformance {
    /// One fitted model as seen by the check.
    public struct Fitted {
        /// Scores of the given users against all items.
        public let score: ([Int32]) -> DenseMatrix
        /// Saves the model, loads it into a fresh instance, and returns that instance's scorer.
        public let roundTrip: () throws -> ([Int32]) -> DenseMatrix
        public init(score: @escaping ([Int32]) -> DenseMatrix, roundTrip: @escaping () throws -> ([Int32]) -> DenseMatrix) {
            self.score = score; self.roundTrip = roundTrip
        }
    }

    /// Runs the checks and returns failure messages (empty when the model conforms):
    /// block recovery ≥ `minRecovery` on `board`; two fits with the same seed give identical scores;
    /// save → load gives identical scores; scores are finite and users × items shaped.
    public static func check(_ name: String, board: Checkerboard, minRecovery: Double = 0.8,
                             fit: () throws -> Fitted) throws -> [String] {
        var failures: [String] = []
        let users = (0..<Int32(board.userCount)).map { $0 }
        let first = try fit(), second = try fit()
        let s1 = first.score(users), s2 = second.score(users)
        if s1.rows != board.userCount || s1.cols != board.itemCount {
            failures.append("\(name): scores are \(s1.rows) × \(s1.cols), expected \(board.userCount) × \(board.itemCount)")
            return failures
        }
        if !s1.storage.allSatisfy({ $0.isFinite }) { failures.append("\(name): non-finite scores") }
        let recovery = board.blockRecovery(s1)
        if recovery < minRecovery { failures.append("\(name): block recovery \(recovery) < \(minRecovery)") }
        if s1 != s2 { failures.append("\(name): same seed gave different scores") }
        let restored = try first.roundTrip()(users)
        if restored != s1 { failures.append("\(name): save → load changed the scores") }
        return failures
    }
}
