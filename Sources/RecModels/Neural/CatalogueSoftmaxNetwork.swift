import RecAutodiff
import RecCore

/// `SoftmaxMLP`'s network: a user tower over the profile features, `h_0 = x_u`,
/// `h_l = act(W_l h_(l−1) + b_l)`, and one logit per catalogue item, `z_u = V h_L + b` (V: one output
/// embedding per item, b: the item prior). Without hidden layers it is multinomial logistic
/// regression of the items on the profile.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let net = CatalogueSoftmaxNetwork(features: 60, items: 1682, hidden: [64], activation: .tanh,
///                                   itemPrior: logPopularity, generator: &rng)
/// let logits = net(profiles)        // users × 1682
/// ```
struct CatalogueSoftmaxNetwork: Module {
    var layers: [Dense]
    var output: Dense

    /// Weights by `Dense`'s default initialiser for `activation`; output bias = `itemPrior`.
    init(features: Int, items: Int, hidden: [Int], activation: Activation, itemPrior: [Float],
         generator: inout SeededGenerator) {
        precondition(itemPrior.count == items, "CatalogueSoftmaxNetwork: \(itemPrior.count) priors for \(items) items")
        var width = features
        layers = []
        for h in hidden {
            layers.append(Dense(inputSize: width, outputSize: h, activation: activation, generator: &generator))
            width = h
        }
        output = Dense(inputSize: width, outputSize: items, generator: &generator)
        output.bias = Tensor(row: itemPrior)
    }

    /// Logits `users × items` for profile rows `users × features`.
    @differentiable(reverse, wrt: self)
    func callAsFunction(_ profiles: Tensor) -> Tensor {
        output(layers.differentiableReduce(profiles) { h, layer in layer(h) })
    }

    /// `Σ ‖W‖²` over the weight matrices, biases excluded (the item prior is not shrunk).
    @differentiable(reverse, wrt: self)
    func weightPenalty() -> Float {
        layers.differentiableReduce(sum(output.weight * output.weight)) { total, layer in
            total + sum(layer.weight * layer.weight)
        }
    }

    mutating func visitParameters<V: ParameterVisitor>(_ visitor: inout V, along direction: TangentVector) {
        let grads = direction.layers.base
        for k in layers.indices {
            layers[k].visitParameters(&visitor, along: k < grads.count ? grads[k] : .zero)
        }
        output.visitParameters(&visitor, along: direction.output)
    }
}
