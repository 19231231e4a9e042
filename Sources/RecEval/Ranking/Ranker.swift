/// Turns one user's scores into a top-K list of item indices: the one ranker every model shares
/// (LensKit's scorer/ranker split), so ties and exclusions are handled identically for all models.
///
/// Order: higher score first; equal scores by lower item index first; NaN scores after every number
/// (and among themselves by index). Excluded items (the user's training items) never appear.
/// Cost: O(n log K) with a bounded binary heap over caller-provided workspace, no per-item allocation.
/// Batches of users go through `forEachTopK` (Ranker+Batch.swift), the one batch ranker evaluation,
/// the runner's top-K output and the hybrid's weight search all use.
///
/// ```swift
/// Ranker.topK(scores: [0.1, 0.9, 0.9, 0.5], k: 2, excluding: [1])   // [2, 3]
/// ```
public enum Ranker {
    /// Whether `(sa, ia)` ranks strictly before `(sb, ib)`: higher score, then lower index; NaN last.
    @inlinable @inline(__always)
    public static func precedes(_ sa: Float, _ ia: Int32, _ sb: Float, _ ib: Int32) -> Bool {
        if sa.isNaN { return sb.isNaN && ia < ib }
        if sb.isNaN { return true }
        return sa > sb || (sa == sb && ia < ib)
    }

    /// Top-`k` items of `scores`, skipping the ascending item indices in `excluding`.
    public static func topK<E: RandomAccessCollection>(scores: [Float], k: Int, excluding: E = [Int32]()) -> [Int32]
    where E.Element == Int32 {
        scores.withUnsafeBufferPointer { topK(scores: $0, k: k, excluding: excluding) }
    }

    /// Top-`k` items of `scores`, skipping the ascending item indices in `excluding`.
    public static func topK<E: RandomAccessCollection>(scores: UnsafeBufferPointer<Float>, k: Int,
                                                       excluding: E) -> [Int32] where E.Element == Int32 {
        var heap = TopKHeap(capacity: k)
        return heap.rank(scores: scores, excluding: excluding)
    }

    /// Top-`k` among `candidates` only (sampled evaluation); candidate order does not matter, but
    /// candidates must be distinct (a repeated candidate could appear twice).
    public static func topK<C: Collection>(scores: UnsafeBufferPointer<Float>, k: Int, candidates: C) -> [Int32]
    where C.Element == Int32 {
        var heap = TopKHeap(capacity: k)
        return heap.rank(scores: scores, candidates: candidates)
    }

    /// Top-`k` among `candidates` only (sampled evaluation).
    public static func topK<C: Collection>(scores: [Float], k: Int, candidates: C) -> [Int32] where C.Element == Int32 {
        scores.withUnsafeBufferPointer { topK(scores: $0, k: k, candidates: candidates) }
    }
}

/// A reusable bounded heap of (score, item) pairs: the root is the worst pair kept, so a new pair
/// enters only if it precedes the root. One heap per thread is reused across users.
public struct TopKHeap {
    /// Maximum number of items kept.
    public let capacity: Int
    @usableFromInline var scores: [Float]
    @usableFromInline var items: [Int32]
    @usableFromInline var count = 0

    /// An empty heap keeping at most `capacity` items.
    public init(capacity: Int) {
        precondition(capacity >= 0, "k must be non-negative")
        self.capacity = capacity
        scores = [Float](repeating: 0, count: capacity)
        items = [Int32](repeating: 0, count: capacity)
    }

    /// Ranks all items `0..<scores.count` not in `excluding` (ascending indices) and returns the top list.
    public mutating func rank<E: RandomAccessCollection>(scores s: UnsafeBufferPointer<Float>,
                                                         excluding: E) -> [Int32] where E.Element == Int32 {
        fill(scores: s, excluding: excluding)
        return drainSorted()
    }

    /// Ranks only the items in `candidates` and returns the top list.
    public mutating func rank<C: Collection>(scores s: UnsafeBufferPointer<Float>, candidates: C) -> [Int32]
    where C.Element == Int32 {
        fill(scores: s, candidates: candidates)
        return drainSorted()
    }

    /// Ranks the items of `candidates` and writes the top list, best first, to `out` (room for
    /// `capacity` items); returns its length. Allocates nothing: the batch ranker's per-row step.
    public mutating func rank(scores s: UnsafeBufferPointer<Float>, over candidates: CandidateSet,
                              into out: UnsafeMutablePointer<Int32>) -> Int {
        switch candidates {
        case .allExcept(let e): fill(scores: s, excluding: e)
        case .only(let c): fill(scores: s, candidates: c)
        }
        return drainSorted(into: out)
    }

    /// Empties the heap, then offers every item `0..<scores.count` not in `excluding` (ascending), in
    /// ascending item order: the runs of items between consecutive excluded ones, O(n + |excluded|),
    /// no per-item exclusion test and no hashing.
    mutating func fill<E: RandomAccessCollection>(scores s: UnsafeBufferPointer<Float>, excluding: E)
    where E.Element == Int32 {
        count = 0
        guard capacity > 0 else { return }
        let n = s.count
        scores.withUnsafeMutableBufferPointer { hs in
            items.withUnsafeMutableBufferPointer { hi in
                var start = 0
                for e in excluding {
                    let stop = min(Int(e), n)
                    if stop > start { Self.offerRun(s, start..<stop, hs, hi, &count, capacity) }
                    start = max(start, Int(e) + 1)
                    if start >= n { break }
                }
                if start < n { Self.offerRun(s, start..<n, hs, hi, &count, capacity) }
            }
        }
    }

