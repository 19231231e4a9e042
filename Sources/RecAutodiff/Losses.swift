import _Differentiation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// Batch losses, each the mean over the batch's values (the softmax loss: over its rows). Each derivative is written in closed form
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

/// Multinomial log-likelihood over each row's classes (softmax cross-entropy with non-negative
/// target weights), `(1/rows) Σ_r Σ_c −y_rc log softmax(z_r)_c`. With multi-hot rows y_r (a user's
/// items) this is the catalogue-wide softmax of YouTube's candidate generator (Covington et al.,
/// RecSys 2016) and Mult-VAE's likelihood (Liang et al., WWW 2018). Computed stably per row as
/// `(Σ_c y_rc) · lse(z_r) − Σ_c y_rc z_rc` with `lse` the log-sum-exp shifted by the row's maximum.
@differentiable(reverse, wrt: logits)
public func softmaxCrossEntropy(logits: Tensor, labels: Tensor) -> Float {
    precondition(logits.hasShape(of: labels), "softmaxCrossEntropy: \(logits) vs \(labels)")
    var total: Float = 0
    forEachSoftmaxRow(logits, labels) { z, y, lse, cols in
        var weight: Float = 0, dot: Float = 0
        for c in 0..<cols { weight += y[c]; dot += y[c] * z[c] }
        total += weight * lse - dot
    }
    return total / Float(max(1, logits.rows))
}

/// ∂/∂z_rc = (softmax(z_r)_c · Σ_c' y_rc' − y_rc) / rows.
@usableFromInline @derivative(of: softmaxCrossEntropy, wrt: logits)
func _vjpSoftmaxCrossEntropy(logits: Tensor, labels: Tensor) -> (value: Float, pullback: (Float) -> Tensor) {
    (softmaxCrossEntropy(logits: logits, labels: labels), { g in
        let s = g / Float(max(1, logits.rows))
        var out = Tensor(rows: logits.rows, cols: logits.cols)
        out.scalars.withUnsafeMutableBufferPointer { o in
            var r = 0
            forEachSoftmaxRow(logits, labels) { z, y, lse, cols in
                var weight: Float = 0
                for c in 0..<cols { weight += y[c] }
                let dst = o.baseAddress! + r * cols
                for c in 0..<cols { dst[c] = s * (weight * expf(z[c] - lse) - y[c]) }
                r += 1
            }
        }
        return out
    })
}

/// Calls `body(z_r, y_r, lse(z_r), cols)` for each row r, with `lse` the row's log-sum-exp.
@inline(__always)
private func forEachSoftmaxRow(_ logits: Tensor, _ labels: Tensor,
                               _ body: (UnsafePointer<Float>, UnsafePointer<Float>, Float, Int) -> Void) {
    let cols = logits.cols
    guard cols > 0 else { return }
    logits.scalars.withUnsafeBufferPointer { zs in
        labels.scalars.withUnsafeBufferPointer { ys in
            for r in 0..<logits.rows {
                let z = zs.baseAddress! + r * cols, y = ys.baseAddress! + r * cols
                var peak = z[0]
                for c in 1..<cols where z[c] > peak { peak = z[c] }
                var total: Float = 0
                for c in 0..<cols { total += expf(z[c] - peak) }
                body(z, y, peak + logf(total), cols)
            }
        }
    }
}

/// KL divergence of the diagonal Gaussian N(μ_r, diag(e^(log σ²_r))) from the standard normal,
/// averaged over the rows: `(1/rows) Σ_r Σ_c ½(μ² + σ² − log σ² − 1)` (Kingma & Welling, ICLR 2014,
/// appendix B), the regulariser of a variational autoencoder such as Mult-VAE.
@differentiable(reverse)
public func gaussianKLDivergence(mean: Tensor, logVariance: Tensor) -> Float {
    precondition(mean.hasShape(of: logVariance), "gaussianKLDivergence: \(mean) vs \(logVariance)")
    return Tensor.zipScalars(mean, logVariance) { m, v in 0.5 * (m * m + expf(v) - v - 1) }.scalarSum()
        / Float(max(1, mean.rows))
}

/// ∂/∂μ = μ/rows, ∂/∂(log σ²) = ½(σ² − 1)/rows.
@usableFromInline @derivative(of: gaussianKLDivergence)
func _vjpGaussianKLDivergence(mean: Tensor, logVariance: Tensor) -> (value: Float, pullback: (Float) -> (Tensor, Tensor)) {
    (gaussianKLDivergence(mean: mean, logVariance: logVariance), { g in
        let s = g / Float(max(1, mean.rows))
        return (mean.mapScalars { s * $0 }, logVariance.mapScalars { 0.5 * s * (expf($0) - 1) })
    })
}
