import _Differentiation

// Elementwise |x| and √x: what distance-based models (TransE's L1 and L2 distances) are built from.

/// Absolute value, `|x|` elementwise (an L1 distance is `rowSums(abs(h + r − t))`).
@differentiable(reverse)
public func abs(_ x: Tensor) -> Tensor { x.mapScalars { Swift.abs($0) } }

/// d|x|/dx = sign(x), with the subgradient 0 at x = 0.
@usableFromInline @derivative(of: abs)
func _vjpAbs(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    (abs(x), { g in g.isEmpty ? .zero : Tensor.zipScalars(g, x) { g, x in x > 0 ? g : (x < 0 ? -g : 0) } })
}

/// Square root elementwise (an L2 distance is `sqrt(rowSums(d * d) + 1e-12)`; keep the argument
/// away from 0, where the derivative is infinite).
@differentiable(reverse)
public func sqrt(_ x: Tensor) -> Tensor { x.mapScalars { $0.squareRoot() } }

/// d√x/dx = 1 / (2√x), computed from the forward output.
@usableFromInline @derivative(of: sqrt)
func _vjpSqrt(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let y = sqrt(x)
    return (y, { g in g.isEmpty ? .zero : Tensor.zipScalars(g, y) { g, y in g / (2 * y) } })
}
