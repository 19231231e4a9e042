import Foundation
import RecAutodiff
import RecConfig
import RecCore
import RecData
import RecHDF5

/// `mult_vae`'s parameters (defaults: Liang et al.'s ML-20M settings, 600-200-600, β capped at 0.2).
public struct MultVAEConfig: Configuration {
    @Param(doc: "comma-separated widths of the encoder's tanh layers (the decoder mirrors them)")
    public var hidden = "600"
    @Param(in: 1...4096, doc: "dimension of the latent Gaussian")
    public var latent = 200
    @Param(in: 1...100_000, doc: "training epochs (at most, with early stopping)")
    public var epochs = 100
    @Param(in: 1...1_000_000, doc: "users per mini-batch")
    public var batchSize = 500
    @Param(in: Bounds(lower: 0, upper: 10, includesLower: false), doc: "Adam step size")
    public var learningRate: Float = 0.001
    @Param(in: 0..<1, doc: "dropout on the normalised input row (the denoising corruption)")
    public var dropout: Float = 0.5
    @Param(in: 0...1, doc: "largest weight β of the KL term")
    public var annealCap: Float = 0.2
    @Param(in: 0...100_000_000, doc: "mini-batch steps over which β rises linearly from 0 to anneal_cap (0: anneal_cap from the start)")
    public var totalAnnealSteps = 200_000
    @Param(in: 0...1000, doc: "λ of λ·Σ‖W‖² on the weight matrices")
    public var l2: Float = 0
    public init() {}

    /// The hidden widths (validated by `violations()`).
    public var hiddenWidths: [Int] { NeuralConfig.widths(hidden) ?? [] }

    public func violations() -> [ConfigurationViolation] {
        (NeuralConfig.widths(hidden) ?? []).isEmpty
            ? [ConfigurationViolation("hidden", "\"\(hidden)\" is not a list of layer widths", fix: "use comma-separated widths such as \"600\" (at least one)")] : []
    }
}

/// The variational autoencoder for collaborative filtering with a multinomial likelihood
/// (Liang, Krishnan, Hoffman & Jebara, "Variational autoencoders for collaborative filtering",
/// WWW 2018). A user's binarised item row x_u is L2-normalised and corrupted by dropout, encoded to
/// q(z_u | x_u) = N(μ, diag σ²), a code is drawn by the reparameterisation trick
/// (`gaussianSample`), and decoded to logits over the whole catalogue. Each step minimises, per user,
/// `−Σ_i x_ui log softmax(f(z_u))_i + β · KL(q(z_u | x_u) ‖ N(0, I))` (eq. 7, `logSoftmax`,
/// `gaussianKLDivergence`) plus `l2 · Σ‖W‖²`, with β rising linearly over `total_anneal_steps` steps to
/// `anneal_cap` (KL annealing, §2.2.2). Adam over mini-batches of users.
///
/// The output bias starts at the items' log popularity (as `softmax_mlp`'s item prior; Liang et al.
/// start it at 0), which spares the first epochs learning popularity.
///
/// Scoring is one forward pass on the user's training row without dropout, with z = μ. A user
/// without history scores the decoder's output at the encoder's response to an empty row.
///
/// ```swift
/// let vae = MultVAE(MultVAEConfig { $0.hidden = "600"; $0.latent = 200 }, seed: 3)
/// try vae.fit(TrainingData(prepared), observer: nil)
/// ```
public final class MultVAE: RecommenderType, EpochTrainable {
    public static let typeName = "mult_vae"
    public static let summary = "Variational autoencoder with a multinomial likelihood over the catalogue and KL annealing (Mult-VAE, Liang et al. 2018)."

    /// The validated configuration.
    public let config: MultVAEConfig
    /// Seed of initialisation, batch order, dropout and latent draws.
    public let seed: UInt64
    public var epochs: Int { config.epochs }

