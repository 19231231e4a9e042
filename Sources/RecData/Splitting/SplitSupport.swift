import RecCore

// Shared machinery for the splitters. Every splitter decides, for each interaction row, one of three
// parts (an assignment array of bytes) and `SplitSupport.materialize` gathers the rows into the three
// tables in one pass per column, keeping table order. All work is O(n) or O(n log n) over flat
// `Int32` position arrays; no per-row allocation.

/// Internal helpers shared by the splitters (row assignment, grouping, time ordering, sampling).
enum SplitSupport {
    /// Part codes in an assignment array.
    static let train: UInt8 = 0
    static let validation: UInt8 = 1
    static let test: UInt8 = 2

    /// `Int32` positions are used throughout; a table beyond that size cannot be split in memory anyway.
    static func checkSize(_ table: InteractionTable, datasetName: String) throws {
        if table.count == 0 {
            throw DataError.emptyResult(detail: "dataset '\(datasetName)' has no interactions to split")
        }
        if table.count >= Int(Int32.max) {
            throw DataError.invalidOption(name: "split",
                                          detail: "\(table.count) interactions exceed the 2^31 − 1 rows a split supports")
        }
    }

    /// Throws a clear error when a time-based split meets data without timestamps.
    static func requireTimestamps(_ dataset: Dataset, method: String) throws -> [Int64] {
        guard let ts = dataset.interactions.timestamps else {
            throw DataError.invalidOption(
                name: "split",
                detail: "\(method) needs timestamps, but dataset '\(dataset.name)' has none; "
                    + "use a random split (random_ratio, user_ratio, leave_one_out with latest=false)")
        }
        return ts
    }

    /// `x` rounded half up, with a 1e-9 tolerance so that, for example, 10 × 0.35 (3.4999999999999996
    /// in binary floating point) counts as 3.5 and rounds to 4.
    @inline(__always)
    static func roundHalfUp(_ x: Double) -> Int { Int((x + 0.5 + 1e-9).rounded(.down)) }

    /// Number of rows out of `n` for `fraction`, rounded half up and clamped to `0...n`.
    @inline(__always)
    static func share(of n: Int, _ fraction: Double) -> Int { min(n, max(0, roundHalfUp(Double(n) * fraction))) }

    /// Gathers the rows of `table` into train / validation / test by `assignment` (one part code per
    /// row), preserving table order within each part.
    static func materialize(_ table: InteractionTable, assignment: [UInt8]) -> DataSplit {
        precondition(assignment.count == table.count)
        var counts = [0, 0, 0]
        assignment.withUnsafeBufferPointer { a in for p in a { counts[Int(p)] += 1 } }
        func part(_ code: UInt8) -> InteractionTable {
            let c = counts[Int(code)]
            return InteractionTable(users: gather(table.users, assignment, code, c),
                                    items: gather(table.items, assignment, code, c),
                                    ratings: table.ratings.map { gather($0, assignment, code, c) },
                                    timestamps: table.timestamps.map { gather($0, assignment, code, c) })
        }
        return DataSplit(train: part(train), validation: part(validation), test: part(test))
    }

    /// The elements of `column` whose assignment is `code` (exactly `count` of them), in order.
    static func gather<T>(_ column: [T], _ assignment: [UInt8], _ code: UInt8, _ count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { out, initialized in
            var w = 0
            column.withUnsafeBufferPointer { col in
                assignment.withUnsafeBufferPointer { a in
                    for k in 0..<a.count where a[k] == code {
                        out.initializeElement(at: w, to: col[k])
                        w += 1
                    }
                }
            }
            initialized = w
        }
    }

    /// Stable counting sort of positions by an `Int32` key (user or item index).
    ///
    /// Returns `start` (`keyCount + 1` offsets) and `order`, such that `order[start[k]..<start[k+1]]`
    /// are the positions with key `k`, in the order they have in `sequence` (table order when nil).
    static func group(by keys: [Int32], keyCount: Int, sequence: [Int32]? = nil) -> (start: [Int], order: [Int32]) {
        let n = keys.count
        let buckets = max(keyCount, (keys.max().map { Int($0) + 1 }) ?? 0)
        var start = [Int](repeating: 0, count: buckets + 1)
        var order = [Int32](repeating: 0, count: n)
        keys.withUnsafeBufferPointer { key in
            start.withUnsafeMutableBufferPointer { s in
                for k in key { s[Int(k) + 1] += 1 }
                for b in 0..<buckets { s[b + 1] += s[b] }
                var next = Array(s[0..<buckets])
                order.withUnsafeMutableBufferPointer { o in
                    next.withUnsafeMutableBufferPointer { nx in
                        if let seq = sequence {
                            seq.withUnsafeBufferPointer { q in
                                for p in q {
                                    let b = Int(key[Int(p)])
                                    o[nx[b]] = p; nx[b] += 1
                                }
                            }
                        } else {
                            for p in 0..<n {
                                let b = Int(key[p])
                                o[nx[b]] = Int32(truncatingIfNeeded: p); nx[b] += 1
                            }
                        }
                    }
                }
            }
        }
        return (start, order)
    }

