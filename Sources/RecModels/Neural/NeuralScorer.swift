import RecAutodiff
import RecCore

/// Full-ranking inference for the neural recommenders without the autodiff machinery.
///
/// The first layer is split by input block: `W₁ [p_u ⊕ q_i ⊕ x_u ⊕ x_i] + b₁ = U_u + I_i` with
/// `U = P W₁[p] + X_u W₁[x_u]` per user and `I = Q W₁[q] + X_i W₁[x_i] + b₁` per item, each one `sgemm`
/// per call. Each user's row of scores is then `relu(U_u + I)` through the remaining layers as
/// `sgemm`s over all requested items, plus NeuMF's GMF term `(p^G_u ⊙ w_G) · Q^Gᵀ` (one `sgemm` for all
/// users) and the profile × item term split the same way: `(W_uᵀ x_u + w₀) · v_i` (one `sgemm`) plus a
/// per-item constant `(W_iᵀ x_i) · v_i + b_i`. Users are split over threads; each user's row is computed the same way whatever the
/// split, so scores do not depend on the thread count.
struct NeuralScorer {
    let tower: FeatureTower
    let output: Dense
    let gmf: (users: Tensor, items: Tensor)?
    let interaction: ProfileInteraction
    let userSide: NeuralSide, itemSide: NeuralSide
    let factors: Int
    /// Added to every score (the global mean in rating mode).
    let offset: Float