    private var net: VariationalAutoencoderNetwork?
    private var optimizer: Adam<VariationalAutoencoderNetwork>?
    /// The binarised training rows: the model's input at training and at scoring time.
    private var history = CSRMatrix.zeros(rows: 0, cols: 0)
    private var trainingUsers: [Int32] = []

    /// An unfitted model.
    public init(_ config: MultVAEConfig = .init(), seed: UInt64 = 0) { self.config = config; self.seed = seed }

    public convenience init(config: MultVAEConfig, context: ModelContext) { self.init(config, seed: context.seed) }

    public func prepare(_ data: TrainingData) throws {
        history = data.userItem.binarized()
        trainingUsers = (0..<Int32(history.rows)).filter { history.rowCount(Int($0)) > 0 }
        // Output bias: log of the smoothed share of training users, so training starts at popularity and
        // an item nobody trained on starts (and, pushed down by every softmax, stays) at the bottom.
        let counts = history.columnCounts().map { Float($0) + 0.5 }
        let total = counts.reduce(0, +)
        var rng = SeededGenerator(seed: seed)
        net = VariationalAutoencoderNetwork(items: data.itemCount, hidden: config.hiddenWidths, latent: config.latent,
                                            itemPrior: counts.map { logf($0 / total) }, generator: &rng)
        optimizer = Adam(learningRate: config.learningRate)
    }

    public func snapshot() -> EpochSnapshot { EpochSnapshot(net as Any) }

    public func restore(_ snapshot: EpochSnapshot) { net = snapshot.value(as: VariationalAutoencoderNetwork?.self) }

    /// One pass over the training users in a seeded order; returns the mean per-user loss and its
    /// two parts (`reconstruction`, the negative log-likelihood; `kl`, unweighted) and the epoch's last β.
    public func trainEpoch(_ epoch: Int) throws -> [String: Double] {
        guard var net, let optimizer else { throw ModelError.notFitted(model: typeName) }
        let h = config, items = history.cols
        var rng = SeededGenerator.derived(seed: seed, stream: UInt64(epoch))
        var order = trainingUsers
        rng.shuffle(&order)
        let batchesPerEpoch = (order.count + h.batchSize - 1) / max(1, h.batchSize)
        var step = (epoch - 1) * batchesPerEpoch          // β's schedule follows the global step count
        var totals = (loss: 0.0, reconstruction: 0.0, kl: 0.0)
        var beta: Float = 0
        var start = 0
        while start < order.count {
            let batch = Array(order[start..<min(order.count, start + h.batchSize)])
            beta = h.totalAnnealSteps == 0 ? h.annealCap : min(h.annealCap, Float(step) / Float(h.totalAnnealSteps))
            let x = SparseOperand(inputRows(batch, dropout: h.dropout, rng: &rng))
            var labels = [Float](repeating: 0, count: batch.count * items)
            for (r, u) in batch.enumerated() {
                for i in history.row(Int(u)).indices { labels[r * items + Int(i)] = 1 }
            }
            let y = Tensor(rows: batch.count, cols: items, scalars: labels)
            let sampleSeed = rng.next(), rows = Float(batch.count), l2 = h.l2, weight = beta
            var parts: (Float, Float) = (0, 0)
            let (loss, grad) = valueWithGradient(at: net) { m -> Float in
                let hidden = m.encode(x)
                let mu = m.mean(hidden), logVar = m.logVariance(hidden)
                let z = gaussianSample(mean: mu, logVariance: logVar, seed: sampleSeed)
                let reconstruction = -sum(logSoftmax(m.decode(z)) * y) / rows
                let kl = gaussianKLDivergence(mean: mu, logVariance: logVar)
                parts = (withoutDerivative(at: reconstruction), withoutDerivative(at: kl))
                return reconstruction + weight * kl + l2 * m.weightPenalty()
            }
            optimizer.update(&net, along: grad)
            let n = Double(batch.count)
            totals.loss += Double(loss) * n; totals.reconstruction += Double(parts.0) * n; totals.kl += Double(parts.1) * n
            start += batch.count; step += 1
        }
        self.net = net
        let users = Double(max(1, order.count))
        return ["loss": totals.loss / users, "reconstruction": totals.reconstruction / users, "kl": totals.kl / users,
                "beta": Double(beta)]
    }

