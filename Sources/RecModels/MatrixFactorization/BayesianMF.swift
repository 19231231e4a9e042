import RecConfig
import RecCore
import RecData
import RecHDF5

/// `bayesian_mf`'s parameters.
public struct BayesianMFConfig: Configuration {
    @Param(in: 1...1024, doc: "latent dimension")
    public var factors = 10
    @Param(in: 0...100_000, doc: "Gibbs sweeps discarded before predictions are averaged")
    public var burnIn = 20
    @Param(in: 1...100_000, doc: "Gibbs sweeps averaged after the burn-in (the scoring width is samples × factors)")
    public var samples = 100
    @Param(in: 0...1e6, doc: "precision α of the ratings' Gaussian noise (1 / variance); 0 = drawn every sweep from its Gamma(1 + n/2, 1 + SSE/2) posterior")
    public var noisePrecision: Float = 2
    @Param(in: Bounds(lower: 0, upper: 1e6, includesLower: false), doc: "prior precision of the user and item biases")
    public var biasPrecision: Float = 1
    @Param(in: Bounds(lower: 0, upper: 1e6, includesLower: false), doc: "β₀ of the Normal–Wishart hyperprior (how strongly the population mean is pulled to 0)")
    public var beta0: Float = 2
    @Param(in: 0...10, doc: "standard deviation of the Gaussian initialisation of the factors")
    public var initStd: Float = 0.1
    public init() {}
}

/// Bayesian probabilistic matrix factorisation (BPMF; Salakhutdinov & Mnih 2008) with user and item
/// biases, by Gibbs sampling: `r_ui ~ N(μ + b_u + b_i + p_uᵀ q_i, α⁻¹)`, `p_u ~ N(μ_U, Λ_U⁻¹)`,
/// `q_i ~ N(μ_V, Λ_V⁻¹)` with Normal–Wishart hyperpriors on (μ_U, Λ_U) and (μ_V, Λ_V)
/// (μ₀ = 0, β₀, W₀ = I, ν₀ = factors), `b ~ N(0, biasPrecision⁻¹)`, μ the training mean.
///
/// Each epoch is one Gibbs sweep: draw (μ_U, Λ_U) given P, then every user's `(p_u, b_u)` jointly from its
/// Gaussian conditional (precision `diag(Λ_U, λ_b) + α Σ x_i x_iᵀ` with `x_i = (q_i, 1)`: one `ssyrk`,
/// one `sgemv`, a Cholesky factorisation and two triangular solves), in parallel over users; then the
/// same for the items; then α when `noisePrecision` is 0. Predictions average the draws of the
/// `samples` sweeps after `burnIn` (during the burn-in, the current draw predicts): the mean of
/// `p_uᵀ q_i` over S draws is the dot product of the draws' factors concatenated and scaled by 1/√S,
/// so the averaged model scores with one `sgemm` of width S × factors.
///
/// Every draw comes from `seed`, the sweep and the row's number, so results do not depend on the
/// thread count. Losses per sweep: `rmse`, the training RMSE of the current draw, and `noise_precision`.
///
/// ```swift
/// let bpmf = BayesianMF(BayesianMFConfig { $0.factors = 10; $0.burnIn = 20; $0.samples = 100 }, seed: 1)
/// ```
public final class BayesianMF: RecommenderType, EpochTrainable {
    public static let typeName = "bayesian_mf"
    public static let summary = "Bayesian MF with biases by Gibbs sampling, Normal–Wishart hyperpriors (BPMF; Salakhutdinov & Mnih 2008)."
    /// Seed of the initialisation and of every draw.
    public let seed: UInt64

    /// The sampler's state and the averaged predictor (copied whole by `snapshot`).
    struct State {
        /// The current draw: factors (row-major, `factors` wide), biases, noise precision.
        var users: [Float] = [], items: [Float] = [], userBias: [Float] = [], itemBias: [Float] = []
        var alpha: Float = 2
        /// The averaged predictor: the kept draws' factors concatenated and scaled by 1/√kept,
        /// `width` = kept × factors columns, and the draws' mean biases.
        var averagedUsers: [Float] = [], averagedItems: [Float] = [], meanUserBias: [Float] = [], meanItemBias: [Float] = []
        var kept = 0, width = 0
    }
    var state = State()
    private(set) var globalMean: Float = 0
    private var userCount = 0, itemCount = 0
    private var userItem = CSRMatrix(rows: 0, cols: 0, rowIndices: [], colIndices: [], values: [])
    private var itemUser = CSRMatrix(rows: 0, cols: 0, rowIndices: [], colIndices: [], values: [])
    /// Lowest and highest training rating: the clip range of `predict`.
    private(set) var ratingRange: ClosedRange<Float>?

