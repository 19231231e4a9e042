import RecAutodiff
import RecCore

/// `MultVAE`'s network (Liang et al., WWW 2018, §2): an encoder from a user's normalised item row to
/// the mean and log-variance of a diagonal Gaussian over the latent code, and a decoder from a code
/// to one logit per catalogue item. Hidden layers are tanh; the heads and the output are linear.
///
/// The encoder's first layer reads the sparse user rows through `sparseMatmul`, so its cost is the
/// rows' stored entries × width, not users × catalogue × width.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let net = VariationalAutoencoderNetwork(items: 1682, hidden: [600], latent: 200, generator: &rng)
/// let logits = net.decode(net.mean(net.encode(rows)))     // inference: z = μ
/// ```
struct VariationalAutoencoderNetwork: Parameterized {
    /// Items → first hidden width (applied to sparse rows).
    var input: Dense
    /// The remaining encoder layers.
    var encoder: [Dense]
    /// Last hidden width → μ and → log σ².
    var mean: Dense, logVariance: Dense
    /// Latent → hidden widths reversed, then → items.
    var decoder: [Dense]
    var output: Dense

    /// Glorot-uniform weights (Liang et al.'s initialisation uses Xavier too), zero biases but the
    /// output's, which is `itemPrior`.
    init(items: Int, hidden: [Int], latent: Int, itemPrior: [Float], generator: inout SeededGenerator) {
        precondition(itemPrior.count == items, "VariationalAutoencoderNetwork: \(itemPrior.count) priors for \(items) items")
        precondition(!hidden.isEmpty, "VariationalAutoencoderNetwork: at least one hidden layer")
        input = Dense(inputSize: items, outputSize: hidden[0], activation: .tanh, initializer: .glorotUniform, generator: &generator)
        encoder = zip(hidden, hidden.dropFirst()).map { Dense(inputSize: $0, outputSize: $1, activation: .tanh, generator: &generator) }
        mean = Dense(inputSize: hidden.last!, outputSize: latent, generator: &generator)
        logVariance = Dense(inputSize: hidden.last!, outputSize: latent, generator: &generator)
        let back = Array(hidden.reversed())
        var width = latent
        decoder = []
        for h in back {
            decoder.append(Dense(inputSize: width, outputSize: h, activation: .tanh, generator: &generator))
            width = h
        }
        output = Dense(inputSize: width, outputSize: items, generator: &generator)
        output.bias = Tensor(row: itemPrior)
    }

    var itemCount: Int { output.outputSize }

    /// The last hidden layer of the encoder for sparse input rows (users × items).
    @differentiable(reverse, wrt: self)
    func encode(_ rows: SparseOperand) -> Tensor {
        let first = tanh(addingBias(sparseMatmul(rows, input.weight), input.bias))
        return encoder.differentiableReduce(first) { h, layer in layer(h) }
    }

    /// Item logits for latent codes (users × latent).
    @differentiable(reverse)
    func decode(_ z: Tensor) -> Tensor {
        output(decoder.differentiableReduce(z) { h, layer in layer(h) })
    }

    /// `Σ ‖W‖²` over the weight matrices, biases excluded.
    @differentiable(reverse, wrt: self)
    func weightPenalty() -> Float {
        let heads = sum(input.weight * input.weight) + sum(mean.weight * mean.weight)
            + sum(logVariance.weight * logVariance.weight) + sum(output.weight * output.weight)
        let inner = encoder.differentiableReduce(heads) { total, layer in total + sum(layer.weight * layer.weight) }
        return decoder.differentiableReduce(inner) { total, layer in total + sum(layer.weight * layer.weight) }
    }

    mutating func visitParameters<V: ParameterVisitor>(_ visitor: inout V, along direction: TangentVector) {
        input.visitParameters(&visitor, along: direction.input)
        let encoderGrads = direction.encoder.base
        for k in encoder.indices { encoder[k].visitParameters(&visitor, along: k < encoderGrads.count ? encoderGrads[k] : .zero) }
        mean.visitParameters(&visitor, along: direction.mean)
        logVariance.visitParameters(&visitor, along: direction.logVariance)
        let decoderGrads = direction.decoder.base
        for k in decoder.indices { decoder[k].visitParameters(&visitor, along: k < decoderGrads.count ? decoderGrads[k] : .zero) }
        output.visitParameters(&visitor, along: direction.output)
    }
}