    /// The users' rows of `history`, each scaled to unit L2 norm, with inverted dropout at `rate`
    /// (kept entries scaled by 1/(1 − rate), as Liang et al.'s `tf.nn.dropout` on the normalised row).
    private func inputRows(_ users: [Int32], dropout rate: Float, rng: inout SeededGenerator) -> CSRMatrix {
        var indptr = [0], indices: [Int32] = [], values: [Float] = []
        let keep = 1 / (1 - rate)
        for u in users {
            let row = history.row(Int(u)).indices
            let norm = row.isEmpty ? 0 : 1 / Float(row.count).squareRoot()
            for i in row where rate == 0 || rng.nextFloat() >= rate {
                indices.append(i); values.append(rate == 0 ? norm : norm * keep)
            }
            indptr.append(indices.count)
        }
        return CSRMatrix(rows: users.count, cols: history.cols, indptr: indptr, indices: indices, values: values)
    }

    /// Logits of the decoder at z = μ for each user's normalised training row, 256 users at a time.
    public func score(users ids: [Int32], items: [Int32]?) -> DenseMatrix {
        // Scoring an unfitted model is a programming error, not a result: zeros would rank by index.
        guard let net else { preconditionFailure("\(typeName): score called before fit or load") }
        let cols = items?.count ?? net.itemCount
        var out = DenseMatrix(rows: ids.count, cols: cols)
        var start = 0
        var unused = SeededGenerator(seed: 0)
        while start < ids.count {
            let chunk = Array(ids[start..<min(ids.count, start + 256)])
            let x = SparseOperand(inputRows(chunk, dropout: 0, rng: &unused))
            let logits = net.decode(net.mean(net.encode(x)))
            logits.scalars.withUnsafeBufferPointer { src in
                out.storage.withUnsafeMutableBufferPointer { dst in
                    for r in 0..<chunk.count {
                        let s = r * logits.cols, d = (start + r) * cols
                        if let items {
                            for (c, i) in items.enumerated() { dst[d + c] = src[s + Int(i)] }
                        } else {
                            for c in 0..<cols { dst[d + c] = src[s + c] }
                        }
                    }
                }
            }
            start += chunk.count
        }
        return out
    }

    public func save(to group: HDF5Group) throws {
        guard let net else { throw ModelError.notFitted(model: typeName) }
        try group.setAttribute("type", typeName)
        try group.setAttribute("hidden", config.hidden)
        try group.setAttribute("latent", Int64(config.latent))
        _ = try group.write("history", csr: history)
        try NetworkParameterStorage.write(net, to: group)
    }

    public func load(from group: HDF5Group) throws {
        let savedType: String? = try group.attribute("type"), hidden: String? = try group.attribute("hidden")
        let latent: Int64? = try group.attribute("latent")
        guard savedType == typeName, hidden.map({ NeuralConfig.widths($0) ?? [] }) == config.hiddenWidths,
              latent == Int64(config.latent) else {
            throw ModelError.incompatibleSave(model: typeName, detail: "saved \(savedType ?? "?") with hidden \"\(hidden ?? "?")\" and latent \(latent.map(String.init) ?? "?"), model is \(typeName) with hidden \"\(config.hidden)\" and latent \(config.latent)")
        }
        let saved = try group.readCSRMatrix("history")
        var rng = SeededGenerator(seed: seed)
        var fresh = VariationalAutoencoderNetwork(items: saved.cols, hidden: config.hiddenWidths, latent: config.latent,
                                                  itemPrior: [Float](repeating: 0, count: saved.cols), generator: &rng)
        try NetworkParameterStorage.read(into: &fresh, from: group, model: typeName)
        history = saved
        net = fresh
        optimizer = nil
    }
}
