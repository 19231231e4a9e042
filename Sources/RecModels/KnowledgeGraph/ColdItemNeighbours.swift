import RecCore

/// The knowledge-graph neighbours that stand in for an item the base model cannot score: for every
/// item without training interactions ("cold") that has a knowledge profile, its `k` warm items with
/// the highest positive profile cosine `s_ij = cos(x_i, x_j)`. `KGBoost` imputes the cold item's
/// normalised base score as the similarity-weighted mean of its neighbours' normalised base scores,
///
///     ẑ_u(i) = Σ_{j ∈ N_k(i)} s_ij z_u(j) / Σ_{j ∈ N_k(i)} s_ij,
///
/// the item-kNN form of an attribute-to-score mapping (cf. the kNN attribute-to-feature mapping of
/// Gantner, Drumond, Freudenthaler, Rendle & Schmidt-Thieme, ICDM 2010, which maps a cold item's
/// attributes to its nearest items' latent factors; for a model linear in its item factors this is
/// the same as mapping the scores).
///
/// ```swift
/// let cold = ColdItemNeighbours(profiles: profiles, warm: warm, count: 20)
/// cold.neighbours.rowCount(i)   // ≤ 20 warm stand-ins for cold item i
/// ```
struct ColdItemNeighbours: Sendable {
    /// Items × items: row i holds cold item i's neighbours `j` with weight `s_ij / Σ s`, columns
    /// ascending. Empty rows for warm items and cold items without neighbours.
    let neighbours: CSRMatrix

    static let empty = ColdItemNeighbours(neighbours: .zeros(rows: 0, cols: 0))

    init(neighbours: CSRMatrix) { self.neighbours = neighbours }

    /// Neighbours of every cold item (`warm[i] == false`) over the profiles' item rows: the item
    /// cosine top-k of the neighbourhood models (`NeighbourSimilarity.topK`) restricted to cold query
    /// rows and warm candidates, keeping cosines above 10⁻⁶, each row's weights scaled to sum to 1.
    init(profiles: ProfileCosine, warm: [Bool], count k: Int) {
        let n = profiles.itemCount
        precondition(warm.count == n, "ColdItemNeighbours: \(warm.count) warm flags for \(n) items")
        guard k > 0 else { self.init(neighbours: .zeros(rows: n, cols: n)); return }
        let top = NeighbourSimilarity.topK(profiles.itemFeatures, similarity: .cosine, shrinkage: 0, k: k,
                                           queries: warm.map { !$0 }, candidates: warm)
        var indptr = [Int](repeating: 0, count: n + 1)
        var indices: [Int32] = [], values: [Float] = []
        for i in 0..<n {
            let row = top.row(i)
            let kept = zip(row.indices, row.values).filter { $0.1 > 1e-6 }
            let total = kept.reduce(Float(0)) { $0 + $1.1 }
            for (j, s) in kept { indices.append(j); values.append(s / total) }
            indptr[i + 1] = indices.count
        }
        self.init(neighbours: CSRMatrix(rows: n, cols: n, indptr: indptr, indices: indices, values: values))
    }

    /// Whether item i's base score is imputed.
    func imputes(_ i: Int) -> Bool { i < neighbours.rows && neighbours.indptr[i + 1] > neighbours.indptr[i] }

    /// How to impute over the whole catalogue of `itemCount` items, or nil when no item is imputed.
    /// Every neighbour is then a column of its own (kg_boost scores a subset as columns of the full
    /// matrix), so the plan needs no extra base columns.
    func plan(itemCount: Int) -> ColdImputationPlan? {
        let imputed = (0..<itemCount).filter(imputes)
        guard !imputed.isEmpty else { return nil }
        var offsets = [0], neighbourColumns: [Int] = [], weights: [Float] = []
        for i in imputed {
            for p in neighbours.indptr[i]..<neighbours.indptr[i + 1] {
                neighbourColumns.append(Int(neighbours.indices[p])); weights.append(neighbours.values[p])
            }
            offsets.append(neighbourColumns.count)
        }
        return ColdImputationPlan(imputedColumns: imputed, offsets: offsets, neighbourColumns: neighbourColumns, weights: weights)
    }
}

/// One `score` call's imputation over the whole catalogue: item column `imputedColumns[m]` becomes
/// the weighted mean of columns `neighbourColumns[offsets[m]..<offsets[m + 1]]`.
struct ColdImputationPlan {
    let imputedColumns: [Int]
    let offsets: [Int]
    let neighbourColumns: [Int]
    let weights: [Float]

    /// Normalises one row of base scores (every item) over the items that are not imputed,
    /// imputes the others from their neighbours' normalised scores, and normalises the imputed
    /// values as a group of their own (`scratch` holds `imputedColumns.count` values).
    func normalizeAndImpute(_ row: UnsafeMutableBufferPointer<Float>, _ normalization: ScoreNormalization,
                            scratch: UnsafeMutableBufferPointer<Float>) {
        for c in imputedColumns { row[c] = .nan }
        let map = normalization.affine(of: UnsafeBufferPointer(row))
        normalization.apply(map, to: row)
        for m in imputedColumns.indices {
            var s: Float = 0
            for p in offsets[m]..<offsets[m + 1] { s += weights[p] * row[neighbourColumns[p]] }
            scratch[m] = s
        }
        normalization.normalize(scratch)
        for (m, c) in imputedColumns.enumerated() { row[c] = scratch[m] }
    }
}
