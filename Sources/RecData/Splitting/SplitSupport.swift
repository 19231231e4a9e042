import RecCore

// Shared machinery for the splitters. Every splitter decides, for each interaction row, one of three
// parts (an assignment array of bytes) and `SplitSupport.materialize` gathers the rows into the three
// tables in one pass per column, keeping table order. All work is O(n) or O(n log n) over flat
// `Int32` position arrays; no per-row allocation. Splitting is single-threaded on purpose: a split is
// seconds of work even at 20M rows, and with one thread the result cannot depend on the thread count.
// Per-user randomness comes from streams derived from (seed, user), so a user's split does not depend
// on the other users either.

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
                    + "use a random split (random_ratio, user_ratio, leave_one_out with \"order\": \"random\")")
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
        var c0 = 0, c1 = 0
        assignment.withUnsafeBufferPointer { a in
            for p in a { c0 += p == 0 ? 1 : 0; c1 += p == 1 ? 1 : 0 }
        }
        let counts = (c0, c1, assignment.count - c0 - c1)
        let u = distribute(table.users, assignment, counts), i = distribute(table.items, assignment, counts)
        let r = table.ratings.map { distribute($0, assignment, counts) }
        let t = table.timestamps.map { distribute($0, assignment, counts) }
        func part(_ k: Int) -> InteractionTable {
            InteractionTable(users: u[k], items: i[k], ratings: r?[k], timestamps: t?[k])
        }
        return DataSplit(train: part(0), validation: part(1), test: part(2))
    }

    /// Splits one column into three by part code in a single pass (`counts` are the part sizes). Writes go
    /// through a cursor per part indexed by the code, so the loop has no data-dependent branch.
    static func distribute<T>(_ column: [T], _ assignment: [UInt8], _ counts: (Int, Int, Int)) -> [[T]] {
        var out1: [T] = [], out2: [T] = []
        let out0 = [T](unsafeUninitializedCapacity: counts.0) { b0, n0 in
            out1 = [T](unsafeUninitializedCapacity: counts.1) { b1, n1 in
                out2 = [T](unsafeUninitializedCapacity: counts.2) { b2, n2 in
                    // A part with no rows may have no storage; nothing is ever written through its cursor.
                    let dummy = UnsafeMutablePointer<T>.allocate(capacity: 1)
                    defer { dummy.deallocate() }
                    let cursor = UnsafeMutablePointer<UnsafeMutablePointer<T>>.allocate(capacity: 3)
                    defer { cursor.deallocate() }
                    cursor[0] = b0.baseAddress ?? dummy
                    cursor[1] = b1.baseAddress ?? dummy
                    cursor[2] = b2.baseAddress ?? dummy
                    column.withUnsafeBufferPointer { col in
                        assignment.withUnsafeBufferPointer { a in
                            for k in 0..<a.count {
                                let d = Int(a[k])
                                cursor[d].initialize(to: col[k])
                                cursor[d] += 1
                            }
                        }
                    }
                    n2 = counts.2
                }
                n1 = counts.1
            }
            n0 = counts.0
        }
        return [out0, out1, out2]
    }

    /// The elements of `column` whose code in `codes` is `code` (exactly `count` of them), in order.
    static func gather<T>(_ column: [T], _ codes: [UInt8], _ code: UInt8, _ count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { out, initialized in
            var w = 0
            column.withUnsafeBufferPointer { col in
                codes.withUnsafeBufferPointer { a in
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
    /// (Knuth, TAOCP vol. 3, §5.2.5) on 11-bit digits of `timestamp − min`, carrying keys with positions
    /// so every pass reads sequentially. O(n) per digit; three digits cover a 2^33-second range.
    static func orderByTime(_ timestamps: [Int64]) -> [Int32] {
        let n = timestamps.count
        guard n > 1, let lo = timestamps.min(), let hi = timestamps.max(), lo != hi else {
            return (0..<Int32(truncatingIfNeeded: n)).map { $0 }
        }
        let range = UInt64(bitPattern: hi &- lo)
        let bits = 11, radix = 1 << bits, mask = UInt64(radix - 1)
        var keys = timestamps.map { UInt64(bitPattern: $0 &- lo) }
        var order = (0..<Int32(truncatingIfNeeded: n)).map { $0 }
        var keys2 = [UInt64](repeating: 0, count: n)
        var order2 = [Int32](repeating: 0, count: n)
        var offsets = [Int](repeating: 0, count: radix)
        var shift: UInt64 = 0
        while shift < 64 && (range >> shift) != 0 {
            keys.withUnsafeBufferPointer { k in
                order.withUnsafeBufferPointer { o in
                    keys2.withUnsafeMutableBufferPointer { k2 in
                        order2.withUnsafeMutableBufferPointer { o2 in
                            offsets.withUnsafeMutableBufferPointer { c in
                                for b in 0..<radix { c[b] = 0 }
                                for key in k { c[Int((key >> shift) & mask)] += 1 }
                                var sum = 0
                                for b in 0..<radix { let x = c[b]; c[b] = sum; sum += x }
                                for idx in 0..<n {
                                    let key = k[idx]
                                    let d = Int((key >> shift) & mask)
                                    let w = c[d]; c[d] = w + 1
                                    k2[w] = key; o2[w] = o[idx]
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &keys2)
            swap(&order, &order2)
            shift += UInt64(bits)
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

    /// The entities (users or items) that occur in `keys`, in index order, and the number of index
    /// slots (`keyCount`, or more when a key lies beyond it).
    static func presentEntities(keys: [Int32], keyCount: Int) -> (entities: [Int32], slots: Int) {
        let slots = max(keyCount, (keys.max().map { Int($0) + 1 }) ?? 0)
        var present = [Bool](repeating: false, count: slots)
        for k in keys { present[Int(k)] = true }
        var entities = [Int32]()
        for e in 0..<slots where present[e] { entities.append(Int32(e)) }
        return (entities, slots)
    }

    /// Cold-start assignment over an entity column (users or items): the entities that occur in `keys`
    /// (in index order) are shuffled under `seed`; the first `round(E · testFraction)` send all their rows
    /// to test, the next `round(E · validationFraction)` to validation (rounded half up, capped so that at
    /// least one entity still trains when E ≥ 2). Returns one part code per row.
    static func coldStartAssignment(keys: [Int32], keyCount: Int, validationFraction: Double, testFraction: Double,
                                    seed: UInt64) -> [UInt8] {
        var (entities, slots) = presentEntities(keys: keys, keyCount: keyCount)
        let e = entities.count
        let spare = max(0, e - 1)
        let nTest = min(share(of: e, testFraction), spare)
        let nValid = min(share(of: e, validationFraction), spare - nTest)
        var partOf = [UInt8](repeating: train, count: slots)
        var rng = SeededGenerator(seed: seed)
        entities.withUnsafeMutableBufferPointer { en in
            choosePrefix(en, 0..<e, count: nTest + nValid, rng: &rng)
            for k in 0..<nTest { partOf[Int(en[k])] = test }
            for k in nTest..<(nTest + nValid) { partOf[Int(en[k])] = validation }
        }
        return keys.map { partOf[Int($0)] }
    }

    // MARK: K-fold

    /// Rank range of fold `f` among `n` shuffled elements: `f·n/folds ..< (f+1)·n/folds`, so the
    /// `folds` blocks are consecutive, cover `0..<n` and differ in size by at most one.
    @inline(__always)
    static func foldRange(_ f: Int, folds: Int, count n: Int) -> Range<Int> { (f * n / folds)..<((f + 1) * n / folds) }

    /// The k-fold shuffle: a full Fisher–Yates shuffle of `buffer` under `seed` alone (so every fold of one
    /// seed sees the same order), returning the positions of block `fold`.
    static func foldBlock(_ buffer: UnsafeMutableBufferPointer<Int32>, folds: Int, fold: Int,
                          seed: UInt64) -> Range<Int> {
        var rng = SeededGenerator(seed: seed)
        choosePrefix(buffer, 0..<buffer.count, count: buffer.count, rng: &rng)
        return foldRange(fold, folds: folds, count: buffer.count)
    }

    /// The k-fold validation draw: moves a uniformly random `count` of `candidates` (the non-test rows or
    /// entities, in index order, so the draw does not depend on the fold shuffle) to the front, drawing
    /// from the stream derived from `(seed, fold)`.
    static func foldValidationDraw(_ candidates: UnsafeMutableBufferPointer<Int32>, count: Int, seed: UInt64,
                                   fold: Int) {
        var rng = SeededGenerator.derived(seed: streamBase(seed), stream: UInt64(fold))
        choosePrefix(candidates, 0..<candidates.count, count: count, rng: &rng)
    }
}
