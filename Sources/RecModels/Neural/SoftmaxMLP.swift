import Foundation
import RecAutodiff
import RecCore
import RecData
import RecHDF5

/// A profile-aware MLP with a softmax over the whole catalogue, in the manner of YouTube's candidate
/// generator (Covington et al., "Deep neural networks for YouTube recommendations", RecSys 2016):
/// the user's normalised profile x_u goes through an MLP tower, and item i's logit is
/// `z_ui = v_iᵀ h(x_u) + b_i` (`CatalogueSoftmaxNetwork`). Training maximises the multinomial
/// likelihood of each user's training items, `−Σ_(i ∈ I_u) log softmax(z_u)_i`
/// (`softmaxCrossEntropy`, every item scored, no negative sampling), plus `l2 · Σ‖W‖²` on the
/// weight matrices (the item prior b, initialised to log popularity, is not shrunk). Adam over
/// mini-batches of users.
///
/// The model has no per-user parameters: a user is only their profile, which is what a cold user
/// brings. With probability `coldDropout` (per user and epoch) a training user is shown with their
/// cold profile row — dynamic features undefined as for a user with no history, static attributes
/// kept (`NeuralSide`) — so with 1 the tower learns from attributes alone, the user cold-start
/// setting; warm users are scored from their own row, so behaviour features serve them.
///
/// With `averaging` β > 0 the model scores with an exponential moving average of the weights,
/// `w̄ ← β w̄ + (1 − β) w` after every step (Polyak & Juditsky 1992): the last steps of Adam jitter the
/// ranking from epoch to epoch, and on a small validation set that jitter, not the model, decides the
/// early-stopping epoch; the average moves smoothly.
///
/// ```swift
/// let model = SoftmaxMLP(.init(hidden: "64", l2: 0.1, coldDropout: 1, seed: 3))
/// try model.fit(TrainingData(prepared), observer: nil)
/// let scores = model.score(users: coldUsers, items: nil)
/// ```
public final class SoftmaxMLP: EpochTrainable {
    public let typeName = "softmax_mlp"

    /// The model's hyper-parameters.
    public struct Hyperparameters: Sendable, Equatable {
        /// Hidden widths, comma-separated; "" for none (multinomial logistic regression).
        public var hidden: String
        /// Hidden-layer nonlinearity: "tanh", "relu", "sigmoid" or "identity".
        public var activation: String
        /// Epochs (typ. 50–300; early stopping picks the best).
        public var epochs: Int
        /// Users per mini-batch (typ. 16–256).
        public var batchSize: Int
        /// Adam step η (typ. 1e-3–3e-2).
        public var learningRate: Float
        /// λ of the penalty `λ Σ‖W‖²` on weight matrices (typ. 0.01–1; the loss sums over a user's items).
        public var l2: Float
        /// Probability that a training user is shown with their cold profile row in an epoch, in [0, 1].
        public var coldDropout: Float
        /// β of the moving average of the weights used for scoring, in [0, 1); 0 scores with the last weights.
        public var averaging: Float
        /// Seed of initialisation, user order and cold draws.
        public var seed: UInt64

        public init(hidden: String = "64", activation: String = "tanh", epochs: Int = 100, batchSize: Int = 64,
                    learningRate: Float = 0.01, l2: Float = 0.1, coldDropout: Float = 1, averaging: Float = 0,
                    seed: UInt64 = 0) {
            self.hidden = hidden; self.activation = activation; self.epochs = epochs; self.batchSize = batchSize
            self.learningRate = learningRate; self.l2 = l2; self.coldDropout = coldDropout; self.averaging = averaging
            self.seed = seed
        }

        /// Parsed hidden widths ([] for none, nil when unparsable).
        var hiddenWidths: [Int]? { NeuralHyperparameters.widths(hidden) }

