import RecConfig
import RecCore
import RecData
import RecHDF5

/// `biased_mf`'s parameters.
public struct BiasedMFConfig: Configuration {
    @Param(in: 1...4096, doc: "latent dimension")
    public var factors = 100
    @Param(in: 1...100_000, doc: "training epochs (at most, with early stopping)")
    public var epochs = 20
    @Param(in: Bounds(lower: 0, upper: 10, includesLower: false), doc: "SGD step size")
    public var learningRate: Float = 0.005
    @Param(in: 0...1e6, doc: "L2 penalty on factors")
    public var regularization: Float = 0.02
    @Param(in: 0...1e6, doc: "L2 penalty on user and item biases")
    public var biasRegularization: Float = 0.02
    @Param(in: 0...10, doc: "standard deviation of the Gaussian factor initialisation")
    public var initStd: Float = 0.1
    @Param(in: Bounds(lower: 0, upper: 1, includesLower: false), doc: "step size multiplier per epoch (1 = constant)")
    public var learningRateDecay: Float = 1
    public init() {}
}

/// Biased matrix factorisation trained by stochastic gradient descent ("Funk SVD"; Funk 2006;
/// Koren, Bell & Volinsky 2009, eq. 5): `r̂_ui = μ + b_u + b_i + p_uᵀ q_i`, minimising
/// `Σ (r_ui − r̂_ui)² + λ_b (b_u² + b_i²) + λ (‖p_u‖² + ‖q_i‖²)` with per-rating updates
/// `b_u += η (e − λ_b b_u)`, `p_u += η (e q_i − λ p_u)` (and symmetrically), `e = r_ui − r̂_ui`.
///
/// The step size of epoch `e` is `η · decay^(e−1)` (`learningRateDecay`, 1 = constant). Rating
/// predictions are clipped to the range of the training ratings (as Surprise and MyMediaLite do);
/// ranking scores are not.
///
/// Every epoch visits the ratings in a fresh order drawn from `seed` and the epoch number, so one seed
/// fixes the whole run. Losses per epoch: `rmse`, the training RMSE measured during the pass (each
/// rating's error before its own update), and `loss`, the regularised objective above divided by the
/// number of ratings: the squared errors of the pass plus the penalty of the epoch's final parameters,
/// each user's and item's term counted once per training rating (`Σ_u n_u (λ_b b_u² + λ‖p_u‖²) +
/// Σ_i n_i (λ_b b_i² + λ‖q_i‖²)`, one pass over the factors after the epoch, out of the SGD loop).
///
/// ```swift
/// let mf = BiasedMF(BiasedMFConfig { $0.factors = 100; $0.epochs = 20 }, seed: 1)
/// ```
public final class BiasedMF: RecommenderType, EpochTrainable {
    public static let typeName = "biased_mf"
    public static let summary = "Biased matrix factorisation by SGD (Funk SVD; Koren et al. 2009) for rating prediction."
    /// Seed of the initialisation and of every epoch's order.
    public let seed: UInt64

    private(set) var globalMean: Float = 0
    private(set) var userBias: [Float] = []
    private(set) var itemBias: [Float] = []
    private(set) var userFactors: [Float] = []
    private(set) var itemFactors: [Float] = []
    private(set) var userCount = 0, itemCount = 0
    /// Training ratings per user and per item: the weights of the loss's penalty terms.
    private var userRatings: [Float] = [], itemRatings: [Float] = []
    /// The training ratings in the current visiting order: each epoch's shuffle permutes the triples
    /// themselves (the swaps a shuffled index array would get), so the pass reads them sequentially.
    private var ratings: [RatingTriple] = []
    /// Lowest and highest training rating: the clip range of `predict`.
    private(set) var ratingRange: ClosedRange<Float>?

    /// The epoch count the shared training loop runs (at most).
    public var epochs: Int { config.epochs }
    /// The model's validated configuration.
    public let config: BiasedMFConfig

    /// An unfitted model; every random choice derives from `seed`.
    public init(_ config: BiasedMFConfig = .init(), seed: UInt64 = 0) {
        self.config = config; self.seed = seed
    }

    public convenience init(config: BiasedMFConfig, context: ModelContext) { self.init(config, seed: context.seed) }

    public var predictsRatings: Bool { true }

