import Foundation
import RecAutodiff
import RecConfig
import RecCore
import RecData
import RecHDF5

/// `softmax_mlp`'s parameters.
public struct SoftmaxMLPConfig: Configuration {
    @Param(doc: "comma-separated widths of the user tower's hidden layers (\"\" for none: multinomial logistic regression)")
    public var hidden = "64"
    @Param(doc: "hidden-layer nonlinearity")
    public var activation = Activation.tanh
    @Param(in: 1...100_000, doc: "training epochs (at most, with early stopping)")
    public var epochs = 100
    @Param(in: 1...1_000_000, doc: "users per mini-batch")
    public var batchSize = 64
    @Param(in: Bounds(lower: 0, upper: 10, includesLower: false), doc: "Adam step size")
    public var learningRate: Float = 0.01
    @Param(in: 0...1000, doc: "λ of λ·Σ‖W‖² on the weight matrices (the loss sums over a user's items; the item prior is not shrunk)")
    public var l2: Float = 0.1
    @Param(in: 0...1, doc: "probability that a training user is shown with their cold profile row in an epoch (1: attributes only, for user cold start)")
    public var coldDropout: Float = 1
    @Param(in: 0..<1, doc: "β of the moving average of the weights that scores, w̄ ← β w̄ + (1 − β) w per step (0: the last weights)")
    public var averaging: Float = 0
    public init() {}

    /// The hidden widths (validated by `violations()`; empty for none).
    public var hiddenWidths: [Int] { NeuralConfig.widths(hidden) ?? [] }

    public func violations() -> [ConfigurationViolation] {
        NeuralConfig.widths(hidden) == nil
            ? [ConfigurationViolation("hidden", "\"\(hidden)\" is not a list of layer widths", fix: "use comma-separated widths such as \"64\", or \"\" for none")] : []
    }
}

extension Activation: ChoiceParameter {}

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
/// let model = SoftmaxMLP(SoftmaxMLPConfig { $0.hidden = "64"; $0.l2 = 0.1 }, seed: 3)
/// try model.fit(TrainingData(prepared), observer: nil)
/// let scores = model.score(users: coldUsers, items: nil)
/// ```
public final class SoftmaxMLP: RecommenderType, EpochTrainable {
    public static let typeName = "softmax_mlp"
    public static let summary = "Profile MLP tower with a softmax over the whole catalogue (YouTube DNN, Covington et al. 2016); a user is their profile, so cold users are scored like warm ones."

    /// The validated configuration.
    public let config: SoftmaxMLPConfig
    /// Seed of initialisation, cold-profile draws and batch order.
    public let seed: UInt64
    public var epochs: Int { config.epochs }

    private var net: CatalogueSoftmaxNetwork?
    /// The weights that score: the moving average when `averaging` > 0, else `net`.
    private var scoringNet: CatalogueSoftmaxNetwork?
    private var averagedWeights: [Tensor] = []
    private var optimizer: Adam<CatalogueSoftmaxNetwork>?
    private var users = NeuralSide.empty
    private var train = CSRMatrix.zeros(rows: 0, cols: 0)
    private var trainingUsers: [Int32] = []

    /// A model with the given hyper-parameters.
    /// An unfitted model.
    public init(_ config: SoftmaxMLPConfig = .init(), seed: UInt64 = 0) { self.config = config; self.seed = seed }

    public convenience init(config: SoftmaxMLPConfig, context: ModelContext) { self.init(config, seed: context.seed) }

    public func prepare(_ data: TrainingData) throws {
        let h = config
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
        var rng = SeededGenerator(seed: seed)
        net = CatalogueSoftmaxNetwork(features: users.featureCount, items: data.itemCount, hidden: h.hiddenWidths,
                                      activation: h.activation,
                                      itemPrior: counts.map { logf($0 / total) }, generator: &rng)
        optimizer = Adam(learningRate: h.learningRate)
        scoringNet = net
        averagedWeights = h.averaging > 0 ? net!.parameterTensors : []
    }

    /// One pass over the training users in a seeded order; returns the mean per-user loss (penalty included).
    public func snapshot() -> EpochSnapshot { EpochSnapshot((net, scoringNet, averagedWeights)) }

    public func restore(_ snapshot: EpochSnapshot) {
        (net, scoringNet, averagedWeights) = snapshot.value(as: (CatalogueSoftmaxNetwork?, CatalogueSoftmaxNetwork?, [Tensor]).self)
    }

    public func trainEpoch(_ epoch: Int) throws -> [String: Double] {
        guard var net, let optimizer else { throw ModelError.notFitted(model: typeName) }
        let h = config
        var rng = SeededGenerator.derived(seed: seed, stream: UInt64(epoch))
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
        // Scoring an unfitted model is a programming error, not a result: zeros would rank by index.
        guard let net = scoringNet else { preconditionFailure("\(typeName): score called before fit or load") }
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
        try group.setAttribute("hidden", config.hidden)
        try group.setAttribute("activation", config.activation.rawValue)
        try group.setAttribute("items", Int64(net.output.outputSize))
        try users.save(to: group.createGroup("users"))
        try NetworkParameterStorage.write(net, to: group)
    }

    public func load(from group: HDF5Group) throws {
        let savedType: String? = try group.attribute("type"), hidden: String? = try group.attribute("hidden")
        let activation: String? = try group.attribute("activation"), itemCount: Int64? = try group.attribute("items")
        guard savedType == typeName, hidden == config.hidden, activation == config.activation.rawValue,
              let itemCount else {
            throw ModelError.incompatibleSave(model: typeName, detail: "saved \(savedType ?? "?") with hidden \"\(hidden ?? "?")\" and activation \(activation ?? "?"), model is \(typeName) with hidden \"\(config.hidden)\" and activation \(config.activation.rawValue)")
        }
        users = try NeuralSide.load(from: group.openGroup("users"))
        var rng = SeededGenerator(seed: seed)
        var fresh = CatalogueSoftmaxNetwork(features: users.featureCount, items: Int(itemCount), hidden: config.hiddenWidths, activation: config.activation,
                                            itemPrior: [Float](repeating: 0, count: Int(itemCount)), generator: &rng)
        try NetworkParameterStorage.read(into: &fresh, from: group, model: typeName)
        net = fresh
        scoringNet = fresh
        optimizer = nil
    }
}