        /// Throws `ModelError.invalidParameter` naming the first impossible value.
        func validate(model: String) throws {
            func require(_ ok: Bool, _ name: String, _ detail: String) throws {
                if !ok { throw ModelError.invalidParameter(model: model, name: name, detail: detail) }
            }
            try require(hiddenWidths != nil, "hidden", "must be comma-separated positive widths such as \"64\" or \"\" for none, got \"\(hidden)\"")
            try require(Activation(rawValue: activation) != nil, "activation",
                        "must be one of \(Activation.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(activation)\"")
            try require(epochs >= 1, "epochs", "must be at least 1, got \(epochs)")
            try require(batchSize >= 1, "batch_size", "must be at least 1, got \(batchSize)")
            try require(learningRate > 0 && learningRate.isFinite, "learning_rate", "must be positive, got \(learningRate)")
            try require(l2 >= 0 && l2.isFinite, "l2", "must be non-negative, got \(l2)")
            try require(coldDropout >= 0 && coldDropout <= 1, "cold_dropout", "must be in [0, 1], got \(coldDropout)")
            try require(averaging >= 0 && averaging < 1, "averaging", "must be in [0, 1), got \(averaging)")
        }
    }

    /// The hyper-parameters.
    public let hyperparameters: Hyperparameters
    public var epochs: Int { hyperparameters.epochs }

    private var net: CatalogueSoftmaxNetwork?
    /// The weights that score: the moving average when `averaging` > 0, else `net`.
    private var scoringNet: CatalogueSoftmaxNetwork?
    private var averagedWeights: [Tensor] = []
    private var optimizer: Adam<CatalogueSoftmaxNetwork>?
    private var users = NeuralSide.empty
    private var train = CSRMatrix.zeros(rows: 0, cols: 0)
    private var trainingUsers: [Int32] = []

    /// A model with the given hyper-parameters.
    public init(_ hyperparameters: Hyperparameters = Hyperparameters()) { self.hyperparameters = hyperparameters }

    public func fit(_ data: TrainingData, observer: (any TrainingObserver)?) throws {
        try fitByEpochs(data, observer: observer)
    }

    public func prepare(_ data: TrainingData) throws {
        let h = hyperparameters
        try h.validate(model: typeName)
        users = try NeuralSide.build(.users, data: data, enabled: true)
        guard users.featureCount > 0 else {
            throw ModelError.invalidParameter(model: typeName, name: "profiles",
                detail: "needs user profile features; the dataset's user profile is empty (configure \"profiles\" in the spec)")
        }
        train = data.userItem
        trainingUsers = (0..<Int32(train.rows)).filter { train.rowCount(Int($0)) > 0 }
        // Item prior: log of the smoothed share of training users, so training starts at popularity.
        let counts = train.columnCounts().map { Float($0) + 0.5 }
        let total = counts.reduce(0, +)
        var rng = SeededGenerator(seed: h.seed)
        net = CatalogueSoftmaxNetwork(features: users.featureCount, items: data.itemCount, hidden: h.hiddenWidths!,
                                      activation: Activation(rawValue: h.activation)!,
                                      itemPrior: counts.map { logf($0 / total) }, generator: &rng)
        optimizer = Adam(learningRate: h.learningRate)
        scoringNet = net
        averagedWeights = h.averaging > 0 ? net!.parameterTensors : []
        HeapTuning.keepFreedMemory()
    }

    /// One pass over the training users in a seeded order; returns the mean per-user loss (penalty included).
    public func trainEpoch(_ epoch: Int) throws -> [String: Double] {
        guard var net, let optimizer else { throw ModelError.notFitted(model: typeName) }
        let h = hyperparameters
        var rng = SeededGenerator.derived(seed: h.seed, stream: UInt64(epoch))
        var order = trainingUsers
        rng.shuffle(&order)
        let items = train.cols, f = users.featureCount, l2 = h.l2
        var total = 0.0
        var start = 0
        while start < order.count {
            let batch = order[start..<min(order.count, start + h.batchSize)]
            let profiles = users.rows(of: batch) { _ in rng.nextFloat() < h.coldDropout }
            var labels = [Float](repeating: 0, count: batch.count * items)
            for (r, u) in batch.enumerated() {
                for i in train.row(Int(u)).indices { labels[r * items + Int(i)] = 1 }
            }
            let x = Tensor(rows: batch.count, cols: f, scalars: profiles)
            let y = Tensor(rows: batch.count, cols: items, scalars: labels)
            let (loss, grad) = valueWithGradient(at: net) { m -> Float in
                softmaxCrossEntropy(logits: m(x), labels: y) + l2 * m.weightPenalty()
            }
            optimizer.update(&net, along: grad)
            if h.averaging > 0 { Self.average(&averagedWeights, toward: net.parameterTensors, keeping: h.averaging) }
            total += Double(loss) * Double(batch.count)
            start += batch.count
        }
        self.net = net
        if h.averaging > 0 {
            var averaged = net
            try averaged.loadParameterTensors(averagedWeights)
            scoringNet = averaged
        } else {
            scoringNet = net
        }
        return ["loss": total / Double(max(1, order.count))]
    }

