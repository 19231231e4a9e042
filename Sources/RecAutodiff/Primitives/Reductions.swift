import _Differentiation

/// Sum of all values, a scalar.
@differentiable(reverse)
public func sum(_ x: Tensor) -> Float { x.scalarSum() }

/// d(Σ x) / dx = 1 everywhere: the pullback broadcasts the upstream scalar.
@usableFromInline @derivative(of: sum)
func _vjpSum(_ x: Tensor) -> (value: Float, pullback: (Float) -> Tensor) {
    (sum(x), { g in Tensor(rows: x.rows, cols: x.cols, repeating: g) })
}

/// Mean of all values, a scalar.
@differentiable(reverse)
public func mean(_ x: Tensor) -> Float { x.scalarSum() / Float(max(1, x.count)) }

/// d(mean x) / dx = 1/n everywhere.
@usableFromInline @derivative(of: mean)
func _vjpMean(_ x: Tensor) -> (value: Float, pullback: (Float) -> Tensor) {
    (mean(x), { g in Tensor(rows: x.rows, cols: x.cols, repeating: g / Float(max(1, x.count))) })
}

/// Sum along the features of each row: an `rows × 1` column (a row-wise dot product is
/// `rowSums(a * b)`, a squared distance `rowSums(d * d)`).
@differentiable(reverse)
public func rowSums(_ x: Tensor) -> Tensor {
    let n = x.cols
    return Tensor(rows: x.rows, cols: 1) { out in
        x.scalars.withUnsafeBufferPointer { xp in
            for r in 0..<x.rows {
                var s: Float = 0
                for c in 0..<n { s += xp[r * n + c] }
                out[r] = s
            }
        }
    }
}

/// d(Σ_c x[r, c]) / dx[r, c] = 1: each row of the gradient repeats that row's upstream value.
@usableFromInline @derivative(of: rowSums)
func _vjpRowSums(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    (rowSums(x), { g in
        if g.isEmpty { return .zero }
        let n = x.cols
        return Tensor(rows: x.rows, cols: n) { out in
            g.scalars.withUnsafeBufferPointer { gp in
                for r in 0..<x.rows { (out.baseAddress! + r * n).initialize(repeating: gp[r], count: n) }
            }
        }
    })
}
