/// One ranking-accuracy or per-user beyond-accuracy measure: a value for one user from that user's
/// ranked list and relevant test items. Conformers live one per file, each with its formula.
///
/// `name` is the column label (`ndcg@10`); `cutoff` is K, or nil for measures over the whole
/// candidate ranking (AUC). Users with no relevant items are never passed in (the evaluator skips
/// them); a user with relevant items and an empty list must score 0.
///
/// ```swift
/// let m: any Metric = NDCG(cutoff: 10)
/// m.value(UserRanking(ranked: [3, 1], relevant: RelevantItems([1]), itemCount: 5))
/// ```
public protocol Metric: Sendable {
    /// Column label, `kind@K` or `kind`.
    var name: String { get }
    /// K, or nil when the metric reads the whole candidate ranking.
    var cutoff: Int? { get }
    /// The metric's value for one user.
    func value(_ user: UserRanking) -> Double
}

/// A measure over all users' lists at once (catalogue coverage, Gini index): no per-user value.
public protocol AggregateMetric: Sendable {
    /// Column label, `kind@K`.
    var name: String { get }
    /// K: every list is cut to its first K items.
    var cutoff: Int { get }
    /// The value over all lists, with `itemCount` items in the catalogue.
    func value(lists: RankedLists, itemCount: Int) -> Double
}

/// A measure over (prediction, truth) pairs of explicit ratings.
public protocol RatingMetric: Sendable {
    /// Column label (`rmse`).
    var name: String { get }
    /// The value over the pairs (equal lengths).
    func value(predictions: ArraySlice<Float>, truth: ArraySlice<Float>) -> Double
}

/// The set of items that count as relevant for one user (their relevant test items), ascending and
/// distinct, each with a gain (1 for implicit data; the rating when graded gain is wanted).
public struct RelevantItems: Sendable, Equatable {
    /// Relevant item indices, ascending, distinct.
    public let items: [Int32]
    /// Gain of each item (aligned with `items`).
    public let gains: [Float]

    /// Sorts `items` and merges duplicates (keeping the largest gain). `gains` defaults to all 1.
    public init(_ items: [Int32], gains: [Float]? = nil) {
        let g = gains ?? [Float](repeating: 1, count: items.count)
        precondition(g.count == items.count, "one gain per item")
        let order = items.indices.sorted { items[$0] < items[$1] || (items[$0] == items[$1] && $0 < $1) }
        var outItems: [Int32] = [], outGains: [Float] = []
        outItems.reserveCapacity(items.count); outGains.reserveCapacity(items.count)
        for p in order {
            if let last = outItems.last, last == items[p] { outGains[outGains.count - 1] = max(outGains.last!, g[p]) }
            else { outItems.append(items[p]); outGains.append(g[p]) }
        }
        self.items = outItems; self.gains = outGains
    }

    /// Number of relevant items, |R|.
    public var count: Int { items.count }
    /// Whether there are none.
    public var isEmpty: Bool { items.isEmpty }

    /// Position of `item` in `items`, by binary search.
    @inlinable public func position(of item: Int32) -> Int? {
        var lo = 0, hi = items.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if items[mid] < item { lo = mid + 1 } else { hi = mid }
        }
        return lo < items.count && items[lo] == item ? lo : nil
    }

    /// Whether `item` is relevant.
    @inlinable public func contains(_ item: Int32) -> Bool { position(of: item) != nil }

    /// Gain of `item`, 0 when it is not relevant.
    @inlinable public func gain(of item: Int32) -> Float { position(of: item).map { gains[$0] } ?? 0 }

    /// The subset whose items satisfy `keep` (used for item-group evaluation).
    public func filter(_ keep: (Int32) -> Bool) -> RelevantItems {
        var i: [Int32] = [], g: [Float] = []
        for (item, gain) in zip(items, gains) where keep(item) { i.append(item); g.append(gain) }
        return RelevantItems(i, gains: g)
    }
}

/// Which items a user's ranking ranges over: all items except some (full ranking, minus training
/// items) or only a given list (sampled evaluation). Both hold ascending, distinct item indices.
public enum CandidateSet {
    /// Every item `0..<itemCount` except these.
    case allExcept(ArraySlice<Int32>)
    /// Only these items.
    case only(ArraySlice<Int32>)
}

/// Everything a `Metric` may read about one user: their ranked list (best first, at least as long
/// as the largest cutoff requested, or the whole candidate set when shorter), their relevant items,
/// the candidate set the list was drawn from, and, when available, the raw scores (for AUC ties).
public struct UserRanking {
    /// Recommended items, best first.
    public var ranked: ArraySlice<Int32>
    /// The user's relevant items, R.
    public var relevant: RelevantItems
    /// Number of items in the catalogue.
    public var itemCount: Int
    /// The candidates the list ranks.
    public var candidates: CandidateSet
    /// Scores over all items (index = item), or nil when only stored lists are available.
    public var scores: UnsafeBufferPointer<Float>?

    /// Assembles a user's view. Defaults: every item is a candidate, no scores.
    public init(ranked: ArraySlice<Int32>, relevant: RelevantItems, itemCount: Int,
                candidates: CandidateSet = .allExcept([]), scores: UnsafeBufferPointer<Float>? = nil) {
        self.ranked = ranked; self.relevant = relevant; self.itemCount = itemCount
        self.candidates = candidates; self.scores = scores
    }

    /// Convenience for arrays.
    public init(ranked: [Int32], relevant: RelevantItems, itemCount: Int,
                candidates: CandidateSet = .allExcept([]), scores: UnsafeBufferPointer<Float>? = nil) {
        self.init(ranked: ranked[...], relevant: relevant, itemCount: itemCount, candidates: candidates, scores: scores)
    }

    /// Number of hits among the first `k` ranked items, |L_{1..k} ∩ R|.
    @inlinable public func hits(at k: Int) -> Int {
        var h = 0
        for item in ranked.prefix(k) where relevant.contains(item) { h += 1 }
        return h
    }
}