    /// Burn-in plus kept sweeps: the epoch count the shared training loop runs (at most).
    public var epochs: Int { config.burnIn + config.samples }
    /// The model's validated configuration.
    public let config: BayesianMFConfig

    /// An unfitted model; every random choice derives from `seed`.
    public init(_ config: BayesianMFConfig = .init(), seed: UInt64 = 0) {
        self.config = config; self.seed = seed
    }

    public convenience init(config: BayesianMFConfig, context: ModelContext) { self.init(config, seed: context.seed) }

    public var predictsRatings: Bool { true }

    public func prepare(_ data: TrainingData) throws {
        userCount = data.userCount; itemCount = data.itemCount
        userItem = data.userItem; itemUser = data.itemUser
        if let lo = userItem.values.min(), let hi = userItem.values.max() { ratingRange = lo...hi } else { ratingRange = nil }
        globalMean = Float(data.globalMean)
        let f = config.factors
        var rng = SeededGenerator(seed: seed)
        state = State()
        state.users = FactorSupport.gaussian(count: userCount * f, std: config.initStd, rng: &rng)
        state.items = FactorSupport.gaussian(count: itemCount * f, std: config.initStd, rng: &rng)
        state.userBias = [Float](repeating: 0, count: userCount)
        state.itemBias = [Float](repeating: 0, count: itemCount)
        state.alpha = config.noisePrecision > 0 ? config.noisePrecision : 2
        resetAverageToCurrentDraw()
    }

    public func snapshot() -> EpochSnapshot { EpochSnapshot(state) }

    public func restore(_ snapshot: EpochSnapshot) { state = snapshot.value(as: State.self) }

    public func trainEpoch(_ epoch: Int) throws -> [String: Double] {
        let f = config.factors, beta0 = Double(config.beta0)
        var rng = SeededGenerator.derived(seed: seed, stream: UInt64(epoch))
        let sweepSeed = rng.next()
        let userPopulation = state.users.withUnsafeBufferPointer {
            GibbsSampling.populationPosterior(rows: $0.baseAddress!, count: userCount, dim: f, beta0: beta0, rng: &rng)
        }
        // Each side is moved out of `state` while it is drawn (an inout access to `state` overlapping the
        // read of the other side would be an exclusivity violation) and moved back, without copying.
        var (users, userBias) = (state.users, state.userBias)
        (state.users, state.userBias) = ([], [])
        Self.drawSide(target: &users, bias: &userBias, fixed: state.items, fixedBias: state.itemBias,
                      rows: userItem, population: userPopulation, factors: f, alpha: state.alpha,
                      biasPrecision: config.biasPrecision, globalMean: globalMean, seed: sweepSeed, streamOffset: 0)
        (state.users, state.userBias) = (users, userBias)
        let itemPopulation = state.items.withUnsafeBufferPointer {
            GibbsSampling.populationPosterior(rows: $0.baseAddress!, count: itemCount, dim: f, beta0: beta0, rng: &rng)
        }
        var (items, itemBias) = (state.items, state.itemBias)
        (state.items, state.itemBias) = ([], [])
        Self.drawSide(target: &items, bias: &itemBias, fixed: state.users, fixedBias: state.userBias,
                      rows: itemUser, population: itemPopulation, factors: f, alpha: state.alpha,
                      biasPrecision: config.biasPrecision, globalMean: globalMean, seed: sweepSeed, streamOffset: UInt64(userCount))
        (state.items, state.itemBias) = (items, itemBias)
        let squared = trainingSquaredError()
        if config.noisePrecision == 0 {
            let n = Double(userItem.nnz)
            state.alpha = Float(GibbsSampling.gamma(shape: 1 + n / 2, rng: &rng) / (1 + squared / 2))
        }
        if epoch > config.burnIn { keepCurrentDraw() } else { resetAverageToCurrentDraw() }
        return ["rmse": (squared / Double(max(1, userItem.nnz))).squareRoot(), "noise_precision": Double(state.alpha)]
    }

