import RecConfig
import RecCore
import RecData
import RecHDF5

/// `popularity`'s parameters.
public struct PopularityConfig: Configuration {
    @Param(in: 0...1e6, doc: "shrinkage of item-mean ratings towards the global mean")
    public var damping: Float = 5
    public init() {}
}

/// Most-popular recommender: every user gets the items with the most training interactions.
/// Its rating prediction is the item's mean training rating shrunk towards the global mean,
/// `(Σ r_ui + λ·μ) / (n_i + λ)` with damping `λ` (Funk 2006; the "damped mean" baseline).
///
/// ```swift
/// let pop = Popularity(PopularityConfig { $0.damping = 5 })
/// ```
public final class Popularity: RecommenderType {
    public static let typeName = "popularity"
    public static let summary = "Most popular items by training count; rating prediction is the damped item mean."
    public static let isDeterministic = true
    private var counts: [Float] = []
    private var itemMean: [Float] = []

    /// The model's validated configuration.
    public let config: PopularityConfig

    /// An unfitted model.
    public init(_ config: PopularityConfig = .init()) { self.config = config }

    public convenience init(config: PopularityConfig, context: ModelContext) { self.init(config) }

    public var predictsRatings: Bool { true }

    public func fit(_ data: TrainingData, observer: (any TrainingObserver)?) throws {
        let m = data.itemUser
        let mu = Float(data.globalMean)
        counts = [Float](repeating: 0, count: data.itemCount)
        itemMean = [Float](repeating: mu, count: data.itemCount)
        for i in 0..<m.rows {
            let row = m.row(i)
            counts[i] = Float(row.indices.count)
            let sum = row.values.reduce(Float(0), +)
            itemMean[i] = (sum + config.damping * mu) / (Float(row.indices.count) + config.damping)
        }
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        let cols = items.map { $0.map { counts[Int($0)] } } ?? counts
        var out = DenseMatrix(rows: users.count, cols: cols.count)
        out.storage.withUnsafeMutableBufferPointer { p in
            for r in 0..<users.count { for c in 0..<cols.count { p[r * cols.count + c] = cols[c] } }
        }
        return out
    }

    public func predict(users: [Int32], items: [Int32]) -> [Float] { items.map { itemMean[Int($0)] } }

    public func save(to group: HDF5Group) throws {
        try group.setAttribute("type", typeName)
        try group.write("counts", counts)
        try group.write("item_mean", itemMean)
    }

    public func load(from group: HDF5Group) throws {
        counts = try group.read("counts")
        itemMean = try group.read("item_mean")
    }
}
