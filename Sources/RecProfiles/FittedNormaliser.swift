import RecCore

/// Per-column normalisation fitted on the training entities and applied to every row, including
/// entities without training data and entities folded in later:
///
///     value = ((x is undefined ? fill : x) − offset) / scale
///
/// `fill` is the column's mean over the training entities' defined values (0 when there are none),
/// so an undefined feature — a cold user's rating mean, a missing age — sits at the training
/// population's mean (0 after z-scoring). Only continuous columns get `offset`/`scale` from
/// `method` (z-score: mean and population standard deviation; min-max: minimum and range); the
/// others keep offset 0 and scale 1. A zero spread gives scale 1.
///
/// ```swift
/// let n = FittedNormaliser.fit(raw: raw, fitRows: hasTraining, continuous: mask, method: .zScore)
/// let row = n.apply(raw.row(u))
/// ```
public struct FittedNormaliser: Sendable, Equatable {
    /// The fitted method.
    public let method: Normalisation
    /// Subtracted from each column.
    public let offset: [Float]
    /// Divides each column.
    public let scale: [Float]
    /// Replaces undefined (NaN) raw values.
    public let fill: [Float]

    /// A normaliser from stored parameters (all three arrays one entry per column).
    public init(method: Normalisation, offset: [Float], scale: [Float], fill: [Float]) {
        precondition(offset.count == scale.count && scale.count == fill.count, "normaliser arrays differ in length")
        self.method = method; self.offset = offset; self.scale = scale; self.fill = fill
    }

    /// Number of columns.
    public var columnCount: Int { offset.count }

    /// Fits on the rows of `raw` where `fitRows` is true; `continuous[j]` says whether column `j` is rescaled.
    public static func fit(raw: DenseMatrix, fitRows: [Bool], continuous: [Bool], method: Normalisation) -> FittedNormaliser {
        let cols = raw.cols
        var n = [Double](repeating: 0, count: cols), sum = n, squares = n
        var low = [Double](repeating: .infinity, count: cols), high = [Double](repeating: -.infinity, count: cols)
        raw.storage.withUnsafeBufferPointer { x in
            for r in 0..<raw.rows where fitRows[r] {
                for j in 0..<cols {
                    let v = Double(x[r * cols + j])
                    guard !v.isNaN else { continue }
                    n[j] += 1; sum[j] += v; squares[j] += v * v
                    low[j] = min(low[j], v); high[j] = max(high[j], v)
                }
            }
        }
        var offset = [Float](repeating: 0, count: cols), scale = [Float](repeating: 1, count: cols)
        var fill = [Float](repeating: 0, count: cols)
        for j in 0..<cols where n[j] > 0 {
            let mean = sum[j] / n[j]
            fill[j] = Float(mean)
            guard continuous[j] else { continue }
            switch method {
            case .none: break
            case .zScore:
                let sd = max(0, squares[j] / n[j] - mean * mean).squareRoot()
                offset[j] = Float(mean); scale[j] = sd > 1e-12 ? Float(sd) : 1
            case .minMax:
                offset[j] = Float(low[j]); scale[j] = high[j] - low[j] > 1e-12 ? Float(high[j] - low[j]) : 1
            }
        }
        return FittedNormaliser(method: method, offset: offset, scale: scale, fill: fill)
    }

    /// Normalises one raw row.
    public func apply<C: Collection>(_ row: C) -> [Float] where C.Element == Float {
        precondition(row.count == columnCount, "row has \(row.count) columns, the normaliser \(columnCount)")
        return zip(row, 0..<columnCount).map { x, j in ((x.isNaN ? fill[j] : x) - offset[j]) / scale[j] }
    }

    /// Normalises rows `rows` of `raw` into the same rows of `values`.
    func apply(raw: DenseMatrix, rows: some Sequence<Int>, into values: inout DenseMatrix) {
        let cols = raw.cols
        raw.storage.withUnsafeBufferPointer { x in
            values.storage.withUnsafeMutableBufferPointer { out in
                offset.withUnsafeBufferPointer { o in
                    scale.withUnsafeBufferPointer { s in
                        fill.withUnsafeBufferPointer { f in
                            for r in rows {
                                for j in 0..<cols {
                                    let v = x[r * cols + j]
                                    out[r * cols + j] = ((v.isNaN ? f[j] : v) - o[j]) / s[j]
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