    /// Draws every row of `target` (and its bias) from its Gaussian conditional given the other side,
    /// in parallel over rows, each from its own generator `derived(seed, streamOffset + row)`.
    static func drawSide(target: inout [Float], bias: inout [Float], fixed: [Float], fixedBias: [Float], rows m: CSRMatrix,
                         population: GibbsSampling.Population, factors f: Int, alpha: Float, biasPrecision: Float,
                         globalMean: Float, seed: UInt64, streamOffset: UInt64) {
        let n = f + 1
        // The prior of (p, b): precision diag(Λ, λ_b) (upper triangle) and precision × mean (Λμ, 0).
        var priorMatrix = [Float](repeating: 0, count: n * n), shift = [Float](repeating: 0, count: n)
        for k in 0..<f {
            for l in k..<f { priorMatrix[k * n + l] = Float(population.precision[k * f + l]) }
            var s = 0.0
            for l in 0..<f { s += population.precision[k * f + l] * population.mean[l] }
            shift[k] = Float(s)
        }
        priorMatrix[f * n + f] = biasPrecision
        let prior = priorMatrix, priorShift = shift
        let scratchRows = m.longestRow
        target.withUnsafeMutableBufferPointer { tp in
        bias.withUnsafeMutableBufferPointer { bp in
            let out = SharedPointer(tp), outBias = SharedPointer(bp)
            Parallelism.forEachChunk(count: m.rows, minChunk: 16) { range in
                var a = [Float](repeating: 0, count: n * n), b = [Float](repeating: 0, count: n)
                var x = [Float](repeating: 0, count: max(1, scratchRows * n)), t = [Float](repeating: 0, count: max(1, scratchRows))
                fixed.withUnsafeBufferPointer { fx in
                fixedBias.withUnsafeBufferPointer { fb in
                m.indices.withUnsafeBufferPointer { idx in
                m.values.withUnsafeBufferPointer { val in
                a.withUnsafeMutableBufferPointer { ap in
                b.withUnsafeMutableBufferPointer { bv in
                x.withUnsafeMutableBufferPointer { xp in
                t.withUnsafeMutableBufferPointer { tv in
                    for r in range {
                        var rng = SeededGenerator.derived(seed: seed, stream: streamOffset + UInt64(r))
                        let lo = m.indptr[r], hi = m.indptr[r + 1]
                        for k in 0..<(hi - lo) {
                            let j = Int(idx[lo + k])
                            let row = xp.baseAddress! + k * n
                            row.update(from: fx.baseAddress! + j * f, count: f)
                            row[f] = 1
                            tv[k] = val[lo + k] - globalMean - fb[j]
                        }
                        ap.baseAddress!.update(from: prior, count: n * n)
                        bv.baseAddress!.update(from: priorShift, count: n)
                        if hi > lo {
                            BLAS.syrkTransposed(n: n, k: hi - lo, alpha: alpha, a: xp.baseAddress!, lda: n,
                                                beta: 1, c: ap.baseAddress!, ldc: n)
                            BLAS.gemv(trans: true, m: hi - lo, n: n, alpha: alpha, a: xp.baseAddress!, lda: n,
                                      x: tv.baseAddress!, beta: 1, y: bv.baseAddress!)
                        }
                        // A precision that is not positive definite (never, for λ_b > 0 and a Wishart Λ,
                        // short of float breakdown) keeps the row's previous draw.
                        guard GibbsSampling.drawGaussian(n: n, precision: ap.baseAddress!, b: bv.baseAddress!, rng: &rng) else { continue }
                        for k in 0..<f { out[r * f + k] = bv[k] }
                        outBias[r] = bv[f]
                    }
                }}}}}}}}
            }
        }}
    }

    /// Σ (r − r̂)² over the training ratings for the current draw.
    private func trainingSquaredError() -> Double {
        let f = config.factors, m = userItem
        var total: Double = 0
        state.users.withUnsafeBufferPointer { P in state.items.withUnsafeBufferPointer { Q in
            for u in 0..<m.rows {
                for p in m.indptr[u]..<m.indptr[u + 1] {
                    let i = Int(m.indices[p])
                    let e = m.values[p] - (globalMean + state.userBias[u] + state.itemBias[i]
                                           + FactorSupport.dot(P.baseAddress! + u * f, Q.baseAddress! + i * f, f))
                    total += Double(e * e)
                }
            }
        }}
        return total
    }

