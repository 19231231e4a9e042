import RecCore

extension Preprocessor {
    /// The working state of one preprocessing run: the input table, a removal mark per row and the
    /// (possibly averaged) ratings. Steps only mark rows; the output table is gathered once at the end.
    struct State {
        let table: InteractionTable
        let userCount: Int, itemCount: Int
        /// 0 = row survives, 1 = removed.
        var removed: [UInt8]
        /// Number of surviving rows.
        var alive: Int
        /// Ratings column, rewritten by the `mean` duplicate policy.
        var ratings: [Float]?

        init(table: InteractionTable, userCount: Int, itemCount: Int) {
            self.table = table
            self.userCount = max(userCount, (table.users.max().map { Int($0) + 1 }) ?? 0)
            self.itemCount = max(itemCount, (table.items.max().map { Int($0) + 1 }) ?? 0)
            removed = [UInt8](repeating: 0, count: table.count)
            alive = table.count
            ratings = table.ratings
        }

        /// Surviving rows per user.
        func userCounts() -> [Int] { counts(table.users, userCount) }
        /// Surviving rows per item.
        func itemCounts() -> [Int] { counts(table.items, itemCount) }

        private func counts(_ keys: [Int32], _ size: Int) -> [Int] {
            var c = [Int](repeating: 0, count: size)
            keys.withUnsafeBufferPointer { k in
                removed.withUnsafeBufferPointer { r in
                    c.withUnsafeMutableBufferPointer { c in
                        for p in 0..<k.count where r[p] == 0 { c[Int(k[p])] += 1 }
                    }
                }
            }
            return c
        }

        /// Counts surviving rows per user and per item once, then removes every row whose user count is
        /// below `user` or whose item count is below `item`. Returns how many rows were removed.
        mutating func removeBelow(user minUser: Int, item minItem: Int) -> Int {
            let uc = userCounts(), ic = itemCounts()
            var dropped = 0
            let users = table.users, items = table.items
            removed.withUnsafeMutableBufferPointer { r in
                for p in 0..<r.count where r[p] == 0 {
                    if uc[Int(users[p])] < minUser || ic[Int(items[p])] < minItem { r[p] = 1; dropped += 1 }
                }
            }
            alive -= dropped
            return dropped
        }

        /// The surviving rows, in table order; without the rating column when `implicit`.
        func survivingTable(implicit: Bool) -> InteractionTable {
            let g = { (col: [Int32]) in SplitSupport.gather(col, removed, 0, alive) }
            return InteractionTable(users: g(table.users), items: g(table.items),
                                    ratings: implicit ? nil : ratings.map { SplitSupport.gather($0, removed, 0, alive) },
                                    timestamps: table.timestamps.map { SplitSupport.gather($0, removed, 0, alive) })
        }
    }
}
