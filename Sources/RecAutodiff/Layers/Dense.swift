import _Differentiation
import RecCore

/// The nonlinearity applied by a `Dense` layer.
public enum Activation: String, Sendable, CaseIterable {
    case identity, relu, sigmoid, tanh

    /// Applies the activation (each case is a differentiable primitive).
    @differentiable(reverse)
    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .identity: return x
        case .relu: return RecAutodiff.relu(x)
        case .sigmoid: return RecAutodiff.sigmoid(x)
        case .tanh: return RecAutodiff.tanh(x)
        }
    }

    /// The initialiser that keeps activations' variance stable through this nonlinearity:
    /// He for ReLU (He et al., 2015), Glorot for the others (Glorot & Bengio, 2010).
    public var defaultInitializer: Initializer { self == .relu ? .heNormal : .glorotUniform }
}

/// A fully connected layer, `activation(x · weight + bias)`, with `weight` of shape
/// `inputSize × outputSize` and `bias` of shape `1 × outputSize` (one `sgemm` forward, two backward).
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let hidden = Dense(inputSize: 84, outputSize: 64, activation: .relu, generator: &rng)
/// let h = hidden(x)                                   // x: batch × 84 → batch × 64
/// ```
public struct Dense: Layer, Sendable {
    /// Weights, `inputSize × outputSize`.
    public var weight: Tensor
    /// Bias, `1 × outputSize`.
    public var bias: Tensor
    /// The nonlinearity after the affine map.
    @noDerivative public let activation: Activation

    /// Wraps given weights and bias.
    public init(weight: Tensor, bias: Tensor, activation: Activation = .identity) {
        precondition(bias.rows == 1 && bias.cols == weight.cols, "Dense: bias \(bias) does not fit weight \(weight)")
        self.weight = weight; self.bias = bias; self.activation = activation
    }

    /// A layer with weights drawn by `initializer` (He for ReLU, Glorot otherwise, by default) and
    /// zero bias.
    public init(inputSize: Int, outputSize: Int, activation: Activation = .identity,
                initializer: Initializer? = nil, generator: inout SeededGenerator) {
        let w = Tensor(rows: inputSize, cols: outputSize,
                       initializer: initializer ?? activation.defaultInitializer, generator: &generator)
        self.init(weight: w, bias: Tensor(rows: 1, cols: outputSize), activation: activation)
    }

    /// Input and output widths.
    public var inputSize: Int { weight.rows }
    public var outputSize: Int { weight.cols }

    @differentiable(reverse)
    public func callAsFunction(_ input: Tensor) -> Tensor {
        activation(affine(input, weight, bias))
    }

    public mutating func visitParameters<V: ParameterVisitor>(_ visitor: inout V, along direction: TangentVector) {
        visitor.visit(&weight, gradient: direction.weight)
        visitor.visit(&bias, gradient: direction.bias)
    }
}