    /// Before any draw is kept, the predictor is the current draw.
    private func resetAverageToCurrentDraw() {
        state.averagedUsers = state.users; state.averagedItems = state.items
        state.meanUserBias = state.userBias; state.meanItemBias = state.itemBias
        state.kept = 0; state.width = config.factors
    }

    /// Adds the current draw to the average: the concatenation grows by `factors` columns and every
    /// block is rescaled from 1/√S to 1/√(S+1).
    private func keepCurrentDraw() {
        let f = config.factors, kept = state.kept, width = kept * f, newWidth = width + f
        let rescale = (Float(kept) / Float(kept + 1)).squareRoot(), scale = 1 / Float(kept + 1).squareRoot()
        func grow(_ averaged: [Float], _ draw: [Float], rows: Int) -> [Float] {
            var out = [Float](repeating: 0, count: rows * newWidth)
            for r in 0..<rows {
                for c in 0..<width { out[r * newWidth + c] = averaged[r * width + c] * rescale }
                for c in 0..<f { out[r * newWidth + width + c] = draw[r * f + c] * scale }
            }
            return out
        }
        state.averagedUsers = grow(kept == 0 ? [] : state.averagedUsers, state.users, rows: userCount)
        state.averagedItems = grow(kept == 0 ? [] : state.averagedItems, state.items, rows: itemCount)
        let w = 1 / Float(kept + 1)
        if kept == 0 {
            state.meanUserBias = state.userBias; state.meanItemBias = state.itemBias
        } else {
            for u in 0..<userCount { state.meanUserBias[u] += w * (state.userBias[u] - state.meanUserBias[u]) }
            for i in 0..<itemCount { state.meanItemBias[i] += w * (state.itemBias[i] - state.meanItemBias[i]) }
        }
        state.kept = kept + 1; state.width = newWidth
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        FactorSupport.scores(users: users, items: items, factors: state.width, itemCount: itemCount,
                             userFactors: state.averagedUsers, itemFactors: state.averagedItems,
                             userBias: state.meanUserBias, itemBias: state.meanItemBias, global: globalMean)
    }

    public func predict(users: [Int32], items: [Int32]) -> [Float] {
        precondition(users.count == items.count)
        let w = state.width
        return state.averagedUsers.withUnsafeBufferPointer { pf in
        state.averagedItems.withUnsafeBufferPointer { qf in
            (0..<users.count).map { k in
                let u = Int(users[k]), i = Int(items[k])
                var s = globalMean + state.meanUserBias[u] + state.meanItemBias[i]
                s += FactorSupport.dot(pf.baseAddress! + u * w, qf.baseAddress! + i * w, w)
                if let r = ratingRange { s = min(max(s, r.lowerBound), r.upperBound) }
                return s
            }
        }}
    }

    /// Saves the averaged predictor: `user_factors`/`item_factors` of `width` = kept × factors columns
    /// whose products are the mean of the kept draws, the mean biases, and the number of kept draws.
    public func save(to group: HDF5Group) throws {
        try group.setAttribute("global_mean", Double(globalMean))
        if let r = ratingRange {
            try group.setAttribute("rating_min", Double(r.lowerBound)); try group.setAttribute("rating_max", Double(r.upperBound))
        }
        try group.setAttribute("kept_draws", Int64(state.kept))
        try group.write("user_bias", state.meanUserBias, compression: 0)
        try group.write("item_bias", state.meanItemBias, compression: 0)
        try FactorSupport.saveFactors(state.averagedUsers, state.averagedItems, users: userCount, items: itemCount,
                                      factors: state.width, model: typeName, to: group)
    }

    public func load(from group: HDF5Group) throws {
        let kept = Int(try group.attribute("kept_draws", as: Int64.self) ?? 0)
        let width = max(1, kept) * config.factors
        var s = State()
        (s.averagedUsers, s.averagedItems, userCount, itemCount) = try FactorSupport.loadFactors(from: group, factors: width, model: typeName)
        globalMean = Float(try group.attribute("global_mean", as: Double.self) ?? 0)
        if let lo = try group.attribute("rating_min", as: Double.self), let hi = try group.attribute("rating_max", as: Double.self) {
            ratingRange = Float(lo)...Float(hi)
        } else { ratingRange = nil }
        s.meanUserBias = try group.read("user_bias"); s.meanItemBias = try group.read("item_bias")
        s.kept = kept; s.width = width
        state = s
    }
}