    /// `w̄ ← β w̄ + (1 − β) w`, tensor by tensor.
    private static func average(_ running: inout [Tensor], toward current: [Tensor], keeping beta: Float) {
        for k in running.indices {
            current[k].scalars.withUnsafeBufferPointer { w in
                running[k].scalars.withUnsafeMutableBufferPointer { a in
                    for j in 0..<a.count { a[j] = beta * a[j] + (1 - beta) * w[j] }
                }
            }
        }
    }

    /// Logits of each user's profile row (their own when warm, the cold row otherwise), 256 users at a time.
    public func score(users ids: [Int32], items: [Int32]?) -> DenseMatrix {
        guard let net = scoringNet else { return DenseMatrix(rows: ids.count, cols: items?.count ?? 0) }
        let cols = items?.count ?? net.output.outputSize
        var out = DenseMatrix(rows: ids.count, cols: cols)
        let f = users.featureCount
        var start = 0
        while start < ids.count {
            let chunk = ids[start..<min(ids.count, start + 256)]
            let profiles = users.rows(of: chunk) { !users.warm[Int($0)] }
            let logits = net(Tensor(rows: chunk.count, cols: f, scalars: profiles))
            for r in 0..<chunk.count {
                let src = r * logits.cols, dst = (start + r) * cols
                if let items {
                    for (c, i) in items.enumerated() { out.storage[dst + c] = logits.scalars[src + Int(i)] }
                } else {
                    for c in 0..<cols { out.storage[dst + c] = logits.scalars[src + c] }
                }
            }
            start += chunk.count
        }
        return out
    }

    public func save(to group: HDF5Group) throws {
        guard let net = scoringNet else { throw ModelError.notFitted(model: typeName) }
        try group.setAttribute("type", typeName)
        try group.setAttribute("hidden", hyperparameters.hidden)
        try group.setAttribute("activation", hyperparameters.activation)
        try group.setAttribute("items", Int64(net.output.outputSize))
        try users.save(to: group.createGroup("users"))
        try NetworkParameterStorage.write(net, to: group)
    }

    public func load(from group: HDF5Group) throws {
        let savedType: String? = try group.attribute("type"), hidden: String? = try group.attribute("hidden")
        let activation: String? = try group.attribute("activation"), itemCount: Int64? = try group.attribute("items")
        guard savedType == typeName, hidden == hyperparameters.hidden, activation == hyperparameters.activation,
              let itemCount, let widths = hyperparameters.hiddenWidths, let act = Activation(rawValue: hyperparameters.activation) else {
            throw ModelError.incompatibleSave(model: typeName, detail: "saved \(savedType ?? "?") with hidden \"\(hidden ?? "?")\" and activation \(activation ?? "?"), model is \(typeName) with hidden \"\(hyperparameters.hidden)\" and activation \(hyperparameters.activation)")
        }
        users = try NeuralSide.load(from: group.openGroup("users"))
        var rng = SeededGenerator(seed: hyperparameters.seed)
        var fresh = CatalogueSoftmaxNetwork(features: users.featureCount, items: Int(itemCount), hidden: widths, activation: act,
                                            itemPrior: [Float](repeating: 0, count: Int(itemCount)), generator: &rng)
        try NetworkParameterStorage.read(into: &fresh, from: group, model: typeName)
        net = fresh
        scoringNet = fresh
        optimizer = nil
    }
}
