import _Differentiation

/// Adds the row vector `bias` (1 × cols) to every row of `x`: `y[r, c] = x[r, c] + bias[c]`.
///
/// ```swift
/// let y = addingBias(matmul(x, w), b)   // what `affine(x, w, b)` does in one sgemm
/// ```
@differentiable(reverse)
public func addingBias(_ x: Tensor, _ bias: Tensor) -> Tensor {
    precondition(bias.rows == 1 && bias.cols == x.cols, "addingBias: \(x) + \(bias)")
    let n = x.cols
    return Tensor(rows: x.rows, cols: n) { out in
        x.scalars.withUnsafeBufferPointer { xp in
            bias.scalars.withUnsafeBufferPointer { bp in
                for r in 0..<x.rows {
                    let base = r * n
                    for c in 0..<n { out[base + c] = xp[base + c] + bp[c] }
                }
            }
        }
    }
}

/// dx = G; dbias = Σ_rows G (the broadcast's adjoint is a sum over the batch).
@usableFromInline @derivative(of: addingBias)
func _vjpAddingBias(_ x: Tensor, _ bias: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    (addingBias(x, bias), { g in (g, g.columnSums()) })
}