    /// Offers items `run` (ascending, each above every item offered before): `offer` until the heap
    /// is full, then the root test alone. An item with a larger index than every kept one precedes
    /// the root `(r, ·)` exactly when `x > r`, or `r` is NaN and `x` is not (`Ranker.precedes` with
    /// the index tie-break decided), so the heap evolves exactly as under `offer`.
    @inline(__always)
    static func offerRun(_ s: UnsafeBufferPointer<Float>, _ run: Range<Int>, _ hs: UnsafeMutableBufferPointer<Float>,
                         _ hi: UnsafeMutableBufferPointer<Int32>, _ count: inout Int, _ capacity: Int) {
        var i = run.lowerBound
        while i < run.upperBound && count < capacity {
            offer(s[i], Int32(truncatingIfNeeded: i), hs, hi, &count, capacity)
            i += 1
        }
        // Once the heap is full almost no item beats the root: eight scores are compared with it at a
        // time and a block none of them beats is skipped whole. A root that is NaN (which every
        // number beats) leaves the block to the scalar test, so the heap sees exactly the items, in
        // the order, that the item-by-item test admits.
        while i < run.upperBound {
            if i + 8 <= run.upperBound, !hs[0].isNaN {
                // The block's largest number (NaNs never win `x > m`), by the select MAXPS implements.
                var m = -Float.infinity
                for k in i..<(i + 8) { let x = s[k]; m = x > m ? x : m }
                if !(m > hs[0]) { i += 8; continue }
            }
            let end = min(i + 8, run.upperBound)
            while i < end {
                let x = s[i], r = hs[0]
                if x > r || (r.isNaN && !x.isNaN) { siftDown(x, Int32(truncatingIfNeeded: i), from: 0, hs, hi, count) }
                i += 1
            }
        }
    }

    /// Empties the heap, then offers the items of `candidates`.
    mutating func fill<C: Collection>(scores s: UnsafeBufferPointer<Float>, candidates: C) where C.Element == Int32 {
        count = 0
        guard capacity > 0 else { return }
        scores.withUnsafeMutableBufferPointer { hs in
            items.withUnsafeMutableBufferPointer { hi in
                for item in candidates {
                    Self.offer(s[Int(item)], item, hs, hi, &count, capacity)
                }
            }
        }
    }

    @inline(__always)
    static func offer(_ score: Float, _ item: Int32, _ hs: UnsafeMutableBufferPointer<Float>,
                      _ hi: UnsafeMutableBufferPointer<Int32>, _ count: inout Int, _ capacity: Int) {
        if count < capacity {
            // Sift up while the parent precedes the new pair: the root is always the worst kept.
            var c = count
            count += 1
            while c > 0 {
                let p = (c - 1) / 2
                if Ranker.precedes(hs[p], hi[p], score, item) {
                    hs[c] = hs[p]; hi[c] = hi[p]; c = p
                } else { break }
            }
            hs[c] = score; hi[c] = item
        } else if Ranker.precedes(score, item, hs[0], hi[0]) {
            siftDown(score, item, from: 0, hs, hi, count)
        }
    }

    /// Places (score, item) at `start` and sifts it down within `0..<n` (min-heap by "worse first").
    @inline(__always)
    static func siftDown(_ score: Float, _ item: Int32, from start: Int, _ hs: UnsafeMutableBufferPointer<Float>,
                         _ hi: UnsafeMutableBufferPointer<Int32>, _ n: Int) {
        var c = start
        while true {
            let l = 2 * c + 1
            if l >= n { break }
            var w = l
            let r = l + 1
            // Choose the worse child (the one the other precedes).
            if r < n && Ranker.precedes(hs[l], hi[l], hs[r], hi[r]) { w = r }
            if Ranker.precedes(hs[w], hi[w], score, item) { break }
            hs[c] = hs[w]; hi[c] = hi[w]; c = w
        }
        hs[c] = score; hi[c] = item
    }

    /// Empties the heap into a best-first list.
    mutating func drainSorted() -> [Int32] {
        var out = [Int32](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { o in
            if let base = o.baseAddress { _ = drainSorted(into: base) } else { count = 0 }
        }
        return out
    }

    /// Empties the heap into `out[0..<count]`, best first (heap sort: repeatedly move the worst to the
    /// back); returns the count.
    mutating func drainSorted(into out: UnsafeMutablePointer<Int32>) -> Int {
        let n = count
        scores.withUnsafeMutableBufferPointer { hs in
            items.withUnsafeMutableBufferPointer { hi in
                var m = n
                while m > 0 {
                    out[m - 1] = hi[0]
                    m -= 1
                    if m > 0 { Self.siftDown(hs[m], hi[m], from: 0, hs, hi, m) }
                }
            }
        }
        count = 0
        return n
    }
}
