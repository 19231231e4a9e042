import Foundation

/// Which genres each item has, in CSR form: item `i` has `codes[indptr[i]..<indptr[i+1]]`, each
/// indexing `levels`. Built from the item attribute named by `ProfileConfig.genreAttribute`.
public struct GenreIndex: Sendable, Equatable {
    /// Row pointers, `itemCount + 1` entries.
    public var indptr: [Int]
    /// Genre codes of every item.
    public var codes: [Int32]
    /// Genre names.
    public var levels: [String]

    /// A genre index; `indptr.count − 1` items.
    public init(indptr: [Int], codes: [Int32], levels: [String]) {
        self.indptr = indptr; self.codes = codes; self.levels = levels
    }

    /// Number of items covered.
    public var itemCount: Int { indptr.count - 1 }
}

/// Per-entity sufficient statistics of the interactions seen so far (training, then anything folded
/// in). Every dynamic feature is a function of them, so new interactions update a profile row in
/// O(interactions × genres) without a rebuild:
///
///     n = Σ 1,   S = Σ r,   Q = Σ r²,   W = Σ w,   W_g = Σ_{g ∈ G_i} w,   t_last = max t
///
/// with `w = 1` (count weighting) or `w = r` (rating weighting). Then activity = ln(1 + n),
/// mean = S / n, variance = Q / n − (S / n)², share_g = W_g / W, entropy = −Σ p_g ln p_g with
/// p_g = W_g / Σ_h W_h, recency = (T − t_last) / unit.
public struct ProfileStatistics: Sendable, Equatable {
    /// Interactions per entity (n).
    public internal(set) var count: [Double]
    /// Σ w per entity (W).
    public internal(set) var weightSum: [Double]
    /// Σ r per entity (S); zeros for implicit data.
    public internal(set) var ratingSum: [Double]
    /// Σ r² per entity (Q).
    public internal(set) var ratingSquares: [Double]
    /// Latest interaction time per entity, `Int64.min` when none has a timestamp.
    public internal(set) var lastTimestamp: [Int64]
    /// Entity-major `entities × genreCount` genre weights (W_g); empty for items.
    public internal(set) var genreWeight: [Double]
    /// Number of genre columns per entity.
    public let genreCount: Int
    /// Whether weights are ratings rather than 1.
    public let ratingWeighted: Bool

    /// Zero statistics for `entities` entities.
    public init(entities: Int, genreCount: Int, ratingWeighted: Bool) {
        count = [Double](repeating: 0, count: entities); weightSum = count; ratingSum = count; ratingSquares = count
        lastTimestamp = [Int64](repeating: .min, count: entities)
        genreWeight = [Double](repeating: 0, count: entities * genreCount)
        self.genreCount = genreCount; self.ratingWeighted = ratingWeighted
    }

    /// Number of entities.
    public var entityCount: Int { count.count }

    /// Adds one entity with no interactions; returns its index.
    mutating func appendEntity() -> Int {
        count.append(0); weightSum.append(0); ratingSum.append(0); ratingSquares.append(0)
        lastTimestamp.append(.min)
        genreWeight.append(contentsOf: repeatElement(0, count: genreCount))
        return count.count - 1
    }

    /// Adds one interaction of entity `e` with the counterpart whose genres are `genres`.
    @inline(__always)
    mutating func add(entity e: Int, genres: ArraySlice<Int32>, rating: Float?, timestamp: Int64?) {
        count[e] += 1
        let w: Double
        if let r = rating {
            let x = Double(r)
            ratingSum[e] += x; ratingSquares[e] += x * x
            w = ratingWeighted ? x : 1
        } else {
            w = 1
        }
        weightSum[e] += w
        for g in genres { genreWeight[e * genreCount + Int(g)] += w }
        if let t = timestamp, t > lastTimestamp[e] { lastTimestamp[e] = t }
    }

    // MARK: - Features (nil = undefined)

    /// ln(1 + n).
    public func logCount(_ e: Int) -> Double { log(1 + count[e]) }
    /// S / n.
    public func ratingMean(_ e: Int) -> Double? { count[e] > 0 ? ratingSum[e] / count[e] : nil }
    /// Q / n − (S / n)², clamped at 0 against rounding.
    public func ratingVariance(_ e: Int) -> Double? {
        guard let m = ratingMean(e) else { return nil }
        return max(0, ratingSquares[e] / count[e] - m * m)
    }
    /// W_g / W for every genre.
    public func genreShares(_ e: Int) -> [Double]? {
        guard weightSum[e] > 0 else { return nil }
        return (0..<genreCount).map { genreWeight[e * genreCount + $0] / weightSum[e] }
    }
    /// −Σ p_g ln p_g (nats) with p_g = W_g / Σ_h W_h.
    public func genreEntropy(_ e: Int) -> Double? {
        let row = genreWeight[(e * genreCount)..<((e + 1) * genreCount)]
        let total = row.reduce(0, +)
        guard total > 0 else { return nil }
        return -row.reduce(0) { acc, w in w > 0 ? acc + (w / total) * log(w / total) : acc }
    }
    /// (reference − t_last) / unit.
    public func recency(_ e: Int, reference: Int64?, unitSeconds: Double) -> Double? {
        guard let reference, lastTimestamp[e] != .min else { return nil }
        return Double(reference - lastTimestamp[e]) / unitSeconds
    }
}
