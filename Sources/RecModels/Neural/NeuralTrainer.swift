import RecAutodiff
import RecCore
import RecData
import RecHDF5

/// The training, scoring and storage shared by `NeuralMLP` and `NeuMF`, generic over the network.
///
/// Training: each epoch draws `NeuralEpochSamples` under `derived(seed, epoch)`, cuts them into
/// mini-batches of `batchSize` in order and takes one Adam step per batch on the mean loss —
/// `sigmoidCrossEntropy` against 0/1 labels (`bce`) or `meanSquaredError` against `r − r̄` (`mse`).
/// Single-threaded and bit-reproducible under a seed.
final class NeuralTrainer<Net: NeuralNetwork> {
    let model: String
    let hyper: NeuralConfig
    let seed: UInt64
    private(set) var net: Net?
    private var optimizer: Adam<Net>?
    private(set) var users = NeuralSide.empty
    private(set) var items = NeuralSide.empty
    private var train = CSRMatrix.zeros(rows: 0, cols: 0)
    /// Global mean rating in `mse` mode (subtracted from labels, added to scores); 0 otherwise.
    private(set) var offset: Float = 0
    private(set) var ratingMode = false

    init(model: String, hyper: NeuralConfig, seed: UInt64) { self.model = model; self.hyper = hyper; self.seed = seed }

    func prepare(_ data: TrainingData) throws {
        ratingMode = hyper.objective == .mse
        if ratingMode && !data.hasRatings {
            throw ModelError.invalidParameter(model: model, name: "objective", detail: "\"mse\" needs explicit ratings; the training data is implicit")
        }
        users = try NeuralSide.build(.users, data: data, enabled: hyper.useUserProfile)
        items = try NeuralSide.build(.items, data: data, enabled: hyper.useItemProfile)
        train = data.userItem
        offset = ratingMode ? Float(data.globalMean) : 0
        var rng = SeededGenerator(seed: seed)
        net = Net(users: users.count, items: items.count, factors: hyper.factors,
                  features: users.featureCount + items.featureCount, hidden: hyper.hiddenWidths,
                  interactionFactors: hyper.profileFactors, generator: &rng)
        optimizer = Adam<Net>(learningRate: hyper.learningRate, weightDecay: hyper.weightDecay)
    }

    func snapshot() -> EpochSnapshot { EpochSnapshot(net as Any) }

    func restore(_ snapshot: EpochSnapshot) { net = snapshot.value(as: Net?.self) }

    /// One epoch; returns the mean loss over its batches (weighted by batch size).
    func trainEpoch(_ epoch: Int) throws -> [String: Double] {
        guard var net, let optimizer else { throw ModelError.notFitted(model: model) }
        var rng = SeededGenerator.derived(seed: seed, stream: UInt64(epoch))
        let samples = NeuralEpochSamples(train: train, ratingOffset: ratingMode ? offset : nil,
                                         negatives: hyper.negatives, coldDropout: hyper.coldDropout,
                                         itemColdDropout: hyper.itemColdDropout, userBalance: hyper.userBalance, rng: &rng)
        var total = 0.0
        var start = 0, step: UInt64 = 0
        let rating = ratingMode
        while start < samples.count {
            let end = min(samples.count, start + hyper.batchSize)
            var seedSource = SeededGenerator.derived(seed: seed ^ 0x9E37_79B9_7F4A_7C15, stream: UInt64(epoch) << 32 | step)
            let seed: UInt64? = hyper.dropout > 0 ? seedSource.next() : nil
            let (batch, labels) = samples.batch(start..<end, users: users, items: items, dropout: hyper.dropout, dropoutSeed: seed)
            let (loss, grad) = valueWithGradient(at: net) { m -> Float in
                rating ? meanSquaredError(predicted: m(batch), expected: labels)
                       : sigmoidCrossEntropy(logits: m(batch), labels: labels)
            }
            optimizer.update(&net, along: grad)
            total += Double(loss) * Double(end - start)
            start = end; step += 1
        }
        self.net = net
        return ["loss": total / Double(max(1, samples.count))]
    }

