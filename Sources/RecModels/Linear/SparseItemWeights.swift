import RecCore
import RecHDF5

/// The fitted state of a sparse linear item–item model (`S_u = X_u W`: RP3beta, SLIM): the weights
/// `W` (rows = the items a user has), the binarised training history `X`, and the scorer over them.
/// The models keep one and hand scoring, saving and loading to it.
///
/// ```swift
/// var state = SparseItemWeights()
/// state.set(weights: w, history: x.binarized())
/// let scores = state.score(users: [0], items: nil)
/// ```
struct SparseItemWeights {
    private(set) var weights = CSRMatrix.zeros(rows: 0, cols: 0)
    private(set) var history = CSRMatrix.zeros(rows: 0, cols: 0)
    private var scorer = ItemNeighbourhoodScorer(sourceMajor: .zeros(rows: 0, cols: 0))

    mutating func set(weights: CSRMatrix, history: CSRMatrix) {
        self.weights = weights; self.history = history
        scorer = ItemNeighbourhoodScorer(sourceMajor: weights)
    }

    /// User `user`'s history replaced by `items` (binarised, as trained); `user == history.rows` adds one.
    mutating func foldIn(user: Int32, items: [Int32]) {
        history = history.replacingRow(Int(user), columns: items, values: [Float](repeating: 1, count: items.count))
    }

    func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        scorer.score(users: users, items: items, history: history, estimate: .sum) { _, _, r in r }
    }

    func save(to group: HDF5Group, type: String) throws {
        try group.setAttribute("type", type)
        try group.write("weights", csr: weights, compression: 0)
        try group.write("history", csr: history, compression: 0)
    }

    mutating func load(from group: HDF5Group, type: String) throws {
        let w = try group.readCSRMatrix("weights"), x = try group.readCSRMatrix("history")
        guard w.rows == w.cols, w.rows == x.cols else {
            throw ModelError.incompatibleSave(model: type, detail: "weights \(w.rows) × \(w.cols), history \(x.cols) items")
        }
        set(weights: w, history: x)
    }
}
