import RecConfig
import RecCore
import RecData
import RecHDF5

/// `random` takes no parameters.
public struct RandomConfig: Configuration {
    public init() {}
}

/// Random recommender: each (user, item) gets a uniform score from a hash of the seed, user and item,
/// so scores do not depend on batch order or thread count. The floor every model must beat.
/// Rating predictions are uniform over the training rating range.
public final class RandomRecommender: RecommenderType {
    public static let typeName = "random"
    public static let summary = "Uniform random scores (seeded): the floor."
    /// `random` has no parameters.
    public let config = RandomConfig()
    /// Seed of the scores.
    public let seed: UInt64
    private var minRating: Float = 1
    private var maxRating: Float = 5
    private var itemCount = 0

    /// A random model whose scores are fixed by `seed`.
    public init(seed: UInt64) { self.seed = seed }

    public convenience init(config: RandomConfig, context: ModelContext) { self.init(seed: context.seed) }

    public var predictsRatings: Bool { true }

    @inline(__always) private func unit(_ u: Int32, _ i: Int32) -> Float {
        var s = seed ^ (UInt64(UInt32(bitPattern: u)) << 32 | UInt64(UInt32(bitPattern: i)))
        return Float(SeededGenerator.splitMix64(&s) >> 40) * 0x1.0p-24
    }

    public func fit(_ data: TrainingData, observer: (any TrainingObserver)?) throws {
        itemCount = data.itemCount
        if let r = data.train.ratings, let lo = r.min(), let hi = r.max() { minRating = lo; maxRating = hi }
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        let cols = items ?? (0..<Int32(itemCount)).map { $0 }
        var out = DenseMatrix(rows: users.count, cols: cols.count)
        out.storage.withUnsafeMutableBufferPointer { p in
            for r in 0..<users.count {
                for c in 0..<cols.count { p[r * cols.count + c] = unit(users[r], cols[c]) }
            }
        }
        return out
    }

    public func predict(users: [Int32], items: [Int32]) -> [Float] {
        zip(users, items).map { minRating + unit($0, $1) * (maxRating - minRating) }
    }

    public func save(to group: HDF5Group) throws {
        try group.setAttribute("type", typeName)
        try group.setAttribute("seed", Int64(bitPattern: seed))
        try group.setAttribute("min_rating", Double(minRating))
        try group.setAttribute("max_rating", Double(maxRating))
        try group.setAttribute("item_count", Int64(itemCount))
    }

    public func load(from group: HDF5Group) throws {
        if let s: Int64 = try group.attribute("seed"), UInt64(bitPattern: s) != seed {
            throw ModelError.incompatibleSave(model: typeName, detail: "saved seed \(s) differs from \(seed)")
        }
        if let lo: Double = try group.attribute("min_rating") { minRating = Float(lo) }
        if let hi: Double = try group.attribute("max_rating") { maxRating = Float(hi) }
        if let n: Int64 = try group.attribute("item_count") { itemCount = Int(n) }
    }
}