    var scorer: NeuralScorer? {
        guard let net else { return nil }
        return NeuralScorer(tower: net.tower, output: net.output, gmf: net.gmfTables, interaction: net.interaction,
                            userSide: users, itemSide: items,
                            factors: hyper.factors, offset: offset)
    }

    func score(users u: [Int32], items i: [Int32]?) -> DenseMatrix {
        // Scoring an unfitted model is a programming error, not a result: zeros would rank by index.
        guard let scorer else { preconditionFailure("\(model): score called before fit or load") }
        return scorer.score(users: u, items: i)
    }

    /// Scores of (user, item) pairs through the network's forward pass, in chunks of 4096.
    func predict(users u: [Int32], items i: [Int32]) -> [Float] {
        precondition(u.count == i.count)
        guard let net else { preconditionFailure("\(model): predict called before fit or load") }
        var out: [Float] = []
        out.reserveCapacity(u.count)
        let fu = users.featureCount, fi = items.featureCount, width = fu + fi
        var start = 0
        while start < u.count {
            let end = min(u.count, start + 4096), n = end - start
            var feats = [Float](repeating: 0, count: n * width)
            for k in 0..<n {
                let uu = Int(u[start + k]), ii = Int(i[start + k])
                for c in 0..<fu { feats[k * width + c] = users.values.storage[uu * fu + c] }
                for c in 0..<fi { feats[k * width + fu + c] = items.values.storage[ii * fi + c] }
            }
            let batch = NeuralBatch(users: u[start..<end].map { users.embeddingRow(Int($0)) },
                                    items: i[start..<end].map { items.embeddingRow(Int($0)) },
                                    features: Tensor(rows: n, cols: width, scalars: feats), dropout: 0, dropoutSeed: nil)
            out += net(batch).scalars.map { $0 + offset }
            start = end
        }
        return out
    }

    func save(to group: HDF5Group, typeName: String) throws {
        guard let net else { throw ModelError.notFitted(model: model) }
        try group.setAttribute("type", typeName)
        try group.setAttribute("factors", Int64(hyper.factors))
        try group.setAttribute("hidden", hyper.hiddenWidths.map(String.init).joined(separator: ","))
        try group.setAttribute("profile_factors", Int64(hyper.profileFactors))
        try group.setAttribute("objective", ratingMode ? "mse" : "bce")
        try group.setAttribute("offset", Double(offset))
        try users.save(to: group.createGroup("users"))
        try items.save(to: group.createGroup("items"))
        try NetworkParameterStorage.write(net, to: group)
    }

    func load(from group: HDF5Group, typeName: String) throws {
        let savedType: String? = try group.attribute("type")
        let factors: Int64? = try group.attribute("factors"), hidden: String? = try group.attribute("hidden")
        let profileFactors: Int64 = try group.attribute("profile_factors") ?? 0
        guard savedType == typeName, factors == Int64(hyper.factors), profileFactors == Int64(hyper.profileFactors),
              hidden.map({ NeuralConfig.widths($0) ?? [] }) == hyper.hiddenWidths else {
            throw ModelError.incompatibleSave(model: model, detail: "saved \(savedType ?? "?") with factors \(factors.map(String.init) ?? "?") and hidden \(hidden ?? "?"), model is \(typeName) with factors \(hyper.factors) and hidden \(hyper.hidden)")
        }
        ratingMode = (try group.attribute("objective", as: String.self)) == "mse"
        offset = Float(try group.attribute("offset", as: Double.self) ?? 0)
        users = try NeuralSide.load(from: group.openGroup("users"))
        items = try NeuralSide.load(from: group.openGroup("items"))
        var rng = SeededGenerator(seed: seed)
        var fresh = Net(users: users.count, items: items.count, factors: hyper.factors,
                        features: users.featureCount + items.featureCount, hidden: hyper.hiddenWidths,
                  interactionFactors: hyper.profileFactors, generator: &rng)
        try NetworkParameterStorage.read(into: &fresh, from: group, model: model)
        net = fresh
        optimizer = nil
    }
}