    func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        let itemIds = items ?? (0..<Int32(itemSide.count)).map { $0 }
        let nU = users.count, nI = itemIds.count
        var out = DenseMatrix(rows: nU, cols: nI)
        guard nU > 0, nI > 0 else { return out }
        let f = factors, fu = userSide.featureCount, fi = itemSide.featureCount
        let first = tower.layers[0], h1 = first.outputSize
        let userRows = users.map { userSide.embeddingRow(Int($0)) }
        let itemRows = itemIds.map { itemSide.embeddingRow(Int($0)) }
        // Per-user and per-item parts of the first layer.
        var userPart = project(tower.users.table, rows: userRows, weight: first.weight, weightRow: 0, width: f)
        if fu > 0 { addProject(&userPart, userSide.values, rows: users, weight: first.weight, weightRow: 2 * f, width: fu) }
        var itemPart = project(tower.items.table, rows: itemRows, weight: first.weight, weightRow: f, width: f)
        if fi > 0 { addProject(&itemPart, itemSide.values, rows: itemIds, weight: first.weight, weightRow: 2 * f + fu, width: fi) }
        for r in 0..<nI { for c in 0..<h1 { itemPart[r * h1 + c] += first.bias.scalars[c] } }
        // GMF term for all pairs at once: (p_u ⊙ w_G) · q_iᵀ.
        if let gmf {
            var weighted = gather(gmf.users, rows: userRows, width: f)
            for r in 0..<nU { for k in 0..<f { weighted[r * f + k] *= output.weight.scalars[k] } }
            let q = gather(gmf.items, rows: itemRows, width: f)
            out.storage.withUnsafeMutableBufferPointer { c in
                weighted.withUnsafeBufferPointer { a in q.withUnsafeBufferPointer { b in
                    BLAS.gemm(transB: true, m: nU, n: nI, k: f, a: a.baseAddress!, lda: f, b: b.baseAddress!, ldb: f,
                              c: c.baseAddress!, ldc: nI)
                }}
            }
        }
        if interaction.enabled { addInteraction(&out, users: users, itemIds: itemIds, itemRows: itemRows) }
        let towerWeights = Array(output.weight.scalars[(gmf == nil ? 0 : f)...])
        let bias = output.bias.scalars[0] + offset
        let rest = Array(tower.layers.dropFirst())
        let up = userPart, ip = itemPart
        out.storage.withUnsafeMutableBufferPointer { storage in
            let result = SharedPointer(storage)
            Parallelism.forEachChunk(count: nU, minChunk: 8) { range in
                var h = [Float](repeating: 0, count: nI * h1)
                var next: [Float] = []
                var column = [Float](repeating: 0, count: nI)
                for r in range {
                    for i in 0..<nI {
                        for c in 0..<h1 { h[i * h1 + c] = max(0, up[r * h1 + c] + ip[i * h1 + c]) }
                    }
                    var width = h1
                    for layer in rest {
                        let w = layer.outputSize
                        if next.count != nI * w { next = [Float](repeating: 0, count: nI * w) }
                        for i in 0..<nI { for c in 0..<w { next[i * w + c] = layer.bias.scalars[c] } }
                        h.withUnsafeBufferPointer { a in layer.weight.scalars.withUnsafeBufferPointer { b in
                            next.withUnsafeMutableBufferPointer { c in
                                BLAS.gemm(m: nI, n: w, k: width, a: a.baseAddress!, lda: width, b: b.baseAddress!, ldb: w,
                                          beta: 1, c: c.baseAddress!, ldc: w)
                            }
                        }}
                        for k in 0..<(nI * w) where next[k] < 0 { next[k] = 0 }
                        swap(&h, &next)
                        width = w
                    }
                    h.withUnsafeBufferPointer { a in towerWeights.withUnsafeBufferPointer { b in
                        column.withUnsafeMutableBufferPointer { c in
                            BLAS.gemm(m: nI, n: 1, k: width, a: a.baseAddress!, lda: width, b: b.baseAddress!, ldb: 1,
                                      c: c.baseAddress!, ldc: 1)
                        }
                    }}
                    for i in 0..<nI { result.base[r * nI + i] += column[i] + bias }
                    if h.count != nI * h1 { h = [Float](repeating: 0, count: nI * h1) }
                }
            }
        }
        return out
    }

    /// Adds `t(u, i) = (W_uᵀ x_u + w₀) · v_i + (W_iᵀ x_i) · v_i + b_i` to every requested pair.
    private func addInteraction(_ out: inout DenseMatrix, users: [Int32], itemIds: [Int32], itemRows: [Int32]) {
        let fu = userSide.featureCount, fi = itemSide.featureCount
        let w = interaction.projection.weight, k = w.cols, nU = users.count, nI = itemIds.count
        var a = [Float](repeating: 0, count: nU * k)
        for r in 0..<nU { for c in 0..<k { a[r * k + c] = interaction.projection.bias.scalars[c] } }
        if fu > 0 { addProject(&a, userSide.values, rows: users, weight: w, weightRow: 0, width: fu) }
        let v = gather(interaction.items.table, rows: itemRows, width: k)
        var itemProjection = [Float](repeating: 0, count: nI * k)
        if fi > 0 { addProject(&itemProjection, itemSide.values, rows: itemIds, weight: w, weightRow: fu, width: fi) }
        var constant = [Float](repeating: 0, count: nI)
        for i in 0..<nI {
            var s = interaction.itemBias.table.scalars[Int(itemRows[i])]
            for c in 0..<k { s += itemProjection[i * k + c] * v[i * k + c] }
            constant[i] = s
        }
        out.storage.withUnsafeMutableBufferPointer { o in
            a.withUnsafeBufferPointer { ap in v.withUnsafeBufferPointer { vp in
                BLAS.gemm(transB: true, m: nU, n: nI, k: k, a: ap.baseAddress!, lda: k, b: vp.baseAddress!, ldb: k,
                          beta: 1, c: o.baseAddress!, ldc: nI)
            }}
            for r in 0..<nU { for i in 0..<nI { o[r * nI + i] += constant[i] } }
        }
    }

    /// `table[rows] · weight[weightRow ..< weightRow + width]` (rows.count × weight.cols).
    private func project(_ table: Tensor, rows: [Int32], weight: Tensor, weightRow: Int, width: Int) -> [Float] {
        var out = [Float](repeating: 0, count: rows.count * weight.cols)
        addProject(&out, DenseMatrix(rows: table.rows, cols: table.cols, storage: table.scalars), rows: rows,
                   weight: weight, weightRow: weightRow, width: width)
        return out
    }

    private func addProject(_ out: inout [Float], _ table: DenseMatrix, rows: [Int32], weight: Tensor, weightRow: Int, width: Int) {
        let x = gather(Tensor(rows: table.rows, cols: table.cols, scalars: table.storage), rows: rows, width: width)
        let n = weight.cols
        x.withUnsafeBufferPointer { a in weight.scalars.withUnsafeBufferPointer { b in
            out.withUnsafeMutableBufferPointer { c in
                BLAS.gemm(m: rows.count, n: n, k: width, a: a.baseAddress!, lda: width,
                          b: b.baseAddress! + weightRow * n, ldb: n, beta: 1, c: c.baseAddress!, ldc: n)
            }
        }}
    }

    private func gather(_ table: Tensor, rows: [Int32], width: Int) -> [Float] {
        table.gatheringRows(rows).scalars
    }
}
