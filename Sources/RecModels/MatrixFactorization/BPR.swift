import RecConfig
import RecCore
import RecData
import RecHDF5

/// `bpr`'s parameters.
public struct BPRConfig: Configuration {
    @Param(in: 1...4096, doc: "latent dimension")
    public var factors = 64
    @Param(in: 1...100_000, doc: "training epochs (at most, with early stopping)")
    public var epochs = 30
    @Param(in: Bounds(lower: 0, upper: 10, includesLower: false), doc: "SGD step size")
    public var learningRate: Float = 0.05
    @Param(in: 0...1e6, doc: "L2 penalty on factors")
    public var regularization: Float = 0.001
    @Param(doc: "learn an item bias")
    public var itemBias = true
    @Param(in: 0...10, doc: "standard deviation of the Gaussian factor initialisation")
    public var initStd: Float = 0.1
    @Param(in: 1...64, doc: "Hogwild threads (1 = bit-exact under the seed)")
    public var threads = 1
    public init() {}
}

/// Bayesian Personalised Ranking with matrix factorisation (Rendle, Freudenthaler, Gantner &
/// Schmidt-Thieme, UAI 2009): maximises `Σ ln σ(x̂_uij) − λ‖Θ‖²` over triples where `i` is an item the
/// user interacted with and `j` an item they did not, `x̂_uij = (b_i − b_j) + p_uᵀ(q_i − q_j)`
/// (the bias terms only when `itemBias`). LearnBPR (Algorithm 1): each epoch draws `nnz` triples by
/// bootstrap sampling — a uniformly random training pair (u, i) and a uniformly random item j not in
/// the user's history (rejection sampling, up to 20 tries) — and takes one SGD step per triple:
/// `θ += η (σ(−x̂_uij) ∂x̂_uij/∂θ − λ θ)`. Epoch loss: mean `−ln σ(x̂_uij)` over the triples, measured
/// before each step.
///
/// The sampler is software-pipelined (`SamplePipeline`): a triple is drawn 12 steps before its update
/// and the memory it will touch is prefetched in three stages, so the cache misses of a random pair, its
/// user's row and three factor rows overlap with the updates in between instead of stalling each step.
///
/// `threads: 1` (the default) is bit-for-bit reproducible under `seed`. With `threads > 1` the epoch's
/// triples are split across threads that update the shared factors without locks (Hogwild!, Niu et al.
/// 2011): faster, but the interleaving of racing updates makes results differ from run to run.
///
/// ```swift
/// let bpr = BPR(BPRConfig { $0.factors = 64; $0.epochs = 30 }, seed: 3)
/// ```
public final class BPR: RecommenderType, EpochTrainable {
    public static let typeName = "bpr"
    public static let summary = "Bayesian personalised ranking MF with uniform negative sampling (Rendle et al. 2009)."
    /// Seed of initialisation and sampling.
    public let seed: UInt64

    private var userFactors: [Float] = [], itemFactors: [Float] = [], biases: [Float] = []
    private var userCount = 0, itemCount = 0
    private var train = CSRMatrix.zeros(rows: 0, cols: 0)
    private var cooUsers: [Int32] = []

    /// The epoch count the shared training loop runs (at most).
    public var epochs: Int { config.epochs }
    /// The model's validated configuration.
    public let config: BPRConfig

    /// An unfitted model; every random choice derives from `seed`.
    public init(_ config: BPRConfig = .init(), seed: UInt64 = 0) {
        self.config = config; self.seed = seed
    }

    public convenience init(config: BPRConfig, context: ModelContext) { self.init(config, seed: context.seed) }

    public func prepare(_ data: TrainingData) throws {
        userCount = data.userCount; itemCount = data.itemCount
        train = data.userItem
        cooUsers = [Int32](repeating: 0, count: train.nnz)
        for u in 0..<train.rows { for p in train.indptr[u]..<train.indptr[u + 1] { cooUsers[p] = Int32(u) } }
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
        let nnz = train.nnz, nItems = itemCount, f = config.factors, lr = config.learningRate, reg = config.regularization
        let useBias = config.itemBias, seed = self.seed, workers = max(1, min(config.threads, nnz))
        guard nnz > 0, nItems > 1 else { return ["loss": 0] }
        var losses = [Double](repeating: 0, count: workers)
        var counts = [Int](repeating: 0, count: workers)
        let users = cooUsers, indptrs = train.indptr, indices = train.indices
        userFactors.withUnsafeMutableBufferPointer { pf in
        itemFactors.withUnsafeMutableBufferPointer { qf in
        biases.withUnsafeMutableBufferPointer { bf in
        losses.withUnsafeMutableBufferPointer { lp in
        counts.withUnsafeMutableBufferPointer { cp in
            let P = SharedPointer(pf), Q = SharedPointer(qf)
            let B = SharedPointer(bf), L = SharedPointer(lp)
            let C = SharedPointer(cp)
            Parallelism.forEachChunk(count: workers, threads: workers) { range in
                for w in range {
                    var rng = SeededGenerator.derived(seed: seed, stream: UInt64(epoch) << 16 | UInt64(w))
                    let steps = nnz / workers + (w < nnz % workers ? 1 : 0)
                    var loss: Double = 0, done = 0
                    var ring = SamplePipeline(factors: f)
                    indptrs.withUnsafeBufferPointer { indptr in
                    indices.withUnsafeBufferPointer { idx in
                    users.withUnsafeBufferPointer { us in
                    for s in -SamplePipeline.lead..<steps {
                        ring.advance(step: s, steps: steps, rng: &rng, nnz: nnz, items: nItems,
                                     users: us, indices: idx, indptr: indptr, P: P.base, Q: Q.base)
                        guard s >= 0 else { continue }
                        let t = ring[s]
                        let u = t.user, i = t.item, lo = t.lo, hi = t.hi
                        var j = t.negative
                        if FactorSupport.contains(idx, lo, hi, Int32(j)) {
                            j = -1
                            for _ in 1..<20 {
                                let c = rng.nextInt(below: nItems)
                                if !FactorSupport.contains(idx, lo, hi, Int32(c)) { j = c; break }
                            }
                            if j < 0 { continue }
                        }
                        let pu = P.base + u * f, qi = Q.base + i * f, qj = Q.base + j * f
                        var x: Float = useBias ? B[i] - B[j] : 0
                        x += FactorSupport.dot(pu, qi, f) - FactorSupport.dot(pu, qj, f)
                        loss += Double(FactorSupport.softplus(-x))
                        done += 1
                        let z = FactorSupport.sigmoid(-x)
                        for d in 0..<f {
                            let a = pu[d], b = qi[d], c = qj[d]
                            pu[d] = a + lr * (z * (b - c) - reg * a)
                            qi[d] = b + lr * (z * a - reg * b)
                            qj[d] = c + lr * (-z * a - reg * c)
                        }
                        if useBias {
                            B[i] = B[i] + lr * (z - reg * B[i])
                            B[j] = B[j] + lr * (-z - reg * B[j])
                        }
                    }
                    }}}
                    L[w] = loss; C[w] = done
                }
            }
        }}}}}
        let total = counts.reduce(0, +)
        return ["loss": losses.reduce(0, +) / Double(max(1, total))]
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        FactorSupport.scores(users: users, items: items, factors: config.factors, itemCount: itemCount,
                             userFactors: userFactors, itemFactors: itemFactors,
                             itemBias: config.itemBias ? biases : nil)
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
