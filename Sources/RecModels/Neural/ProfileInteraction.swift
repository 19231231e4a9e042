import RecAutodiff
import RecCore

/// The bilinear profile × item term of the neural recommenders (`profile_factors` k > 0):
///
///     t(u, i) = (Wᵀ [x_u ⊕ x_i] + w₀) · v_i + b_i,
///
/// a k-dimensional projection of the sample's profile features dotted with a per-item factor v_i,
/// plus a per-item bias b_i (the item rows include the shared unknown item). It is the pairwise
/// feature × item interaction of a factorisation machine (Rendle, ICDM 2010) as used for cold start by
/// LightFM (Kula, 2015) and beside a deep part in DeepFM (Guo et al., IJCAI 2017): an MLP over
/// concatenated inputs learns such products poorly (Rendle et al., RecSys 2020), while this term ranks
/// items for a cold user directly from their attributes — demographic-conditional popularity is its
/// special case with one-hot attributes.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let term = ProfileInteraction(features: 98, items: 1682, factors: 16, generator: &rng)
/// let t = term(batch)   // batch × 1, added to the network's logit
/// ```
struct ProfileInteraction: Module {
    /// W and w₀: features → k.
    var projection: Dense
    /// v: (items + 1) × k.
    var items: Embedding
    /// b: (items + 1) × 1.
    var itemBias: Embedding
    /// Whether the term is part of the model (k > 0); when not, the tensors are 1 × 1 placeholders.
    @noDerivative let enabled: Bool

    init(features: Int, items itemCount: Int, factors: Int, generator: inout SeededGenerator) {
        enabled = factors > 0 && features > 0
        let k = enabled ? factors : 1
        projection = Dense(inputSize: enabled ? features : 1, outputSize: k, initializer: .glorotUniform, generator: &generator)
        items = Embedding(count: enabled ? itemCount + 1 : 1, dimension: k, generator: &generator)
        itemBias = Embedding(count: enabled ? itemCount + 1 : 1, dimension: 1, initializer: .zeros, generator: &generator)
    }

    @differentiable(reverse, wrt: self)
    func callAsFunction(_ batch: NeuralBatch) -> Tensor {
        rowSums(projection(batch.features) * items(batch.items)) + itemBias(batch.items)
    }

    /// `logit + t(u, i)` when the term is on, `logit` unchanged when it is off.
    @differentiable(reverse, wrt: (self, logit))
    func adding(to logit: Tensor, _ batch: NeuralBatch) -> Tensor {
        if enabled { return logit + self(batch) }
        return logit
    }

    mutating func visitParameters<V: ParameterVisitor>(_ visitor: inout V, along direction: TangentVector) {
        projection.visitParameters(&visitor, along: direction.projection)
        items.visitParameters(&visitor, along: direction.items)
        itemBias.visitParameters(&visitor, along: direction.itemBias)
    }
}
