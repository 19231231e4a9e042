import _Differentiation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Row-wise log-softmax, `y_rc = z_rc − log Σ_c' e^(z_rc')`, with the log-sum-exp shifted by the
/// row's maximum so no `expf` overflows. The multinomial log-likelihood of Mult-VAE (Liang et al.,
/// WWW 2018, eq. 2) is `Σ_c x_rc · logSoftmax(z)_rc` for a user's multi-hot row x_r.
///
/// ```swift
/// let logLikelihood = sum(logSoftmax(logits) * clicks)     // clicks: constant multi-hot rows
/// ```
@differentiable(reverse)
public func logSoftmax(_ z: Tensor) -> Tensor {
    let cols = z.cols
    return Tensor(rows: z.rows, cols: cols) { out in
        z.scalars.withUnsafeBufferPointer { zs in
            for r in 0..<z.rows {
                let row = zs.baseAddress! + r * cols, dst = out.baseAddress! + r * cols
                var peak = -Float.infinity
                for c in 0..<cols where row[c] > peak { peak = row[c] }
                var total: Float = 0
                for c in 0..<cols { total += expf(row[c] - peak) }
                let lse = peak + logf(total)
                for c in 0..<cols { dst[c] = row[c] - lse }
            }
        }
    }
}

/// With p = softmax(z_r) = e^(y_r): dz_rc = g_rc − p_rc Σ_c' g_rc' (the Jacobian I − 1pᵀ applied per
/// row), computed from the saved output.
@usableFromInline @derivative(of: logSoftmax)
func _vjpLogSoftmax(_ z: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let y = logSoftmax(z)
    return (y, { g in
        if g.isEmpty { return .zero }
        let cols = y.cols
        return Tensor(rows: y.rows, cols: cols) { out in
            y.scalars.withUnsafeBufferPointer { ys in
                g.scalars.withUnsafeBufferPointer { gs in
                    for r in 0..<y.rows {
                        let yr = ys.baseAddress! + r * cols, gr = gs.baseAddress! + r * cols
                        let dst = out.baseAddress! + r * cols
                        var total: Float = 0
                        for c in 0..<cols { total += gr[c] }
                        for c in 0..<cols { dst[c] = gr[c] - expf(yr[c]) * total }
                    }
                }
            }
        }
    })
}
