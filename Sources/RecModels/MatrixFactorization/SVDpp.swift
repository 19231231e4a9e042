import RecConfig
import RecCore
import RecData
import RecHDF5

/// `svdpp`'s parameters.
public struct SVDppConfig: Configuration {
    @Param(in: 1...4096, doc: "latent dimension")
    public var factors = 20
    @Param(in: 1...100_000, doc: "training epochs (at most, with early stopping)")
    public var epochs = 20
    @Param(in: Bounds(lower: 0, upper: 10, includesLower: false), doc: "SGD step size")
    public var learningRate: Float = 0.007
    @Param(in: 0...1e6, doc: "L2 penalty on the user and item factors")
    public var regularization: Float = 0.02
    @Param(in: 0...1e6, doc: "L2 penalty on the implicit-feedback factors y_j (once per user who rated j, per epoch)")
    public var implicitRegularization: Float = 0.02
    @Param(in: 0...1e6, doc: "L2 penalty on user and item biases")
    public var biasRegularization: Float = 0.02
    @Param(in: 0...10, doc: "standard deviation of the Gaussian initialisation of p, q and y")
    public var initStd: Float = 0.1
    @Param(in: Bounds(lower: 0, upper: 1, includesLower: false), doc: "step size multiplier per epoch (1 = constant)")
    public var learningRateDecay: Float = 1
    public init() {}
}

/// SVD++ (Koren 2008, "Factorization meets the neighborhood", eq. 15): biased MF whose user vector is
/// completed by the items the user rated, `r̂_ui = μ + b_u + b_i + q_iᵀ(p_u + |N(u)|^-½ Σ_{j∈N(u)} y_j)`,
/// with N(u) the user's training items. Trained by SGD as `biased_mf`, one user at a time:
///
/// - the implicit sum `z_u = |N(u)|^-½ Σ y_j` is computed once per user per epoch (Koren's per-rating
///   formulation recomputes it for every rating, |N(u)|× the work, which is what makes Surprise's SVD++ slow);
/// - the user's ratings are visited in a shuffled order with `b_u, b_i, p_u, q_i` updated per rating as in
///   `biased_mf`, `q_i` along `e (p_u + z_u)`, while `Σ e q_i` accumulates;
/// - then every `y_j`, j ∈ N(u), takes one step `y_j += η (|N(u)|^-½ Σ e q_i − λ_y y_j)`: the sum of the
///   per-rating gradients with `y` held fixed over the user's block, penalised once per user.
///
/// Users are visited in a fresh order each epoch, drawn from `seed` and the epoch number. Losses per
/// epoch: `rmse`, the training RMSE measured during the pass. Rating predictions are clipped to the
/// range of the training ratings; ranking scores are not.
///
/// ```swift
/// let model = SVDpp(SVDppConfig { $0.factors = 50; $0.epochs = 30 }, seed: 1)
/// ```
public final class SVDpp: RecommenderType, EpochTrainable {
    public static let typeName = "svdpp"
    public static let summary = "SVD++: biased MF with the implicit feedback of the rated items, by SGD (Koren 2008)."
    /// Seed of the initialisation and of every epoch's order.
    public let seed: UInt64

    var globalMean: Float = 0
    var userBias: [Float] = [], itemBias: [Float] = []
    /// p (users × f), q (items × f) and y (items × f), row-major.
    var userFactors: [Float] = [], itemFactors: [Float] = [], implicitFactors: [Float] = []
    /// `z_u = |N(u)|^-½ Σ y_j` (users × f) for the current `y`: scoring uses `p_u + z_u`.
    private(set) var implicitUser: [Float] = []
    private var userCount = 0, itemCount = 0
    /// The training ratings grouped by user (CSR offsets `start`), each user's block reshuffled per epoch.
    private var start: [Int] = [], items: [Int32] = [], values: [Float] = []
    /// Lowest and highest training rating: the clip range of `predict`.
    private(set) var ratingRange: ClosedRange<Float>?

    /// The epoch count the shared training loop runs (at most).
    public var epochs: Int { config.epochs }
    /// The model's validated configuration.
    public let config: SVDppConfig

    /// An unfitted model; every random choice derives from `seed`.
    public init(_ config: SVDppConfig = .init(), seed: UInt64 = 0) {
        self.config = config; self.seed = seed
    }

    public convenience init(config: SVDppConfig, context: ModelContext) { self.init(config, seed: context.seed) }

    public var predictsRatings: Bool { true }

