import _Differentiation

/// Receives every trainable parameter of a model together with its gradient, in a fixed order.
/// Optimisers are visitors; so is anything else that walks parameters (norms, counts, snapshots).
///
/// There is no `KeyPathIterable` outside Swift for TensorFlow, so models list their parameters
/// themselves through `Parameterized.visitParameters(_:along:)`: a few lines per model.
public protocol ParameterVisitor {
    /// A dense parameter and its gradient (a shapeless `Tensor.zero` when it received none).
    mutating func visit(_ parameter: inout Tensor, gradient: Tensor)
    /// An embedding table and its sparse row gradient (only the rows looked up in the batch).
    mutating func visit(_ table: inout Tensor, rowGradient: EmbeddingGradient)
}

/// A differentiable value whose trainable parameters can be visited together with a tangent
/// vector: what an optimiser updates.
///
/// ```swift
/// mutating func visitParameters<V: ParameterVisitor>(_ visitor: inout V, along direction: TangentVector) {
///     users.visitParameters(&visitor, along: direction.users)
///     hidden.visitParameters(&visitor, along: direction.hidden)
/// }
/// ```
///
/// The visiting order must not change between calls: optimisers key their per-parameter state
/// (momentum, Adam moments) on it.
public protocol Parameterized: Differentiable {
    /// Calls `visitor` once for every parameter, with its component of `direction`.
    mutating func visitParameters<V: ParameterVisitor>(_ visitor: inout V, along direction: TangentVector)
}

/// A model or layer: parameters plus a differentiable forward pass `callAsFunction`, in the style
/// of Swift for TensorFlow. The input need not be differentiable (ids, a batch record); the output
/// is differentiable with respect to the parameters.
///
/// A model is a struct of layers, so its architecture reads in one screen:
///
/// ```swift
/// struct TwoTower: Module {
///     var users: Embedding, items: Embedding
///     @differentiable(reverse, wrt: self)
///     func callAsFunction(_ pairs: (users: [Int32], items: [Int32])) -> Tensor {
///         rowSums(users(pairs.users) * items(pairs.items))
///     }
///     mutating func visitParameters<V: ParameterVisitor>(_ v: inout V, along d: TangentVector) {
///         users.visitParameters(&v, along: d.users); items.visitParameters(&v, along: d.items)
///     }
/// }
/// ```
public protocol Module: Parameterized {
    associatedtype Input
    associatedtype Output: Differentiable
    /// The forward pass.
    @differentiable(reverse, wrt: self)
    func callAsFunction(_ input: Input) -> Output
}

/// A module whose input is differentiable too, so layers can be stacked (`dense2(dense1(x))`) and
/// gradients flow back through them.
public protocol Layer: Module where Input: Differentiable {
    /// The forward pass, differentiable with respect to both the layer and its input.
    @differentiable(reverse)
    func callAsFunction(_ input: Input) -> Output
}
