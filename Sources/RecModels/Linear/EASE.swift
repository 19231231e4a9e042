import Foundation
import RecConfig
import RecCore
import RecData
import RecHDF5

/// `ease`'s parameters.
public struct EASEConfig: Configuration {
    @Param(in: Bounds(lower: 0, upper: 1e9, includesLower: false), doc: "L2 penalty on the item-item weights")
    public var lambda: Float = 500
    @Param(doc: "fit on 0/1 interactions instead of rating values")
    public var binarize = true
    @Param(in: 1...200_000, doc: "refuse catalogues larger than this (the model is items × items dense)")
    public var maxItems = 20_000
    public init() {}
}

/// Embarrassingly Shallow Autoencoder (Steck, WWW 2019): the item–item weight matrix `B` minimising
/// `‖X − XB‖²_F + λ‖B‖²_F` subject to `diag(B) = 0`, in closed form (eq. 8):
/// `P = (XᵀX + λI)⁻¹`, `B_ij = −P_ij / P_jj` for `i ≠ j`, `B_ii = 0`, i.e. `B = I − P·diag(1/diag(P))`.
/// Scores are `S_u = X_u · B`. `X` is binarised unless `binarize` is false.
///
/// `P` is found with LAPACKE `spotrf` + `spotri`; `B` is a dense items × items float matrix, so the
/// model refuses more than `maxItems` items (20 000 items ≈ 1.6 GB) with `ModelError.invalidParameter`.
///
/// ```swift
/// let ease = EASE(EASEConfig { $0.lambda = 500 })
/// ```
public final class EASE: RecommenderType {
    public static let typeName = "ease"
    public static let summary = "EASE^R: closed-form item-item weights with a zero diagonal (Steck 2019), solved through LAPACKE."
    public static let isDeterministic = true

    private(set) var weights = DenseMatrix(rows: 0, cols: 0)
    private var history = CSRMatrix.zeros(rows: 0, cols: 0)

    /// The model's validated configuration.
    public let config: EASEConfig

    /// An unfitted model.
    public init(_ config: EASEConfig = .init()) { self.config = config }

    public convenience init(config: EASEConfig, context: ModelContext) { self.init(config) }

    public func fit(_ data: TrainingData, observer: (any TrainingObserver)?) throws {
        let n = data.itemCount
        try ModelError.checkDenseItems(n, maxItems: config.maxItems, model: typeName)
        let x = data.userItem
        history = config.binarize ? x.binarized() : x
        // G = XᵀX + λI, accumulated from each user's sparse row (upper triangle only).
        var g = [Float](repeating: 0, count: n * n)
        let hist = history
        g.withUnsafeMutableBufferPointer { gp in
            hist.indices.withUnsafeBufferPointer { idx in hist.values.withUnsafeBufferPointer { val in
                for u in 0..<hist.rows {
                    let lo = hist.indptr[u], hi = hist.indptr[u + 1]
                    for a in lo..<hi {
                        let row = gp.baseAddress! + Int(idx[a]) * n, va = val[a]
                        for b in a..<hi { row[Int(idx[b])] += va * val[b] }
                    }
                }
            }}
            for i in 0..<n { gp[i * n + i] += config.lambda }
            guard n > 0 else { return }
            let base = gp.baseAddress!
            BLAS.choleskyFactor(n: n, a: base)
            BLAS.choleskyInverse(n: n, a: base)
            BLAS.symmetrizeUpper(n: n, a: base)
            // B = I − P · diag(1/diag P): column j divided by −P_jj, zero diagonal.
            var inv = [Float](repeating: 0, count: n)
            for j in 0..<n { inv[j] = -1 / base[j * n + j] }
            for i in 0..<n {
                let row = base + i * n
                for j in 0..<n { row[j] *= inv[j] }
                row[i] = 0
            }
        }
        weights = DenseMatrix(rows: n, cols: n, storage: g)
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        let n = weights.cols
        var full = DenseMatrix(rows: users.count, cols: n)
        full.storage.withUnsafeMutableBufferPointer { out in
            weights.storage.withUnsafeBufferPointer { w in
                for (r, u) in users.enumerated() {
                    let lo = history.indptr[Int(u)], hi = history.indptr[Int(u) + 1]
                    for p in lo..<hi {
                        BLAS.axpy(count: n, alpha: history.values[p], x: w.baseAddress! + Int(history.indices[p]) * n,
                                  y: out.baseAddress! + r * n)
                    }
                }
            }
        }
        guard let items else { return full }
        var out = DenseMatrix(rows: users.count, cols: items.count)
        for r in 0..<users.count { for (c, i) in items.enumerated() { out[r, c] = full[r, Int(i)] } }
        return out
    }

    public func save(to group: HDF5Group) throws {
        try group.setAttribute("type", typeName)
        try group.setAttribute("lambda", Double(config.lambda))
        try group.write("weights", matrix: weights, compression: 0)
        try group.write("history", csr: history)
    }

    public func load(from group: HDF5Group) throws {
        weights = try group.readDenseMatrix("weights")
        history = try group.readCSRMatrix("history")
        guard weights.rows == weights.cols, weights.cols == history.cols else {
            throw ModelError.incompatibleSave(model: typeName, detail: "weights \(weights.rows) × \(weights.cols), history \(history.cols) items")
        }
    }
}


extension EASE: FoldsInUsers {
    public var foldInUserCount: Int { history.rows }

    /// EASE scores `X_u B`: the new history (binarised when the model was) is used at once, `B` unchanged.
    public func foldIn(user: Int32, items: [Int32], values: [Float]) {
        history = history.replacingRow(Int(user), columns: items,
                                       values: config.binarize ? [Float](repeating: 1, count: items.count) : values)
    }
}