    public func prepare(_ data: TrainingData) throws {
        userCount = data.userCount; itemCount = data.itemCount
        let m = data.userItem
        start = m.indptr.map { Int($0) }
        items = m.indices; values = m.values
        if let lo = m.values.min(), let hi = m.values.max() { ratingRange = lo...hi } else { ratingRange = nil }
        globalMean = Float(data.globalMean)
        let f = config.factors
        var rng = SeededGenerator(seed: seed)
        userFactors = FactorSupport.gaussian(count: userCount * f, std: config.initStd, rng: &rng)
        itemFactors = FactorSupport.gaussian(count: itemCount * f, std: config.initStd, rng: &rng)
        implicitFactors = FactorSupport.gaussian(count: itemCount * f, std: config.initStd, rng: &rng)
        userBias = [Float](repeating: 0, count: userCount)
        itemBias = [Float](repeating: 0, count: itemCount)
        updateImplicitUser()
    }

    public func snapshot() -> EpochSnapshot {
        EpochSnapshot([userBias, itemBias, userFactors, itemFactors, implicitFactors, implicitUser])
    }

    public func restore(_ snapshot: EpochSnapshot) {
        let s = snapshot.value(as: [[Float]].self)
        (userBias, itemBias, userFactors, itemFactors, implicitFactors, implicitUser) = (s[0], s[1], s[2], s[3], s[4], s[5])
    }

    public func trainEpoch(_ epoch: Int) throws -> [String: Double] {
        var rng = SeededGenerator.derived(seed: seed, stream: UInt64(epoch))
        let order = rng.permutation(userCount)
        var lr = config.learningRate
        for _ in 1..<max(1, epoch) { lr *= config.learningRateDecay }
        let f = config.factors, reg = config.regularization, regY = config.implicitRegularization
        let regB = config.biasRegularization, mu = globalMean
        var squared: Double = 0
        var z = [Float](repeating: 0, count: f), g = [Float](repeating: 0, count: f)
        items.withUnsafeMutableBufferPointer { its in
        values.withUnsafeMutableBufferPointer { vals in
        userBias.withUnsafeMutableBufferPointer { bu in
        itemBias.withUnsafeMutableBufferPointer { bi in
        userFactors.withUnsafeMutableBufferPointer { pf in
        itemFactors.withUnsafeMutableBufferPointer { qf in
        implicitFactors.withUnsafeMutableBufferPointer { yf in
        z.withUnsafeMutableBufferPointer { zb in
        g.withUnsafeMutableBufferPointer { gb in
            let P = pf.baseAddress!, Q = qf.baseAddress!, Y = yf.baseAddress!, zu = zb.baseAddress!, gu = gb.baseAddress!
            for u in order {
                let lo = start[u], hi = start[u + 1]
                guard hi > lo else { continue }
                // A fresh order of the user's ratings (Fisher–Yates on the block, items and values together).
                for k in stride(from: hi - 1, to: lo, by: -1) {
                    let r = lo + rng.nextInt(below: k - lo + 1)
                    its.swapAt(k, r); vals.swapAt(k, r)
                }
                let norm = 1 / Float(hi - lo).squareRoot()
                Self.implicitSum(Y, its.baseAddress! + lo, hi - lo, f, scale: norm, into: zu)
                for d in 0..<f { gu[d] = 0 }
                let pu = P + u * f
                for k in lo..<hi {
                    let i = Int(its[k])
                    let qi = Q + i * f
                    let err = vals[k] - (mu + bu[u] + bi[i] + FactorSupport.dot(pu, qi, f) + FactorSupport.dot(zu, qi, f))
                    squared += Double(err * err)
                    bu[u] += lr * (err - regB * bu[u])
                    bi[i] += lr * (err - regB * bi[i])
                    Self.step(pu, qi, zu, gu, f, lr: lr, err: err, reg: reg)
                }
                // One step for every y_j of N(u) along the accumulated gradient.
                for k in lo..<hi {
                    let yj = Y + Int(its[k]) * f
                    for d in 0..<f { yj[d] += lr * (norm * gu[d] - regY * yj[d]) }
                }
            }
        }}}}}}}}}
        updateImplicitUser()
        let n = Double(max(1, values.count))
        return ["rmse": (squared / n).squareRoot()]
    }

