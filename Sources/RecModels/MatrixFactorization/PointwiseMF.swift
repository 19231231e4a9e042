import RecConfig
import RecCore
import RecData
import RecHDF5

/// `pointwise_mf`'s parameters.
public struct PointwiseMFConfig: Configuration {
    @Param(in: 1...4096, doc: "latent dimension")
    public var factors = 32
    @Param(in: 1...1000, doc: "sampled negatives per positive")
    public var negatives = 4
    @Param(in: 1...100_000, doc: "training epochs (at most, with early stopping)")
    public var epochs = 20
    @Param(in: Bounds(lower: 0, upper: 10, includesLower: false), doc: "SGD step size")
    public var learningRate: Float = 0.05
    @Param(in: 0...1e6, doc: "L2 penalty on factors")
    public var regularization: Float = 0.001
    @Param(in: 0...10, doc: "standard deviation of the Gaussian factor initialisation")
    public var initStd: Float = 0.1
    public init() {}
}

/// Pointwise logistic matrix factorisation: `P(y_ui = 1) = σ(b_i + p_uᵀ q_i)` trained with binary
/// cross-entropy on every observed pair (label 1) and `negatives` items drawn uniformly from those the
/// user has not interacted with (label 0) — the negative-sampling objective of logistic MF (Johnson
/// 2014) and of NCF's GMF (He et al. 2017, eq. 7). SGD step for a sample with label y:
/// `g = σ(x) − y`, `p_u −= η (g q_i + λ p_u)`, `q_i −= η (g p_u + λ q_i)`, `b_i −= η (g + λ b_i)`.
/// Epoch loss: mean binary cross-entropy over all samples of the epoch, before each step.
/// Positives are visited in a fresh seeded order each epoch; single-threaded and reproducible.
///
/// ```swift
/// let model = PointwiseMF(PointwiseMFConfig { $0.negatives = 4 }, seed: 5)
/// ```
public final class PointwiseMF: RecommenderType, EpochTrainable {
    public static let typeName = "pointwise_mf"
    public static let summary = "MF with sigmoid + binary cross-entropy on each positive and k sampled negatives."
    /// Seed of initialisation, order and negatives.
    public let seed: UInt64

    private var userFactors: [Float] = [], itemFactors: [Float] = [], biases: [Float] = []
    private var userCount = 0, itemCount = 0
    private var train = CSRMatrix.zeros(rows: 0, cols: 0)
    private var cooUsers: [Int32] = [], order: [Int32] = []

    /// The epoch count the shared training loop runs (at most).
    public var epochs: Int { config.epochs }
    /// The model's validated configuration.
    public let config: PointwiseMFConfig

    /// An unfitted model; every random choice derives from `seed`.
    public init(_ config: PointwiseMFConfig = .init(), seed: UInt64 = 0) {
        self.config = config; self.seed = seed
    }

    public convenience init(config: PointwiseMFConfig, context: ModelContext) { self.init(config, seed: context.seed) }

    public func prepare(_ data: TrainingData) throws {
        userCount = data.userCount; itemCount = data.itemCount
        train = data.userItem
        cooUsers = [Int32](repeating: 0, count: train.nnz)
        for u in 0..<train.rows { for p in train.indptr[u]..<train.indptr[u + 1] { cooUsers[p] = Int32(u) } }
        order = (0..<Int32(train.nnz)).map { $0 }
        var rng = SeededGenerator(seed: seed)
        userFactors = FactorSupport.gaussian(count: userCount * config.factors, std: config.initStd, rng: &rng)
        itemFactors = FactorSupport.gaussian(count: itemCount * config.factors, std: config.initStd, rng: &rng)
        biases = [Float](repeating: 0, count: itemCount)
    }

    public func snapshot() -> EpochSnapshot { EpochSnapshot((userFactors, itemFactors, biases)) }

    public func restore(_ snapshot: EpochSnapshot) {
        (userFactors, itemFactors, biases) = snapshot.value(as: ([Float], [Float], [Float]).self)
    }

    public func trainEpoch(_ epoch: Int) throws -> [String: Double] {
        var rng = SeededGenerator.derived(seed: seed, stream: UInt64(epoch))
        rng.shuffle(&order)
        let f = config.factors, lr = config.learningRate, reg = config.regularization, nItems = itemCount
        var loss: Double = 0, samples = 0
        order.withUnsafeBufferPointer { ord in
        cooUsers.withUnsafeBufferPointer { us in
        train.indices.withUnsafeBufferPointer { idx in
        train.indptr.withUnsafeBufferPointer { ptr in
        userFactors.withUnsafeMutableBufferPointer { pf in
        itemFactors.withUnsafeMutableBufferPointer { qf in
        biases.withUnsafeMutableBufferPointer { b in
            // One SGD step on (u, i, y); returns the sample's cross-entropy.
            func step(_ u: Int, _ i: Int, _ y: Float) -> Float {
                let pu = pf.baseAddress! + u * f, qi = qf.baseAddress! + i * f
                let x = b[i] + FactorSupport.dot(pu, qi, f)
                let g = FactorSupport.sigmoid(x) - y
                for d in 0..<f {
                    let a = pu[d], c = qi[d]
                    pu[d] = a - lr * (g * c + reg * a)
                    qi[d] = c - lr * (g * a + reg * c)
                }
                b[i] -= lr * (g + reg * b[i])
                return y > 0 ? FactorSupport.softplus(-x) : FactorSupport.softplus(x)
            }
            for k in 0..<ord.count {
                let e = Int(ord[k])
                let u = Int(us[e]), i = Int(idx[e])
                loss += Double(step(u, i, 1)); samples += 1
                let lo = ptr[u], hi = ptr[u + 1]
                if hi - lo >= nItems { continue }
                for _ in 0..<config.negatives {
                    var j = rng.nextInt(below: nItems)
                    while FactorSupport.contains(idx, lo, hi, Int32(j)) { j = rng.nextInt(below: nItems) }
                    loss += Double(step(u, j, 0)); samples += 1
                }
            }
        }}}}}}}
        return ["loss": loss / Double(max(1, samples))]
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        FactorSupport.scores(users: users, items: items, factors: config.factors, itemCount: itemCount,
                             userFactors: userFactors, itemFactors: itemFactors, itemBias: biases)
    }

    public func save(to group: HDF5Group) throws {
        try group.write("item_bias", biases, compression: 0)
        try FactorSupport.saveFactors(userFactors, itemFactors, users: userCount, items: itemCount, factors: config.factors,
                                      model: typeName, to: group)
    }

    public func load(from group: HDF5Group) throws {
        (userFactors, itemFactors, userCount, itemCount) = try FactorSupport.loadFactors(from: group, factors: config.factors, model: typeName)
        biases = try group.read("item_bias")
    }
}
