import Foundation
import RecConfig
import RecCore
import RecData
import RecHDF5

/// `rp3beta`'s parameters.
public struct RP3betaConfig: Configuration {
    @Param(in: 0...10, doc: "α: exponent applied to the user→item and item→user transition probabilities")
    public var alpha: Float = 0.8
    @Param(in: 0...10, doc: "β: popularity penalty, W_ij divided by pop(j)^β")
    public var beta: Float = 0.6
    @Param(in: 1...100_000, doc: "neighbours kept per item (top-k of each row of W)")
    public var neighbours = 400
    public init() {}
}

/// RP3beta (Paudel, Christoffel, Newell & Bernstein 2017, "Updatable, accurate, diverse, and scalable
/// recommendations for interactive applications"): a three-step random walk item → user → item on the
/// binarised training graph, re-ranked by popularity. With `P_iu = 1/|i|` and `P_uj = 1/|u|` the
/// transition probabilities (|i| the item's users, |u| the user's items),
///
///     W_ij = Σ_{u ∈ i ∩ j} P_iu^α · P_uj^α / pop(j)^β,   pop(j) = |j|,   W_ii = 0,
///
/// each row of `W` keeping its `neighbours` largest entries (Dacrema et al. 2019's reference
/// implementation). Scores are `S_u = X_u W` with `X` binarised, accumulated sparsely
/// (`ItemNeighbourhoodScorer`). α = 1, β = 0 is P3alpha's plain three-step walk (Cooper et al. 2014).
///
/// ```swift
/// let rp3 = RP3beta(RP3betaConfig { $0.alpha = 1; $0.beta = 0.5; $0.neighbours = 200 })
/// ```
public final class RP3beta: RecommenderType {
    public static let typeName = "rp3beta"
    public static let summary = "RP3beta: item→user→item random-walk similarity with a popularity penalty β (Paudel et al. 2017), top-k per item."
    public static let isDeterministic = true

    private var state = SparseItemWeights()
    /// The fitted item–item weights (rows = the items a user has).
    var weights: CSRMatrix { state.weights }

    /// The model's validated configuration.
    public let config: RP3betaConfig

    /// An unfitted model.
    public init(_ config: RP3betaConfig = .init()) { self.config = config }

    public convenience init(config: RP3betaConfig, context: ModelContext) { self.init(config) }

    public func fit(_ data: TrainingData, observer: (any TrainingObserver)?) throws {
        let x = data.userItem.binarized()
        state.set(weights: Self.walkWeights(x, itemUsers: data.itemUser.binarized(), alpha: config.alpha, beta: config.beta,
                                            k: config.neighbours), history: x)
    }

    /// `W` as the type's comment defines it, row by row in parallel: row `i` accumulates, over the
    /// users of `i` and their items `j`, `P_iu^α P_uj^α` into a dense per-thread scratch row.
    static func walkWeights(_ x: CSRMatrix, itemUsers xt: CSRMatrix, alpha: Float, beta: Float, k: Int) -> CSRMatrix {
        let n = x.cols
        let userStep = (0..<x.rows).map { u in x.rowCount(u) > 0 ? powf(1 / Float(x.rowCount(u)), alpha) : 0 }
        let itemStep = (0..<n).map { i in xt.rowCount(i) > 0 ? powf(1 / Float(xt.rowCount(i)), alpha) : 0 }
        let penalty = (0..<n).map { j in xt.rowCount(j) > 0 ? 1 / powf(Float(xt.rowCount(j)), beta) : 0 }
        var lists = [[(Int32, Float)]](repeating: [], count: n)
        lists.withUnsafeMutableBufferPointer { lp in
            let out = SharedPointer(lp)
            Parallelism.forEachChunk(count: n, minChunk: 32) { range in
                var row = [Float](repeating: 0, count: n), touched: [Int] = []
                var heap = BoundedTopK(capacity: k)
                for i in range {
                    for p in xt.indptr[i]..<xt.indptr[i + 1] {
                        let u = Int(xt.indices[p]), step = itemStep[i] * userStep[u]
                        for q in x.indptr[u]..<x.indptr[u + 1] {
                            let j = Int(x.indices[q])
                            if row[j] == 0 { touched.append(j) }
                            row[j] += step
                        }
                    }
                    heap.reset()
                    for j in touched {
                        let w = row[j] * penalty[j]
                        row[j] = 0
                        if j != i && w > 0 && heap.admits(w) { heap.insert(Int32(j), w) }
                    }
                    touched.removeAll(keepingCapacity: true)
                    out[i] = heap.items.sorted { $0.0 < $1.0 }
                }
            }
        }
        return CSRMatrix(cols: n, rowLists: lists)
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix { state.score(users: users, items: items) }

    public func save(to group: HDF5Group) throws { try state.save(to: group, type: typeName) }

    public func load(from group: HDF5Group) throws { try state.load(from: group, type: typeName) }
}

extension RP3beta: FoldsInUsers {
    public var foldInUserCount: Int { state.history.rows }

    /// A linear item–item model scores `X_u W`: the new history is used at once, `W` unchanged.
    public func foldIn(user: Int32, items: [Int32], values: [Float]) { state.foldIn(user: user, items: items) }
}
