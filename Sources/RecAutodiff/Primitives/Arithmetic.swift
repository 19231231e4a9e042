import _Differentiation

// Elementwise arithmetic on same-shaped tensors, and scaling by a scalar.
// A shapeless `Tensor.zero` operand is the identity of `+` and `-` (see `Tensor.zero`).

extension Tensor {
    /// Elementwise sum `a + b`.
    @differentiable(reverse)
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        if b.isEmpty { return a }
        if a.isEmpty { return b }
        return zipScalars(a, b, +)
    }

    /// d(a + b) = da + db: the upstream gradient flows unchanged to both operands.
    @derivative(of: +)
    @usableFromInline static func _vjpAdd(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
        (a + b, { g in (g, g) })
    }

    /// Elementwise difference `a - b`.
    @differentiable(reverse)
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        if b.isEmpty { return a }
        if a.isEmpty { return b.mapScalars { -$0 } }
        return zipScalars(a, b, -)
    }

    /// d(a − b) = da − db.
    @derivative(of: -)
    @usableFromInline static func _vjpSubtract(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
        (a - b, { g in (g, g.mapScalars { -$0 }) })
    }

    /// Elementwise (Hadamard) product `a ⊙ b`.
    @differentiable(reverse)
    public static func * (a: Tensor, b: Tensor) -> Tensor { zipScalars(a, b, *) }

    /// d(a ⊙ b) = da ⊙ b + a ⊙ db.
    @derivative(of: *)
    @usableFromInline static func _vjpMultiply(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
        (a * b, { g in g.isEmpty ? (.zero, .zero) : (zipScalars(g, b, *), zipScalars(g, a, *)) })
    }

    /// Scaling by a scalar, `s · x`.
    @differentiable(reverse)
    public static func * (s: Float, x: Tensor) -> Tensor { x.mapScalars { s * $0 } }

    /// d(s · x) = ds · Σ x ⊙ g (a dot product), dx = s · g.
    @derivative(of: *)
    @usableFromInline static func _vjpScale(_ s: Float, _ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Float, Tensor)) {
        (s * x, { g in
            let ds = g.scalars.withUnsafeBufferPointer { gp in
                x.scalars.withUnsafeBufferPointer { xp in
                    var acc: Double = 0
                    for i in 0..<gp.count { acc += Double(gp[i]) * Double(xp[i]) }
                    return Float(acc)
                }
            }
            return (ds, g.mapScalars { s * $0 })
        })
    }

    /// Scaling by a scalar on the right, `x · s`.
    @differentiable(reverse)
    public static func * (x: Tensor, s: Float) -> Tensor { s * x }

    /// Adds a scalar to every value, `x + c` (a margin in a hinge loss, for example).
    @differentiable(reverse)
    public static func + (x: Tensor, c: Float) -> Tensor { x.mapScalars { $0 + c } }

    /// d(x + c) = dx; dc = Σ g.
    @derivative(of: +)
    @usableFromInline static func _vjpAddScalar(_ x: Tensor, _ c: Float) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Float)) {
        (x + c, { g in (g, g.scalarSum()) })
    }

    /// Negation `-x`.
    @differentiable(reverse)
    public static prefix func - (x: Tensor) -> Tensor { x.mapScalars { -$0 } }

    /// d(−x) = −dx.
    @derivative(of: -)
    @usableFromInline static func _vjpNegate(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
        (-x, { g in -g })
    }
}
