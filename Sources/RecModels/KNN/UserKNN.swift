import RecConfig
import RecCore
import RecData
import RecHDF5



/// User-based k-nearest-neighbour collaborative filtering (Resnick et al. 1994; Herlocker, Konstan,
/// Borchers & Riedl 1999). Fitting stores, for every user, the `savedNeighbours` most similar users
/// with positive similarity (shrunk by `n/(n + shrinkage)`, n = co-rated items) as a sparse CSR
/// matrix. Scoring (u, i) takes the `neighbours` most similar users to u among those who rated i and
/// combines them as `scoring` says (mean-centred: Resnick's formula with user means).
///
/// ```swift
/// let knn = UserKNN(KNNConfig { $0.similarity = .pearson; $0.neighbours = 30; $0.shrinkage = 25; $0.scoring = .meanCentered })
/// ```
public final class UserKNN: RecommenderType {
    public static let typeName = "user_knn"
    public static let summary = "User-based k-nearest neighbours (Herlocker et al. 1999) on sparse similarities."
    public static let isDeterministic = true

    private(set) var similarities = CSRMatrix.zeros(rows: 0, cols: 0)
    private var order: [Int32] = []
    private var history = CSRMatrix.zeros(rows: 0, cols: 0)
    private var offsets = RatingOffsets(global: 0, user: [], item: [])

    /// The model's validated configuration.
    public let config: KNNConfig

    /// An unfitted model.
    public init(_ config: KNNConfig = .init()) { self.config = config }

    public convenience init(config: KNNConfig, context: ModelContext) { self.init(config) }

    public var predictsRatings: Bool { config.scoring.predictsRatings }

    public func fit(_ data: TrainingData, observer: (any TrainingObserver)?) throws {
        history = data.userItem
        similarities = NeighbourSimilarity.topK(data.userItem, similarity: config.similarity, shrinkage: config.shrinkage, k: config.savedNeighbours)
        order = NeighbourSimilarity.similarityOrder(similarities)
        offsets = RatingOffsets(history, scoring: config.scoring, itemMeans: false, damping: config.biasDamping)
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        let itemCount = history.cols
        let cols = items?.count ?? itemCount
        var out = DenseMatrix(rows: users.count, cols: cols)
        let sims = similarities, order = self.order, history = self.history, offsets = self.offsets
        let k = config.neighbours, scoring = self.scoring
        out.storage.withUnsafeMutableBufferPointer { op in
            let dst = SharedPointer(op)
            Parallelism.forEachChunk(count: users.count, minChunk: 8) { range in
                var num = [Float](repeating: 0, count: itemCount), den = num
                var used = [Int32](repeating: 0, count: itemCount)
                history.indices.withUnsafeBufferPointer { hidx in
                    for r in range {
                        let u = Int(users[r])
                        for q in sims.indptr[u]..<sims.indptr[u + 1] {
                            let e = Int(order[q])
                            let v = Int(sims.indices[e]), s = sims.values[e]
                            let lo = history.indptr[v], hi = history.indptr[v + 1]
                            // Whole catalogue: walk v's row; a subset: look each requested item up.
                            func add(_ p: Int) {
                                let j = Int(hidx[p])
                                guard used[j] < k else { return }
                                used[j] += 1
                                let rvj = history.values[p]
                                switch scoring {
                                case .similaritySum: num[j] += s
                                case .ratingWeightedSum: num[j] += s * rvj
                                case .meanCentered, .baseline: num[j] += s * (rvj - offsets.offset(v, j)); den[j] += s
                                }
                            }
                            if let items {
                                for j in items {
                                    var l = lo, h = hi
                                    while l < h { let m = (l + h) >> 1; if hidx[m] < j { l = m + 1 } else { h = m } }
                                    if l < hi && hidx[l] == j { add(l) }
                                }
                            } else {
                                for p in lo..<hi { add(p) }
                            }
                        }
                        for c in 0..<cols {
                            let j = items.map { Int($0[c]) } ?? c
                            var value = num[j]
                            if scoring.predictsRatings { value = offsets.offset(u, j) + (den[j] > 0 ? num[j] / den[j] : 0) }
                            dst[r * cols + c] = value
                        }
                        for c in 0..<cols {
                            let j = items.map { Int($0[c]) } ?? c
                            num[j] = 0; den[j] = 0; used[j] = 0
                        }
                    }
                }
            }
        }
        return out
    }

    public func predict(users: [Int32], items: [Int32]) -> [Float] {
        precondition(users.count == items.count)
        return (0..<users.count).map { score(users: [users[$0]], items: [items[$0]]).storage[0] }
    }

    public func save(to group: HDF5Group) throws {
        try group.setAttribute("type", typeName)
        try group.setAttribute("similarity", config.similarity.rawValue)
        try group.write("similarities", csr: similarities, compression: 0)
        try group.write("history", csr: history, compression: 0)
        try group.setAttribute("global_offset", Double(offsets.global))
        try group.write("user_offset", offsets.user, compression: 0)
        try group.write("item_offset", offsets.item, compression: 0)
    }

    public func load(from group: HDF5Group) throws {
        similarities = try group.readCSRMatrix("similarities")
        history = try group.readCSRMatrix("history")
        guard similarities.rows == history.rows else {
            throw ModelError.incompatibleSave(model: typeName, detail: "\(similarities.rows) similarity rows for \(history.rows) users")
        }
        order = NeighbourSimilarity.similarityOrder(similarities)
        offsets = RatingOffsets(global: Float(try group.attribute("global_offset", as: Double.self) ?? 0),
                                user: try group.read("user_offset"), item: try group.read("item_offset"))
    }
}
