import RecCore

/// How a parameter tensor's initial values are drawn, always from RecLab's `SeededGenerator` so a
/// seed fixes them. `fanIn`/`fanOut` are a weight matrix's rows and columns.
public enum Initializer: Sendable, Equatable {
    /// All zeros.
    case zeros
    /// Normal with mean 0 and the given standard deviation.
    case normal(std: Float)
    /// Uniform on `[-limit, limit]`.
    case uniform(limit: Float)
    /// Glorot/Xavier uniform, `U(±√(6 / (fanIn + fanOut)))` (Glorot & Bengio, 2010).
    case glorotUniform
    /// Glorot/Xavier normal, `N(0, 2 / (fanIn + fanOut))`.
    case glorotNormal
    /// He/Kaiming normal, `N(0, 2 / fanIn)`, for ReLU layers (He et al., 2015).
    case heNormal
    /// He/Kaiming uniform, `U(±√(6 / fanIn))`.
    case heUniform
}

extension Tensor {
    /// A `rows × cols` tensor drawn by `initializer` from `generator` (row-major order).
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 7)
    /// let w = Tensor(rows: 84, cols: 64, initializer: .heNormal, generator: &rng)
    /// ```
    public init(rows: Int, cols: Int, initializer: Initializer, generator: inout SeededGenerator) {
        let fanIn = Float(max(1, rows)), fanOut = Float(max(1, cols))
        func normal(_ std: Float, _ g: inout SeededGenerator) -> Tensor {
            Tensor(rows: rows, cols: cols) { out in
                for i in 0..<out.count { out[i] = std * Float(g.nextGaussian()) }
            }
        }
        func uniform(_ limit: Float, _ g: inout SeededGenerator) -> Tensor {
            Tensor(rows: rows, cols: cols) { out in
                for i in 0..<out.count { out[i] = limit * (2 * g.nextFloat() - 1) }
            }
        }
        switch initializer {
        case .zeros: self.init(rows: rows, cols: cols)
        case .normal(let std): self = normal(std, &generator)
        case .uniform(let limit): self = uniform(limit, &generator)
        case .glorotUniform: self = uniform((6 / (fanIn + fanOut)).squareRoot(), &generator)
        case .glorotNormal: self = normal((2 / (fanIn + fanOut)).squareRoot(), &generator)
        case .heNormal: self = normal((2 / fanIn).squareRoot(), &generator)
        case .heUniform: self = uniform((6 / fanIn).squareRoot(), &generator)
        }
    }
}
