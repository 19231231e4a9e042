import _Differentiation
import RecCore
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A draw from the diagonal Gaussian N(μ, diag(σ²)) by the reparameterisation trick (Kingma &
/// Welling, ICLR 2014): `z = μ + σ ⊙ ε` with `σ = e^(½ log σ²)` and ε ~ N(0, I) drawn from
/// `SeededGenerator(seed:)`, so the draw is a differentiable function of μ and log σ² and the same
/// seed gives the same ε. Pass a new seed each step; at inference use μ itself.
///
/// ```swift
/// let z = gaussianSample(mean: mu, logVariance: logVar, seed: stepSeed)
/// ```
@differentiable(reverse)
public func gaussianSample(mean: Tensor, logVariance: Tensor, seed: UInt64) -> Tensor {
    let noise = standardNormalNoise(rows: mean.rows, cols: mean.cols, seed: seed)
    return mean.zipping(noise, logVariance) { m, e, v in m + expf(0.5 * v) * e }
}

/// dμ = g; d(log σ²) = g ⊙ ε ⊙ ½σ (the noise and σ saved from the forward pass).
@usableFromInline @derivative(of: gaussianSample)
func _vjpGaussianSample(mean: Tensor, logVariance: Tensor, seed: UInt64)
    -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    precondition(mean.hasShape(of: logVariance), "gaussianSample: \(mean) vs \(logVariance)")
    let noise = standardNormalNoise(rows: mean.rows, cols: mean.cols, seed: seed)
    let halfSigmaNoise = Tensor.zipScalars(noise, logVariance) { e, v in 0.5 * expf(0.5 * v) * e }
    let value = mean.zipping(noise, logVariance) { m, e, v in m + expf(0.5 * v) * e }
    return (value, { g in
        g.isEmpty ? (.zero, .zero) : (g, Tensor.zipScalars(g, halfSigmaNoise, *))
    })
}

/// `rows × cols` independent N(0, 1) values from `SeededGenerator(seed: seed)`.
func standardNormalNoise(rows: Int, cols: Int, seed: UInt64) -> Tensor {
    var rng = SeededGenerator(seed: seed)
    return Tensor(rows: rows, cols: cols) { out in
        for i in 0..<out.count { out[i] = Float(rng.nextGaussian()) }
    }
}

extension Tensor {
    /// `f(self[i], b[i], c[i])` for three same-shaped tensors.
    @inline(__always)
    func zipping(_ b: Tensor, _ c: Tensor, _ f: (Float, Float, Float) -> Float) -> Tensor {
        precondition(hasShape(of: b) && hasShape(of: c), "elementwise op on \(self), \(b) and \(c)")
        return Tensor(rows: rows, cols: cols) { out in
            scalars.withUnsafeBufferPointer { x in
                b.scalars.withUnsafeBufferPointer { y in
                    c.scalars.withUnsafeBufferPointer { z in
                        for i in 0..<out.count { out[i] = f(x[i], y[i], z[i]) }
                    }
                }
            }
        }
    }
}
