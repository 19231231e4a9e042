import RecConfig
import RecCore
import RecData
import RecHDF5

/// `slim`'s parameters.
public struct SLIMConfig: Configuration {
    @Param(in: 0...1e7, doc: "λ₁: L1 penalty on the weights (sparsity)")
    public var l1: Float = 0.5
    @Param(in: 0...1e7, doc: "λ₂: L2 penalty on the weights")
    public var l2: Float = 200
    @Param(in: 1...10_000, doc: "coordinate-descent sweeps per item at most")
    public var maxIter = 100
    @Param(in: 0...1, doc: "stop an item when a sweep changes no weight by more than tol × its largest weight")
    public var tol: Float = 1e-4
    @Param(in: 1...100_000, doc: "neighbours kept per item (top-k of each column of W)")
    public var neighbours = 200
    @Param(in: 1...200_000, doc: "refuse catalogues larger than this (the Gram matrix is items × items dense)")
    public var maxItems = 20_000
    public init() {}
}

/// Sparse Linear Methods (Ning & Karypis, ICDM 2011): item–item weights `W ≥ 0`, `diag(W) = 0`, each
/// column an ElasticNet regression of the item's interactions on the other items',
///
///     w_j = argmin_{w ≥ 0, w_j = 0}  ½‖x_j − X w‖² + λ₁‖w‖₁ + ½λ₂‖w‖²,
///
/// on the binarised training matrix `X`; scores are `S_u = X_u W` (`ItemNeighbourhoodScorer`). Each
/// column is solved by cyclic coordinate descent on the Gram matrix `G = XᵀX` (dense, BLAS `ssyrk`),
/// keeping `Gw` up to date (a BLAS `saxpy` per changed weight), so a coordinate update is O(1):
/// `w_k ← max(0, G_kj − (Gw)_k + G_kk w_k − λ₁) / (G_kk + λ₂)` (Friedman, Hastie & Tibshirani 2010).
/// Columns are independent and solved in parallel; each keeps its `neighbours` largest weights.
/// In sklearn's ElasticNet terms (Dacrema et al. 2019's SLIM): λ₁ = N·α·l1_ratio, λ₂ = N·α·(1 − l1_ratio)
/// with N the number of users.
///
/// ```swift
/// let slim = SLIM(SLIMConfig { $0.l1 = 1; $0.l2 = 100; $0.neighbours = 200 })
/// ```
public final class SLIM: RecommenderType {
    public static let typeName = "slim"
    public static let summary = "SLIM: non-negative ElasticNet item-item weights with a zero diagonal (Ning & Karypis 2011), coordinate descent on XᵀX."
    public static let isDeterministic = true

    private var state = SparseItemWeights()
    /// The fitted item–item weights (rows = the items a user has).
    var weights: CSRMatrix { state.weights }

    /// The model's validated configuration.
    public let config: SLIMConfig

    /// An unfitted model.
    public init(_ config: SLIMConfig = .init()) { self.config = config }

    public convenience init(config: SLIMConfig, context: ModelContext) { self.init(config) }

    public func fit(_ data: TrainingData, observer: (any TrainingObserver)?) throws {
        let n = data.itemCount
        try ModelError.checkDenseItems(n, maxItems: config.maxItems, model: typeName)
        let x = data.userItem.binarized()
        let gram = GramMatrix.dense(x)
        var columns = [[(Int32, Float)]](repeating: [], count: n)
        let c = config
        gram.withUnsafeBufferPointer { gp in columns.withUnsafeMutableBufferPointer { cp in
            let g = SharedReadOnlyPointer(gp), out = SharedPointer(cp)
            Parallelism.forEachChunk(count: n, minChunk: 16) { range in
                var solver = ColumnSolver(n: n, k: c.neighbours)
                for j in range { out[j] = solver.solve(column: j, gram: g.base, l1: c.l1, l2: c.l2, maxIter: c.maxIter, tol: c.tol) }
            }
        }}
        // Column j's list holds (i, w_ij); rows of W are the items a user has.
        state.set(weights: CSRMatrix(cols: n, rowLists: columns).transposed(), history: x)
    }

    /// One thread's coordinate-descent state: the column's weights and `G w`.
    struct ColumnSolver {
        var w: [Float], gw: [Float]
        var heap: BoundedTopK

        init(n: Int, k: Int) { w = [Float](repeating: 0, count: n); gw = w; heap = BoundedTopK(capacity: k) }

        /// The top weights of column `j` (ascending item order) after coordinate descent from zero.
        mutating func solve(column j: Int, gram g: UnsafePointer<Float>, l1: Float, l2: Float, maxIter: Int, tol: Float) -> [(Int32, Float)] {
            let n = w.count
            heap.reset()
            w.withUnsafeMutableBufferPointer { wp in gw.withUnsafeMutableBufferPointer { gwp in
                let w = wp.baseAddress!, gw = gwp.baseAddress!
                w.update(repeating: 0, count: n); gw.update(repeating: 0, count: n)
                let target = g + j * n   // G_kj = G_jk: row j, contiguous
                for _ in 0..<maxIter {
                    var largestChange: Float = 0, largestWeight: Float = 0
                    for k in 0..<n where k != j {
                        let gkk = g[k * n + k], d = gkk + l2
                        guard d > 0 else { continue }
                        let old = w[k]
                        let updated = max(0, target[k] - gw[k] + gkk * old - l1) / d
                        largestWeight = max(largestWeight, updated)
                        guard updated != old else { continue }
                        w[k] = updated
                        BLAS.axpy(count: n, alpha: updated - old, x: g + k * n, y: gw)
                        largestChange = max(largestChange, abs(updated - old))
                    }
                    if largestChange <= tol * largestWeight { break }
                }
                for k in 0..<n where w[k] > 0 && heap.admits(w[k]) { heap.insert(Int32(k), w[k]) }
            }}
            return heap.items.sorted { $0.0 < $1.0 }
        }
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix { state.score(users: users, items: items) }

    public func save(to group: HDF5Group) throws { try state.save(to: group, type: typeName) }

    public func load(from group: HDF5Group) throws { try state.load(from: group, type: typeName) }
}

extension SLIM: FoldsInUsers {
    public var foldInUserCount: Int { state.history.rows }

    /// A linear item–item model scores `X_u W`: the new history is used at once, `W` unchanged.
    public func foldIn(user: Int32, items: [Int32], values: [Float]) { state.foldIn(user: user, items: items) }
}