    /// `out = scale · Σ_k y_{items[k]}` over `count` items.
    @inline(__always)
    static func implicitSum(_ y: UnsafeMutablePointer<Float>, _ items: UnsafeMutablePointer<Int32>, _ count: Int, _ f: Int,
                            scale: Float, into out: UnsafeMutablePointer<Float>) {
        for d in 0..<f { out[d] = 0 }
        for k in 0..<count {
            let yj = y + Int(items[k]) * f
            for d in 0..<f { out[d] += yj[d] }
        }
        for d in 0..<f { out[d] *= scale }
    }

    /// One rating's factor step (all from the values before it): `g += e q_i`,
    /// `p_u += η (e q_i − λ p_u)`, `q_i += η (e (p_u + z_u) − λ q_i)`.
    @inline(__always)
    static func step(_ pu: UnsafeMutablePointer<Float>, _ qi: UnsafeMutablePointer<Float>, _ zu: UnsafeMutablePointer<Float>,
                     _ gu: UnsafeMutablePointer<Float>, _ f: Int, lr: Float, err: Float, reg: Float) {
        for d in 0..<f {
            let p = pu[d], q = qi[d]
            gu[d] += err * q
            pu[d] = p + lr * (err * q - reg * p)
            qi[d] = q + lr * (err * (p + zu[d]) - reg * q)
        }
    }

    /// Recomputes `z_u` for every user from the current `y`.
    func updateImplicitUser() {
        let f = config.factors
        implicitUser = [Float](repeating: 0, count: userCount * f)
        implicitUser.withUnsafeMutableBufferPointer { zb in
        implicitFactors.withUnsafeMutableBufferPointer { yf in
        items.withUnsafeMutableBufferPointer { its in
            for u in 0..<userCount where start[u + 1] > start[u] {
                let n = start[u + 1] - start[u]
                Self.implicitSum(yf.baseAddress!, its.baseAddress! + start[u], n, f,
                                 scale: 1 / Float(n).squareRoot(), into: zb.baseAddress! + u * f)
            }
        }}}
    }

    /// `p_u + z_u` for every user: the user vector of scoring and prediction.
    private func effectiveUserFactors() -> [Float] {
        var out = userFactors
        for k in 0..<out.count { out[k] += implicitUser[k] }
        return out
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        FactorSupport.scores(users: users, items: items, factors: config.factors, itemCount: itemCount,
                             userFactors: effectiveUserFactors(), itemFactors: itemFactors,
                             userBias: userBias, itemBias: itemBias, global: globalMean)
    }

    public func predict(users: [Int32], items: [Int32]) -> [Float] {
        precondition(users.count == items.count)
        let f = config.factors
        return userFactors.withUnsafeBufferPointer { pf in
        implicitUser.withUnsafeBufferPointer { zf in
        itemFactors.withUnsafeBufferPointer { qf in
            (0..<users.count).map { k in
                let u = Int(users[k]), i = Int(items[k])
                let qi = qf.baseAddress! + i * f
                var s = globalMean + userBias[u] + itemBias[i]
                s += FactorSupport.dot(pf.baseAddress! + u * f, qi, f) + FactorSupport.dot(zf.baseAddress! + u * f, qi, f)
                if let r = ratingRange { s = min(max(s, r.lowerBound), r.upperBound) }
                return s
            }
        }}}
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
        let f = config.factors
        try group.write("implicit_factors", matrix: DenseMatrix(rows: itemCount, cols: f, storage: implicitFactors), compression: 0)
        try group.write("user_implicit_sum", matrix: DenseMatrix(rows: userCount, cols: f, storage: implicitUser), compression: 0)
    }

    public func load(from group: HDF5Group) throws {
        (userFactors, itemFactors, userCount, itemCount) = try FactorSupport.loadFactors(from: group, factors: config.factors, model: typeName)
        globalMean = Float(try group.attribute("global_mean", as: Double.self) ?? 0)
        if let lo = try group.attribute("rating_min", as: Double.self), let hi = try group.attribute("rating_max", as: Double.self) {
            ratingRange = Float(lo)...Float(hi)
        } else { ratingRange = nil }
        userBias = try group.read("user_bias"); itemBias = try group.read("item_bias")
        let y = try group.readDenseMatrix("implicit_factors"), z = try group.readDenseMatrix("user_implicit_sum")
        guard y.rows == itemCount, y.cols == config.factors, z.rows == userCount, z.cols == config.factors else {
            throw ModelError.incompatibleSave(model: typeName, detail: "implicit factors \(y.rows)×\(y.cols), user sums \(z.rows)×\(z.cols)")
        }
        implicitFactors = y.storage; implicitUser = z.storage
    }
}
