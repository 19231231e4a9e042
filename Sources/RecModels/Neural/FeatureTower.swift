import RecAutodiff
import RecCore

/// The MLP branch shared by `NeuralMLP` and `NeuMF`: `h = relu(W_L … relu(W_1 [p_u ⊕ q_i ⊕ x_u ⊕ x_i] + b_1) … + b_L)`
/// with user and item embeddings p, q (one extra row each: the shared unknown user / item) and the
/// constant profile features x of the batch (He et al. 2017, NCF's MLP layers, with side features).
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let tower = FeatureTower(users: 943, items: 1682, factors: 32, features: 98, hidden: [64, 32], generator: &rng)
/// let h = tower(batch)   // batch × 32
/// ```
struct FeatureTower: Module {
    var users: Embedding
    var items: Embedding
    var layers: [Dense]

    init(users userCount: Int, items itemCount: Int, factors: Int, features: Int, hidden: [Int],
         generator: inout SeededGenerator) {
        users = Embedding(count: userCount + 1, dimension: factors, generator: &generator)
        items = Embedding(count: itemCount + 1, dimension: factors, generator: &generator)
        var width = 2 * factors + features
        layers = []
        for h in hidden {
            layers.append(Dense(inputSize: width, outputSize: h, activation: .relu, generator: &generator))
            width = h
        }
    }

    var outputWidth: Int { layers.last!.outputSize }

    @differentiable(reverse, wrt: self)
    func callAsFunction(_ batch: NeuralBatch) -> Tensor {
        let input = batch.features.cols > 0
            ? concatFeatures(users(batch.users), items(batch.items), batch.features)
            : concatFeatures(users(batch.users), items(batch.items))
        let h = layers.differentiableReduce(input) { x, layer in layer(x) }
        if let seed = batch.dropoutSeed, batch.dropout > 0 { return dropout(h, rate: batch.dropout, seed: seed) }
        return h
    }

    mutating func visitParameters<V: ParameterVisitor>(_ visitor: inout V, along direction: TangentVector) {
        users.visitParameters(&visitor, along: direction.users)
        items.visitParameters(&visitor, along: direction.items)
        let grads = direction.layers.base
        for k in layers.indices {
            layers[k].visitParameters(&visitor, along: k < grads.count ? grads[k] : .zero)
        }
    }
}
