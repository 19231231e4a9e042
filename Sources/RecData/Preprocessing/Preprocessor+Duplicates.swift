import RecCore

extension Preprocessor {
    /// Resolves repeated (user, item) pairs by `policy` and returns how many rows it removed.
    ///
    /// Rows are grouped by two stable counting sorts (by item, then by user), which orders them by
    /// (user, item, position) in O(n); each run of equal pairs is one duplicate group. The row kept by
    /// `keep_last` and `mean` is the group's latest: largest timestamp, ties (and data without
    /// timestamps) broken towards the later row in the file.
    static func resolveDuplicates(_ state: inout State, policy: DuplicatePolicy, dataset: Dataset) throws -> Int {
        if policy == .keepAll { return 0 }
        let table = state.table
        let byItem = SplitSupport.group(by: table.items, keyCount: state.itemCount).order
        let order = SplitSupport.group(by: table.users, keyCount: state.userCount, sequence: byItem).order
        let users = table.users, items = table.items, timestamps = table.timestamps
        let n = order.count
        var removedCount = 0
        // For `error`: the duplicated pair that first occurs earliest in the file, and how many pairs repeat.
        var firstDuplicate: (position: Int, count: Int)? = nil
        var duplicatedPairs = 0
        var lo = 0
        while lo < n {
            let first = Int(order[lo])
            var hi = lo + 1
            while hi < n, users[Int(order[hi])] == users[first], items[Int(order[hi])] == items[first] { hi += 1 }
            defer { lo = hi }
            if hi - lo == 1 { continue }
            duplicatedPairs += 1
            if policy == .error {
                if firstDuplicate == nil || first < firstDuplicate!.position { firstDuplicate = (first, hi - lo) }
                continue
            }
            // Positions ascend within a group, so `>=` prefers the later row on equal timestamps.
            var latest = first
            if let ts = timestamps {
                for k in (lo + 1)..<hi where ts[Int(order[k])] >= ts[latest] { latest = Int(order[k]) }
            } else {
                latest = Int(order[hi - 1])
            }
            if policy == .mean, let r = state.ratings {
                var sum = 0.0
                for k in lo..<hi { sum += Double(r[Int(order[k])]) }
                state.ratings![latest] = Float(sum / Double(hi - lo))
            }
            for k in lo..<hi where Int(order[k]) != latest {
                state.removed[Int(order[k])] = 1
                removedCount += 1
            }
        }
        if let d = firstDuplicate {
            let u = dataset.users.id(at: users[d.position]), i = dataset.items.id(at: items[d.position])
            let others = duplicatedPairs - 1
            throw DataError.other("dataset '\(dataset.name)': duplicate interaction: user '\(u)' and item '\(i)' occur "
                + "\(d.count) times" + (others > 0 ? " (and \(others) more pairs repeat)" : "")
                + "; set duplicates to keep_last, mean or keep_all to accept repeats")
        }
        state.alive -= removedCount
        return removedCount
    }
}
