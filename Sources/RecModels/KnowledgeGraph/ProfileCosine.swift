import RecCore

/// Sparse profile scoring shared by the knowledge-graph and content-based models: a user's profile is
/// the weighted sum of the feature rows of the items they interacted with, `p_u = Σ_j w_uj x_j`, and
/// the score of item i is the cosine `p_u · x_i / (‖p_u‖ ‖x_i‖)` (0 when either is zero).
///
/// Both matrices stay sparse. A user's profile is accumulated into a dense per-thread buffer; full
/// ranking then walks only the columns (features) the profile touches, in ascending feature order,
/// while a subset of items is scored row by row in the same ascending order, so both give bit-equal
/// scores. Users are scored in parallel chunks (`Parallelism.forEachChunk`); each user is computed by
/// one thread, so results do not depend on the thread count.
struct ProfileCosine: Sendable {
    /// Items × features, any non-negative or signed weights.
    let itemFeatures: CSRMatrix
    /// Features × items (the transpose), for full ranking.
    let featureItems: CSRMatrix
    /// Users × items profile weights `w_uj`.
    let userWeights: CSRMatrix
    /// ‖x_i‖ per item.
    let itemNorms: [Float]

    init(itemFeatures: CSRMatrix, userWeights: CSRMatrix) {
        precondition(itemFeatures.rows == userWeights.cols, "item feature rows must match the profile's items")
        self.itemFeatures = itemFeatures
        self.featureItems = itemFeatures.transposed()
        self.userWeights = userWeights
        var norms = [Float](repeating: 0, count: itemFeatures.rows)
        for i in 0..<itemFeatures.rows {
            var s = 0.0
            for p in itemFeatures.indptr[i]..<itemFeatures.indptr[i + 1] { s += Double(itemFeatures.values[p]) * Double(itemFeatures.values[p]) }
            norms[i] = Float(s.squareRoot())
        }
        itemNorms = norms
    }

    static let empty = ProfileCosine(itemFeatures: .zeros(rows: 0, cols: 0), userWeights: .zeros(rows: 0, cols: 0))

    var itemCount: Int { itemFeatures.rows }

    /// Cosine scores, `users.count × (items?.count ?? itemCount)`.
    func scores(users: [Int32], items: [Int32]?) -> DenseMatrix {
        let cols = items?.count ?? itemCount
        var out = DenseMatrix(rows: users.count, cols: cols)
        guard users.count > 0, cols > 0 else { return out }
        let me = self
        out.storage.withUnsafeMutableBufferPointer { op in
            let dst = SharedPointer(op)
            Parallelism.forEachChunk(count: users.count, minChunk: 16) { range in
                var acc = [Float](repeating: 0, count: me.itemFeatures.cols)
                var seen = [Bool](repeating: false, count: me.itemFeatures.cols)
                var touched: [Int32] = []
                acc.withUnsafeMutableBufferPointer { accBuffer in
                    seen.withUnsafeMutableBufferPointer { seenBuffer in
                        for r in range {
                            me.accumulate(user: Int(users[r]), into: accBuffer, seen: seenBuffer, touched: &touched)
                            me.scoreRow(acc: UnsafeBufferPointer(accBuffer), touched: touched, items: items, out: dst.base + r * cols)
                            for f in touched { accBuffer[Int(f)] = 0; seenBuffer[Int(f)] = false }
                            touched.removeAll(keepingCapacity: true)
                        }
                    }
                }
            }
        }
        return out
    }

    /// `acc = Σ_j w_uj x_j` over the user's items in ascending item order; `touched` sorted ascending.
    private func accumulate(user u: Int, into acc: UnsafeMutableBufferPointer<Float>, seen: UnsafeMutableBufferPointer<Bool>,
                            touched: inout [Int32]) {
        guard u < userWeights.rows else { return }
        itemFeatures.indptr.withUnsafeBufferPointer { xp in
            itemFeatures.indices.withUnsafeBufferPointer { xi in
                itemFeatures.values.withUnsafeBufferPointer { xv in
                    let w = userWeights
                    for q in w.indptr[u]..<w.indptr[u + 1] {
                        let j = Int(w.indices[q]), wj = w.values[q]
                        if wj == 0 { continue }
                        for p in xp[j]..<xp[j + 1] {
                            let f = Int(xi[p])
                            acc[f] += wj * xv[p]
                            if !seen[f] { seen[f] = true; touched.append(Int32(f)) }
                        }
                    }
                }
            }
        }
        touched.sort()
    }

    private func scoreRow(acc: UnsafeBufferPointer<Float>, touched: [Int32], items: [Int32]?, out: UnsafeMutablePointer<Float>) {
        var normSquared = 0.0
        for f in touched { normSquared += Double(acc[Int(f)]) * Double(acc[Int(f)]) }
        guard normSquared > 0 else { return }
        let profileNorm = Float(normSquared.squareRoot())
        itemNorms.withUnsafeBufferPointer { norms in
            if let items {
                let x = itemFeatures
                x.indptr.withUnsafeBufferPointer { xp in x.indices.withUnsafeBufferPointer { xi in x.values.withUnsafeBufferPointer { xv in
                    for (c, i32) in items.enumerated() {
                        let i = Int(i32)
                        guard norms[i] > 0 else { continue }
                        var dot: Float = 0
                        for p in xp[i]..<xp[i + 1] { dot += acc[Int(xi[p])] * xv[p] }
                        out[c] = dot / (profileNorm * norms[i])
                    }
                }}}
            } else {
                let t = featureItems
                t.indptr.withUnsafeBufferPointer { tp in t.indices.withUnsafeBufferPointer { ti in t.values.withUnsafeBufferPointer { tv in
                    for f in touched {
                        let pf = acc[Int(f)]
                        if pf == 0 { continue }
                        for p in tp[Int(f)]..<tp[Int(f) + 1] { out[Int(ti[p])] += pf * tv[p] }
                    }
                }}}
                for i in 0..<itemCount where norms[i] > 0 { out[i] = out[i] / (profileNorm * norms[i]) }
            }
        }
    }
}