    /// Positions `0..<n` ordered by `(timestamp, position)`: a stable least-significant-digit radix sort
    /// on 16-bit digits of `timestamp − min`, so O(n) per digit and typically two digits (a 2^32-second
    /// range is 136 years).
    static func orderByTime(_ timestamps: [Int64]) -> [Int32] {
        let n = timestamps.count
        var order = (0..<Int32(truncatingIfNeeded: n)).map { $0 }
        guard n > 1, let lo = timestamps.min(), let hi = timestamps.max(), lo != hi else { return order }
        let range = UInt64(bitPattern: hi &- lo)
        let keys = timestamps.map { UInt64(bitPattern: $0 &- lo) }
        var scratch = [Int32](repeating: 0, count: n)
        var shift: UInt64 = 0
        var counts = [Int](repeating: 0, count: 65_537)
        while shift < 64 && (range >> shift) != 0 {
            counts.withUnsafeMutableBufferPointer { c in
                for b in 0..<c.count { c[b] = 0 }
                keys.withUnsafeBufferPointer { key in
                    order.withUnsafeBufferPointer { src in
                        scratch.withUnsafeMutableBufferPointer { dst in
                            for p in src { c[Int((key[Int(p)] >> shift) & 0xFFFF) + 1] += 1 }
                            for b in 0..<65_536 { c[b + 1] += c[b] }
                            for p in src {
                                let d = Int((key[Int(p)] >> shift) & 0xFFFF)
                                dst[c[d]] = p; c[d] += 1
                            }
                        }
                    }
                }
            }
            swap(&order, &scratch)
            shift += 16
        }
        return order
    }

    /// Moves a uniformly random choice of `k` elements of `buffer[range]` to its front
    /// (`buffer[range.lowerBound ..< range.lowerBound + k]`, in random order): the first `k` steps of a
    /// Fisher–Yates shuffle (Knuth, TAOCP vol. 2, Algorithm 3.4.2P), drawing from `rng`.
    @inline(__always)
    static func choosePrefix(_ buffer: UnsafeMutableBufferPointer<Int32>, _ range: Range<Int>, count k: Int,
                             rng: inout SeededGenerator) {
        let hi = range.upperBound
        var i = range.lowerBound
        let end = range.lowerBound + min(k, range.count)
        while i < end {
            let j = i + rng.nextInt(below: hi - i)
            if j != i { buffer.swapAt(i, j) }
            i += 1
        }
    }

    /// A base for per-entity streams: mixing the seed once keeps `(seed, user)` streams of nearby seeds apart.
    static func streamBase(_ seed: UInt64) -> UInt64 {
        var g = SeededGenerator(seed: seed)
        return g.next()
    }

    /// Formats a ratio for cache descriptions (shortest exact decimal form).
    static func text(_ x: Double) -> String { "\(x)" }

    /// Cold-start assignment over an entity column (users or items): the entities that occur in `keys`
    /// (in index order) are shuffled under `seed`; the first `round(E · testFraction)` send all their rows
    /// to test, the next `round(E · validationFraction)` to validation (rounded half up, capped so that at
    /// least one entity still trains when E ≥ 2). Returns one part code per row.
    static func coldStartAssignment(keys: [Int32], keyCount: Int, validationFraction: Double, testFraction: Double,
                                    seed: UInt64) -> [UInt8] {
        let buckets = max(keyCount, (keys.max().map { Int($0) + 1 }) ?? 0)
        var present = [Bool](repeating: false, count: buckets)
        for k in keys { present[Int(k)] = true }
        var entities = [Int32]()
        for e in 0..<buckets where present[e] { entities.append(Int32(e)) }
        let e = entities.count
        let spare = max(0, e - 1)
        let nTest = min(share(of: e, testFraction), spare)
        let nValid = min(share(of: e, validationFraction), spare - nTest)
        var partOf = [UInt8](repeating: train, count: buckets)
        var rng = SeededGenerator(seed: seed)
        entities.withUnsafeMutableBufferPointer { en in
            choosePrefix(en, 0..<e, count: nTest + nValid, rng: &rng)
            for k in 0..<nTest { partOf[Int(en[k])] = test }
            for k in nTest..<(nTest + nValid) { partOf[Int(en[k])] = validation }
        }
        return keys.map { partOf[Int($0)] }
    }
}
