import _Differentiation
import RecCore

/// Inverted dropout (Srivastava et al., 2014): each value is kept with probability `1 − rate` and
/// scaled by `1 / (1 − rate)`, or set to 0, so the expected output equals the input and inference
/// needs no rescaling (call it only while training). The mask is drawn from
/// `SeededGenerator(seed: seed)`, so the same seed drops the same values; pass a new seed each step
/// (for example `SeededGenerator.derived(seed: runSeed, stream: step).next()`).
///
/// ```swift
/// let h = dropout(relu(dense(x)), rate: 0.2, seed: stepSeed)
/// ```
@differentiable(reverse, wrt: x)
public func dropout(_ x: Tensor, rate: Float, seed: UInt64) -> Tensor {
    x * dropoutMask(rows: x.rows, cols: x.cols, rate: rate, seed: seed)
}

/// y = x ⊙ m with the mask m (values 0 or 1/(1 − rate)) drawn once in the forward pass and kept by
/// the pullback: dx = g ⊙ m.
@usableFromInline @derivative(of: dropout, wrt: x)
func _vjpDropout(_ x: Tensor, rate: Float, seed: UInt64) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let mask = dropoutMask(rows: x.rows, cols: x.cols, rate: rate, seed: seed)
    return (Tensor.zipScalars(x, mask, *), { g in g.isEmpty ? .zero : Tensor.zipScalars(g, mask, *) })
}

/// The dropout mask: 0 with probability `rate`, else `1 / (1 − rate)`.
func dropoutMask(rows: Int, cols: Int, rate: Float, seed: UInt64) -> Tensor {
    precondition(rate >= 0 && rate < 1, "dropout rate \(rate) must be in [0, 1)")
    var rng = SeededGenerator(seed: seed)
    let keep = 1 / (1 - rate)
    return Tensor(rows: rows, cols: cols) { m in
        for i in 0..<m.count { m[i] = rng.nextFloat() < rate ? 0 : keep }
    }
}