    public func prepare(_ data: TrainingData) throws {
        userCount = data.userCount; itemCount = data.itemCount
        let m = data.userItem
        ratings = []
        ratings.reserveCapacity(m.nnz)
        userRatings = [Float](repeating: 0, count: userCount)
        itemRatings = [Float](repeating: 0, count: itemCount)
        for u in 0..<m.rows {
            userRatings[u] = Float(m.indptr[u + 1] - m.indptr[u])
            for p in m.indptr[u]..<m.indptr[u + 1] {
                ratings.append(RatingTriple(user: Int32(u), item: m.indices[p], value: m.values[p]))
                itemRatings[Int(m.indices[p])] += 1
            }
        }
        if let lo = m.values.min(), let hi = m.values.max() { ratingRange = lo...hi } else { ratingRange = nil }
        globalMean = Float(data.globalMean)
        var rng = SeededGenerator(seed: seed)
        userFactors = FactorSupport.gaussian(count: userCount * config.factors, std: config.initStd, rng: &rng)
        itemFactors = FactorSupport.gaussian(count: itemCount * config.factors, std: config.initStd, rng: &rng)
        userBias = [Float](repeating: 0, count: userCount)
        itemBias = [Float](repeating: 0, count: itemCount)
    }

    public func snapshot() -> EpochSnapshot { EpochSnapshot((userBias, itemBias, userFactors, itemFactors)) }

    public func restore(_ snapshot: EpochSnapshot) {
        (userBias, itemBias, userFactors, itemFactors) = snapshot.value(as: ([Float], [Float], [Float], [Float]).self)
    }

    public func trainEpoch(_ epoch: Int) throws -> [String: Double] {
        var rng = SeededGenerator.derived(seed: seed, stream: UInt64(epoch))
        rng.shuffle(&ratings)
        var lr = config.learningRate
        for _ in 1..<max(1, epoch) { lr *= config.learningRateDecay }
        let f = config.factors, reg = config.regularization, regB = config.biasRegularization, mu = globalMean
        var squared: Double = 0
        ratings.withUnsafeBufferPointer { rs in
        userBias.withUnsafeMutableBufferPointer { bu in
        itemBias.withUnsafeMutableBufferPointer { bi in
        userFactors.withUnsafeMutableBufferPointer { pf in
        itemFactors.withUnsafeMutableBufferPointer { qf in
            let P = pf.baseAddress!, Q = qf.baseAddress!
            for t in rs {
                let u = Int(t.user), i = Int(t.item)
                let pu = P + u * f, qi = Q + i * f
                let err = t.value - (mu + bu[u] + bi[i] + FactorSupport.dot(pu, qi, f))
                squared += Double(err * err)
                bu[u] += lr * (err - regB * bu[u])
                bi[i] += lr * (err - regB * bi[i])
                Self.step(pu, qi, f, lr: lr, err: err, reg: reg)
            }
        }}}}}
        let n = Double(max(1, ratings.count))
        return ["loss": (squared + penalty()) / n, "rmse": (squared / n).squareRoot()]
    }

    /// `Σ_u n_u (λ_b b_u² + λ‖p_u‖²) + Σ_i n_i (λ_b b_i² + λ‖q_i‖²)` with the current parameters.
    private func penalty() -> Double {
        func side(_ counts: [Float], _ bias: [Float], _ rows: [Float]) -> Double {
            var total: Double = 0
            rows.withUnsafeBufferPointer { r in
                for k in 0..<counts.count where counts[k] > 0 {
                    let norm = FactorSupport.dot(r.baseAddress! + k * config.factors, r.baseAddress! + k * config.factors, config.factors)
                    total += Double(counts[k]) * Double(config.biasRegularization * bias[k] * bias[k] + config.regularization * norm)
                }
            }
            return total
        }
        return side(userRatings, userBias, userFactors) + side(itemRatings, itemBias, itemFactors)
    }

    /// The SGD step `p_u += η (e q_i − λ p_u)`, `q_i += η (e p_u − λ q_i)` (both from the values before
    /// the step): one pass over the two rows, eight lanes at a time (each lane computes exactly the
    /// scalar expression, so the factors are the same bit for bit as with a scalar loop).
    @inline(__always)
    static func step(_ pu: UnsafeMutablePointer<Float>, _ qi: UnsafeMutablePointer<Float>, _ f: Int,
                     lr: Float, err: Float, reg: Float) {
        let rp = UnsafeMutableRawPointer(pu), rq = UnsafeMutableRawPointer(qi)
        let vlr = SIMD8<Float>(repeating: lr), verr = SIMD8<Float>(repeating: err), vreg = SIMD8<Float>(repeating: reg)
        var d = 0
        while d + 8 <= f {
            let a = rp.loadUnaligned(fromByteOffset: d * 4, as: SIMD8<Float>.self)
            let b = rq.loadUnaligned(fromByteOffset: d * 4, as: SIMD8<Float>.self)
            rp.storeBytes(of: a + vlr * (verr * b - vreg * a), toByteOffset: d * 4, as: SIMD8<Float>.self)
            rq.storeBytes(of: b + vlr * (verr * a - vreg * b), toByteOffset: d * 4, as: SIMD8<Float>.self)
            d += 8
        }
        while d < f {
            let a = pu[d], b = qi[d]
            pu[d] = a + lr * (err * b - reg * a)
            qi[d] = b + lr * (err * a - reg * b)
            d += 1
        }
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        FactorSupport.scores(users: users, items: items, factors: config.factors, itemCount: itemCount,
                             userFactors: userFactors, itemFactors: itemFactors,
                             userBias: userBias, itemBias: itemBias, global: globalMean)
    }

