import _Differentiation

// Batch losses, each the mean over the batch's values. Each derivative is written in closed form
// so the backward pass is one contiguous loop.

/// Mean squared error, `(1/n) Σ (p − y)²` (rating prediction).
@differentiable(reverse)
public func meanSquaredError(predicted: Tensor, expected: Tensor) -> Float {
    precondition(predicted.hasShape(of: expected), "meanSquaredError: \(predicted) vs \(expected)")
    return Tensor.zipScalars(predicted, expected) { p, y in (p - y) * (p - y) }.scalarSum() / Float(max(1, predicted.count))
}

/// ∂/∂p = 2(p − y)/n, ∂/∂y = −2(p − y)/n.
@usableFromInline @derivative(of: meanSquaredError)
func _vjpMeanSquaredError(predicted: Tensor, expected: Tensor) -> (value: Float, pullback: (Float) -> (Tensor, Tensor)) {
    (meanSquaredError(predicted: predicted, expected: expected), { g in
        let s = 2 * g / Float(max(1, predicted.count))
        let dp = Tensor.zipScalars(predicted, expected) { p, y in s * (p - y) }
        return (dp, -dp)
    })
}

/// Binary cross-entropy on logits z with labels y ∈ [0, 1], `(1/n) Σ −y log σ(z) − (1 − y) log(1 − σ(z))`,
/// computed stably as `max(z, 0) − z·y + log(1 + e^(−|z|))` (no overflow, no log of 0).
@differentiable(reverse, wrt: logits)
public func sigmoidCrossEntropy(logits: Tensor, labels: Tensor) -> Float {
    precondition(logits.hasShape(of: labels), "sigmoidCrossEntropy: \(logits) vs \(labels)")
    return Tensor.zipScalars(logits, labels) { z, y in softplus(z) - z * y }.scalarSum() / Float(max(1, logits.count))
}

/// ∂/∂z = (σ(z) − y)/n.
@usableFromInline @derivative(of: sigmoidCrossEntropy, wrt: logits)
func _vjpSigmoidCrossEntropy(logits: Tensor, labels: Tensor) -> (value: Float, pullback: (Float) -> Tensor) {
    (sigmoidCrossEntropy(logits: logits, labels: labels), { g in
        let s = g / Float(max(1, logits.count))
        return Tensor.zipScalars(logits, labels) { z, y in s * (stableSigmoid(z) - y) }
    })
}

/// Bayesian personalised ranking loss (Rendle et al., 2009), `(1/n) Σ −log σ(pos − neg)` over paired
/// scores of a positive and a sampled negative item, computed as the softplus of `neg − pos`.
@differentiable(reverse)
public func bprLoss(positive: Tensor, negative: Tensor) -> Float {
    precondition(positive.hasShape(of: negative), "bprLoss: \(positive) vs \(negative)")
    return Tensor.zipScalars(positive, negative) { p, n in softplus(n - p) }.scalarSum() / Float(max(1, positive.count))
}

/// With d = pos − neg: ∂/∂pos = −σ(−d)/n, ∂/∂neg = +σ(−d)/n.
@usableFromInline @derivative(of: bprLoss)
func _vjpBPRLoss(positive: Tensor, negative: Tensor) -> (value: Float, pullback: (Float) -> (Tensor, Tensor)) {
    (bprLoss(positive: positive, negative: negative), { g in
        let s = g / Float(max(1, positive.count))
        let dn = Tensor.zipScalars(positive, negative) { p, n in s * stableSigmoid(n - p) }
        return (-dn, dn)
    })
}
