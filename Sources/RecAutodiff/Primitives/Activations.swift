import _Differentiation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// Elementwise nonlinearities. Each pullback reuses the forward output where the derivative is a
// function of it (σ' = σ(1 − σ), tanh' = 1 − tanh²), so the backward pass needs no second exp.

/// Rectified linear unit, `max(0, x)`.
@differentiable(reverse)
public func relu(_ x: Tensor) -> Tensor { x.mapScalars { max(0, $0) } }

/// relu'(x) = 1 where x > 0, else 0 (the subgradient 0 at x = 0).
@usableFromInline @derivative(of: relu)
func _vjpRelu(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let y = relu(x)
    return (y, { g in g.isEmpty ? .zero : Tensor.zipScalars(g, y) { g, y in y > 0 ? g : 0 } })
}

/// Logistic sigmoid, `σ(x) = 1 / (1 + e^(−x))`.
@differentiable(reverse)
public func sigmoid(_ x: Tensor) -> Tensor { x.mapScalars(stableSigmoid) }

/// σ'(x) = σ(x)(1 − σ(x)).
@usableFromInline @derivative(of: sigmoid)
func _vjpSigmoid(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let y = sigmoid(x)
    return (y, { g in g.isEmpty ? .zero : Tensor.zipScalars(g, y) { g, y in g * y * (1 - y) } })
}

/// Hyperbolic tangent.
@differentiable(reverse)
public func tanh(_ x: Tensor) -> Tensor { x.mapScalars { tanhf($0) } }

/// tanh'(x) = 1 − tanh²(x).
@usableFromInline @derivative(of: tanh)
func _vjpTanh(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let y = tanh(x)
    return (y, { g in g.isEmpty ? .zero : Tensor.zipScalars(g, y) { g, y in g * (1 - y * y) } })
}

/// σ(x) without overflow: e^(−|x|) never exceeds 1.
@inline(__always) @usableFromInline
func stableSigmoid(_ x: Float) -> Float {
    let e = expf(-abs(x))
    return x >= 0 ? 1 / (1 + e) : e / (1 + e)
}

/// log(1 + e^x) without overflow: max(x, 0) + log1p(e^(−|x|)).
@inline(__always) @usableFromInline
func softplus(_ x: Float) -> Float { max(x, 0) + log1pf(expf(-abs(x))) }