    public func predict(users: [Int32], items: [Int32]) -> [Float] {
        precondition(users.count == items.count)
        return userFactors.withUnsafeBufferPointer { pf in
            itemFactors.withUnsafeBufferPointer { qf in
                (0..<users.count).map { k in
                    let u = Int(users[k]), i = Int(items[k])
                    var s = globalMean + userBias[u] + itemBias[i]
                    for d in 0..<config.factors { s += pf[u * config.factors + d] * qf[i * config.factors + d] }
                    if let r = ratingRange { s = min(max(s, r.lowerBound), r.upperBound) }
                    return s
                }
            }
        }
    }

    public func save(to group: HDF5Group) throws {
        try group.setAttribute("global_mean", Double(globalMean))
        if let r = ratingRange {
            try group.setAttribute("rating_min", Double(r.lowerBound)); try group.setAttribute("rating_max", Double(r.upperBound))
        }
        try group.write("user_bias", userBias, compression: 0)
        try group.write("item_bias", itemBias, compression: 0)
        try FactorSupport.saveFactors(userFactors, itemFactors, users: userCount, items: itemCount, factors: config.factors,
                                      model: typeName, to: group)
    }

    public func load(from group: HDF5Group) throws {
        (userFactors, itemFactors, userCount, itemCount) = try FactorSupport.loadFactors(from: group, factors: config.factors, model: typeName)
        globalMean = Float(try group.attribute("global_mean", as: Double.self) ?? 0)
        if let lo = try group.attribute("rating_min", as: Double.self), let hi = try group.attribute("rating_max", as: Double.self) {
            ratingRange = Float(lo)...Float(hi)
        } else { ratingRange = nil }
        userBias = try group.read("user_bias"); itemBias = try group.read("item_bias")
    }
}

/// One training rating of `BiasedMF`, packed so an epoch reads user, item and value from one place.
struct RatingTriple {
    var user: Int32
    var item: Int32
    var value: Float
}

extension BiasedMF: FoldsInUsers {
    public var foldInUserCount: Int { userCount }

    /// The user's factors and bias re-solved in closed form against the fixed item factors, item
    /// biases and global mean: the minimiser of the training loss's terms for this user,
    /// `Σᵢ (r − μ − bᵢ − b_u − p·qᵢ)² + n·(λ‖p‖² + λ_b b_u²)` (n = the user's ratings; SGD applies the
    /// penalty once per rating, so it weighs n times).
    public func foldIn(user: Int32, items: [Int32], values: [Float]) {
        precondition(Int(user) <= userCount && items.count == values.count)
        let f = config.factors, n = f + 1
        if Int(user) == userCount {
            userFactors.append(contentsOf: repeatElement(0, count: f))
            userBias.append(0)
            userCount += 1
        }
        var x = [Float](repeating: 0, count: n)
        if !items.isEmpty {
            // Normal equations over z = [p; b_u] with design rows [qᵢ, 1].
            var a = [Float](repeating: 0, count: n * n), b = [Float](repeating: 0, count: n)
            var rows = [Float](repeating: 1, count: items.count * n)
            for (k, i) in items.enumerated() {
                for d in 0..<f { rows[k * n + d] = itemFactors[Int(i) * f + d] }
                let residual = values[k] - globalMean - itemBias[Int(i)]
                for d in 0..<n { b[d] += residual * rows[k * n + d] }
            }
            rows.withUnsafeBufferPointer { r in a.withUnsafeMutableBufferPointer { pa in
                BLAS.syrkTransposed(n: n, k: items.count, a: r.baseAddress!, lda: n, c: pa.baseAddress!, ldc: n)
            }}
            let count = Float(items.count)
            for d in 0..<f { a[d * n + d] += count * config.regularization }
            a[f * n + f] += count * config.biasRegularization
            // A user whose ratings leave the system singular (no penalty, one rating) keeps the prior.
            if BLAS.solvePositiveDefiniteVector(n: n, a: &a, b: &b) == 0 { x = b }
        }
        userFactors.replaceSubrange(Int(user) * f..<(Int(user) + 1) * f, with: x[0..<f])
        userBias[Int(user)] = x[f]
    }
}
