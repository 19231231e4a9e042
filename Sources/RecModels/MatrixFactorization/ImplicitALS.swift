import CPrefetch
import Foundation
import RecConfig
import RecCore
import RecData
import RecHDF5

/// How `ImplicitALS` solves each user's (or item's) regularised least-squares problem.
public enum ALSSolver: String, Sendable, CaseIterable {
    /// Exact: build `YᵀC_uY + λI = (YᵀY + λI) + Yᵀ(C_u − I)Y` (the second term a `ssyrk` over the
    /// user's items only) and solve with LAPACKE `sposv` (Hu, Koren & Volinsky 2008, §4).
    case cholesky
    /// A fixed number of conjugate-gradient steps warm-started from the current factors, never forming
    /// the matrix (Takács, Pilászy & Tikk 2011; the `implicit` library's default solver).
    case cg
}

/// `implicit_als`'s parameters.
public struct ImplicitALSConfig: Configuration {
    @Param(in: 1...4096, doc: "latent dimension")
    public var factors = 64
    @Param(in: 1...10_000, doc: "ALS iterations (user and item half-steps each)")
    public var epochs = 15
    @Param(in: Bounds(lower: 0, upper: 1e6, includesLower: false), doc: "L2 penalty λ on factors (the solve needs λ > 0)")
    public var regularization: Float = 0.01
    @Param(in: 0...2, doc: "ν: row r's penalty is λ·n_r^ν, n_r its interaction count (frequency-scaled regularisation; 0 = λ for every row)")
    public var regularizationExponent: Float = 0
    @Param(in: 0...1e6, doc: "confidence scale α")
    public var alpha: Float = 40
    @Param(doc: "cholesky (exact, LAPACKE) or cg (conjugate gradient, Takács et al. 2011)")
    public var solver = ALSSolver.cholesky
    @Param(in: 1...100, doc: "conjugate-gradient steps per solve")
    public var cgSteps = 3
    @Param(in: 0...10, doc: "standard deviation of the Gaussian factor initialisation")
    public var initStd: Float = 0.01
    public init() {}
}

extension ALSSolver: ChoiceParameter {}

/// Weighted matrix factorisation for implicit feedback by alternating least squares (Hu, Koren &
/// Volinsky, ICDM 2008): preferences `p_ui = 1` for observed pairs (0 otherwise), confidences
/// `c_ui = 1 + α r_ui`, minimising `Σ_{u,i} c_ui (p_ui − x_uᵀ y_i)² + λ (Σ‖x_u‖² + Σ‖y_i‖²)` over all
/// user–item cells. Each iteration solves every user given the items, then every item given the users
/// (eq. 4: `x_u = (YᵀC_uY + λI)⁻¹ YᵀC_u p(u)`); rows are independent, so the parallel solve is
/// deterministic.
///
/// With `regularizationExponent` ν > 0 a row's penalty grows with its interaction count, `λ·n_u^ν`
/// in place of `λ` (Zhou et al. 2008's weighted-λ regularisation at ν = 1; Rendle et al., "Revisiting
/// the performance of iALS", 2022, tune ν): a heavy user's or popular item's many terms no longer
/// swamp a penalty sized for the median row. ν = 0 gives the same floats as before ν existed.
///
/// Epoch loss: the full objective above after the iteration, computed exactly in
/// `O(nnz·f + (users + items)·f²)` through `Σ_u x_uᵀ(YᵀY)x_u + Σ_obs [c_ui (1 − s_ui)² − s_ui²] + λ(…)`
/// and divided by `Σ_{u,i} c_ui` (the `implicit` library's normalisation).
///
/// ```swift
/// let als = ImplicitALS(ImplicitALSConfig { $0.factors = 64; $0.solver = .cg }, seed: 2)
/// ```
public final class ImplicitALS: RecommenderType, EpochTrainable {
    public static let typeName = "implicit_als"
    public static let summary = "Weighted ALS for implicit feedback, confidence 1 + α·r (Hu, Koren & Volinsky 2008)."
    /// Alternating sweeps (typ. 5–30).
    public var iterations: Int { config.epochs }
    /// Seed of the initialisation (the only randomness).
    public let seed: UInt64

    public var epochs: Int { iterations }

    private(set) var userFactors: [Float] = []
    private(set) var itemFactors: [Float] = []
    private(set) var userCount = 0, itemCount = 0
    private var userItem = CSRMatrix.zeros(rows: 0, cols: 0), itemUser = CSRMatrix.zeros(rows: 0, cols: 0)
    /// `YᵀY + λI` of the current item factors, kept for fold-ins (nil whenever the item factors change).
    private var foldInGram: [Float]?

    /// The model's validated configuration.
    public let config: ImplicitALSConfig

    /// An unfitted model; every random choice derives from `seed`.
    public init(_ config: ImplicitALSConfig = .init(), seed: UInt64 = 0) {
        self.config = config; self.seed = seed
    }

    public convenience init(config: ImplicitALSConfig, context: ModelContext) { self.init(config, seed: context.seed) }

    public func prepare(_ data: TrainingData) throws {
        userCount = data.userCount; itemCount = data.itemCount
        userItem = data.userItem; itemUser = data.itemUser
        var rng = SeededGenerator(seed: seed)
        userFactors = FactorSupport.gaussian(count: userCount * config.factors, std: config.initStd, rng: &rng)
        itemFactors = FactorSupport.gaussian(count: itemCount * config.factors, std: config.initStd, rng: &rng)
        foldInGram = nil
    }

    public func snapshot() -> EpochSnapshot { EpochSnapshot((userFactors, itemFactors)) }

    public func restore(_ snapshot: EpochSnapshot) {
        (userFactors, itemFactors) = snapshot.value(as: ([Float], [Float]).self)
        foldInGram = nil
    }

    /// One sweep: users given items, then items given users. A Cholesky solve that fails (the
    /// system is not positive definite, which with λ > 0 means the factors hold NaN or ∞) stops
    /// training with `ModelError.diverged` rather than keep that row's old factors unnoticed.
    public func trainEpoch(_ epoch: Int) throws -> [String: Double] {
        foldInGram = nil
        let failedUsers = Self.solveSide(target: &userFactors, fixed: itemFactors, fixedCount: itemCount, rows: userItem,
                                         factors: config.factors, penalty: penalty, alpha: config.alpha,
                                         solver: config.solver, cgSteps: config.cgSteps)
        let failedItems = Self.solveSide(target: &itemFactors, fixed: userFactors, fixedCount: userCount, rows: itemUser,
                                         factors: config.factors, penalty: penalty, alpha: config.alpha,
                                         solver: config.solver, cgSteps: config.cgSteps)
        if failedUsers + failedItems > 0 {
            throw ModelError.diverged(model: typeName, epoch: epoch,
                                      detail: "\(failedUsers) user and \(failedItems) item Cholesky solves failed (system not positive definite)")
        }
        return ["loss": objective()]
    }

    /// The regularisation of the configuration (λ and ν).
    var penalty: RowPenalty { RowPenalty(lambda: config.regularization, exponent: config.regularizationExponent) }

    /// `YᵀY + shift·I` (full symmetric, f × f) for the `count × f` matrix `y`.
    static func gram(_ y: [Float], count: Int, factors f: Int, shift: Float) -> [Float] {
        var g = [Float](repeating: 0, count: f * f)
        if count > 0 {
            y.withUnsafeBufferPointer { py in
                g.withUnsafeMutableBufferPointer { pg in
                    BLAS.syrkTransposed(n: f, k: count, a: py.baseAddress!, lda: f, c: pg.baseAddress!, ldc: f)
                    BLAS.symmetrizeUpper(n: f, a: pg.baseAddress!)
                }
            }
        }
        for d in 0..<f { g[d * f + d] += shift }
        return g
    }

    /// Solves every row of `target` given `fixed` (eq. 4), in parallel over rows; returns how many
    /// Cholesky solves failed (those rows keep their previous factors).
    static func solveSide(target: inout [Float], fixed: [Float], fixedCount: Int, rows m: CSRMatrix,
                          factors f: Int, penalty: RowPenalty, alpha: Float, solver: ALSSolver, cgSteps: Int) -> Int {
        var failed = [UInt8](repeating: 0, count: m.rows)
        let g = gram(fixed, count: fixedCount, factors: f, shift: penalty.sharedShift)
        let scratchRows = m.longestRow
        failed.withUnsafeMutableBufferPointer { fp in
        target.withUnsafeMutableBufferPointer { tp in
            let out = SharedPointer(tp), failures = SharedPointer(fp)
            Parallelism.forEachChunk(count: m.rows, minChunk: 16) { range in
                var a = [Float](repeating: 0, count: f * f)
                var b = [Float](repeating: 0, count: f)
                var work = [Float](repeating: 0, count: max(1, solver == .cg ? 3 * f : scratchRows * f))
                fixed.withUnsafeBufferPointer { y in
                g.withUnsafeBufferPointer { gp in
                m.indices.withUnsafeBufferPointer { idx in
                m.values.withUnsafeBufferPointer { val in
                a.withUnsafeMutableBufferPointer { ap in
                b.withUnsafeMutableBufferPointer { bp in
                work.withUnsafeMutableBufferPointer { wp in
                    for r in range {
                        let lo = m.indptr[r], hi = m.indptr[r + 1]
                        let x = out.base + r * f
                        if hi == lo { for d in 0..<f { x[d] = 0 }; continue }
                        let row = RowProblem(y: y.baseAddress!, indices: idx.baseAddress! + lo, values: val.baseAddress! + lo,
                                             count: hi - lo, factors: f, alpha: alpha, shift: penalty.rowShift(count: hi - lo))
                        switch solver {
                        case .cholesky:
                            if !row.solveCholesky(gram: gp.baseAddress!, a: ap.baseAddress!, b: bp.baseAddress!,
                                                  gathered: wp.baseAddress!, x: x) { failures[r] = 1 }
                        case .cg:
                            row.solveCG(gram: gp.baseAddress!, steps: cgSteps, work: wp.baseAddress!, x: x)
                        }
                    }
                }}}}}}}
            }
        }
        }
        return failed.reduce(0) { $0 + Int($1) }
    }

    /// The training objective divided by Σ c_ui (see the type's documentation).
    func objective() -> Double {
        let f = config.factors
        let g0 = Self.gram(itemFactors, count: itemCount, factors: f, shift: 0)
        var perUser = [Double](repeating: 0, count: userCount)
        let m = userItem, alpha = self.alpha, uf = userFactors, vf = itemFactors
        perUser.withUnsafeMutableBufferPointer { pu in
            let out = SharedPointer(pu)
            Parallelism.forEachChunk(count: m.rows, minChunk: 64) { range in
                uf.withUnsafeBufferPointer { X in vf.withUnsafeBufferPointer { Y in g0.withUnsafeBufferPointer { G in
                    for u in range {
                        let x = X.baseAddress! + u * f
                        var quad: Float = 0
                        for r in 0..<f { quad += x[r] * FactorSupport.dot(G.baseAddress! + r * f, x, f) }
                        var total = Double(quad)
                        for p in m.indptr[u]..<m.indptr[u + 1] {
                            let y = Y.baseAddress! + Int(m.indices[p]) * f
                            let s = FactorSupport.dot(x, y, f)
                            let c = 1 + alpha * m.values[p]
                            total += Double(c * (1 - s) * (1 - s) - s * s)
                        }
                        out[u] = total
                    }
                }}}
            }
        }
        var loss = perUser.reduce(0, +)
        if penalty.exponent == 0 {
            var norms: Double = 0
            for v in userFactors { norms += Double(v * v) }
            for v in itemFactors { norms += Double(v * v) }
            loss += Double(config.regularization) * norms
        } else {
            loss += penalty.perRowTotal(userFactors, rows: userItem, factors: f) + penalty.perRowTotal(itemFactors, rows: itemUser, factors: f)
        }
        var confidence = Double(userCount) * Double(itemCount)
        for v in m.values { confidence += Double(alpha * v) }
        return loss / max(1, confidence)
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        FactorSupport.scores(users: users, items: items, factors: config.factors, itemCount: itemCount,
                             userFactors: userFactors, itemFactors: itemFactors)
    }

    public func save(to group: HDF5Group) throws {
        try FactorSupport.saveFactors(userFactors, itemFactors, users: userCount, items: itemCount, factors: config.factors,
                                      model: typeName, to: group)
    }

    public func load(from group: HDF5Group) throws {
        (userFactors, itemFactors, userCount, itemCount) = try FactorSupport.loadFactors(from: group, factors: config.factors, model: typeName)
        foldInGram = nil
    }
}

/// The L2 penalty of iALS rows: `λ` for every row (ν = 0), or `λ·n_r^ν` for a row with `n_r`
/// interactions. A constant penalty is folded into the shared Gram `YᵀY + λI` (so ν = 0 computes
/// exactly what it did before ν existed); a per-row one is added to each row's own diagonal.
struct RowPenalty {
    let lambda: Float, exponent: Float

    /// The shift of the Gram matrix all rows share.
    var sharedShift: Float { exponent == 0 ? lambda : 0 }

    /// The shift a row with `count` interactions adds to its own diagonal (0 when ν = 0).
    func rowShift(count: Int) -> Float {
        exponent == 0 ? 0 : lambda * powf(Float(max(1, count)), exponent)
    }

    /// `Σ_r λ_r ‖x_r‖²` over the rows of `x` (row r's interactions in `rows`), for ν > 0.
    func perRowTotal(_ x: [Float], rows: CSRMatrix, factors f: Int) -> Double {
        var sum: Double = 0
        for r in 0..<rows.rows {
            var norm: Double = 0
            for d in 0..<f { let v = x[r * f + d]; norm += Double(v * v) }
            sum += Double(rowShift(count: rows.rowCount(r))) * norm
        }
        return sum
    }
}

/// One row's least-squares problem `(G + s·I + Yᵀ(C − I)Y) x = YᵀC p` over its observed columns, where
/// `G = YᵀY (+ λI)` is shared by all rows and `s` is the row's own penalty (`RowPenalty.rowShift`).
struct RowProblem {
    let y: UnsafePointer<Float>
    let indices: UnsafePointer<Int32>
    let values: UnsafePointer<Float>
    let count: Int
    let factors: Int
    let alpha: Float
    /// The row's own diagonal shift (0 when the penalty is in the shared Gram).
    var shift: Float = 0

    /// How many interactions ahead the row loops prefetch the other side's factor row: the rows are
    /// scattered over a table larger than L2 (27 MB of user factors on the 16M benchmark's item
    /// half), so each load would otherwise wait for L3 or memory.
    static let prefetchDistance = 4

    /// Asks for the factor row of the row's `k`-th interaction (every cache line of it).
    @inline(__always)
    func prefetchRow(_ k: Int) {
        guard k < count else { return }
        let row = UnsafeRawPointer(y + Int(indices[k]) * factors)
        var offset = 0
        while offset < factors * 4 { reclab_prefetch(row + offset); offset += 64 }
    }

    /// Exact solve: gather `√(c−1)·y_j`, add their `ssyrk` to G, solve with `sposv`.
    /// Returns false when LAPACKE reports the system not positive definite (`x` is then unchanged).
    func solveCholesky(gram: UnsafePointer<Float>, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>,
                       gathered: UnsafeMutablePointer<Float>, x: UnsafeMutablePointer<Float>) -> Bool {
        let f = factors
        a.update(from: gram, count: f * f)
        if shift != 0 { for d in 0..<f { a[d * f + d] += shift } }
        for d in 0..<f { b[d] = 0 }
        for k in 0..<min(count, Self.prefetchDistance) { prefetchRow(k) }
        for k in 0..<count {
            prefetchRow(k + Self.prefetchDistance)
            let yj = y + Int(indices[k]) * f
            let c = 1 + alpha * values[k]
            let w = (c - 1).squareRoot()
            Self.gather(yj, scaledBy: w, into: gathered + k * f, accumulating: c, into: b, count: f)
        }
        BLAS.syrkTransposed(n: f, k: count, a: gathered, lda: f, beta: 1, c: a, ldc: f)
        guard BLAS.solvePositiveDefiniteVector(n: f, a: a, b: b) == 0 else { return false }
        x.update(from: b, count: f)
        return true
    }

    /// `out[d] = w·y[d]` and `b[d] += c·y[d]` for `d < f`, eight lanes at a time: the pointers may alias
    /// as far as the compiler knows, so the plain loop stays scalar. Lane by lane the same operations,
    /// so the same floats.
    @inline(__always)
    static func gather(_ y: UnsafePointer<Float>, scaledBy w: Float, into out: UnsafeMutablePointer<Float>,
                       accumulating c: Float, into b: UnsafeMutablePointer<Float>, count f: Int) {
        let src = UnsafeRawPointer(y), dst = UnsafeMutableRawPointer(out), acc = UnsafeMutableRawPointer(b)
        var d = 0
        while d + 8 <= f {
            let v = src.loadUnaligned(fromByteOffset: d * 4, as: SIMD8<Float>.self)
            dst.storeBytes(of: v * w, toByteOffset: d * 4, as: SIMD8<Float>.self)
            let sum = acc.loadUnaligned(fromByteOffset: d * 4, as: SIMD8<Float>.self) + v * c
            acc.storeBytes(of: sum, toByteOffset: d * 4, as: SIMD8<Float>.self)
            d += 8
        }
        while d < f { out[d] = w * y[d]; b[d] += c * y[d]; d += 1 }
    }

    /// `out = (G + Yᵀ(C − I)Y) v` without forming the matrix.
    @inline(__always)
    func apply(gram: UnsafePointer<Float>, _ v: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        let f = factors
        for r in 0..<f { out[r] = FactorSupport.dot(gram + r * f, v, f) }
        if shift != 0 { for r in 0..<f { out[r] += shift * v[r] } }
        for k in 0..<min(count, Self.prefetchDistance) { prefetchRow(k) }
        for k in 0..<count {
            prefetchRow(k + Self.prefetchDistance)
            let yj = y + Int(indices[k]) * f
            let s = FactorSupport.dot(yj, v, f) * alpha * values[k]
            for d in 0..<f { out[d] += s * yj[d] }
        }
    }

    /// `steps` conjugate-gradient iterations from the current `x` (Takács et al. 2011, Algorithm 2).
    func solveCG(gram: UnsafePointer<Float>, steps: Int, work: UnsafeMutablePointer<Float>, x: UnsafeMutablePointer<Float>) {
        let f = factors
        let r = work, p = work + f, ap = work + 2 * f
        // r = YᵀC p(u) − A x = −G x + Σ_j [c_j − (c_j − 1) y_jᵀx] y_j: one pass over the row's items
        // (the b and A x terms of each y_j together), not two
        for d in 0..<f { r[d] = -FactorSupport.dot(gram + d * f, x, f) }
        if shift != 0 { for d in 0..<f { r[d] -= shift * x[d] } }
        for k in 0..<min(count, Self.prefetchDistance) { prefetchRow(k) }
        for k in 0..<count {
            prefetchRow(k + Self.prefetchDistance)
            let yj = y + Int(indices[k]) * f
            let c = 1 + alpha * values[k]
            let s = c - (c - 1) * FactorSupport.dot(yj, x, f)
            for d in 0..<f { r[d] += s * yj[d] }
        }
        p.update(from: r, count: f)
        var rsOld = FactorSupport.dot(r, r, f)
        for _ in 0..<steps {
            if rsOld < 1e-20 { break }
            apply(gram: gram, p, ap)
            let pAp = FactorSupport.dot(p, ap, f)
            if pAp <= 0 { break }
            let step = rsOld / pAp
            for d in 0..<f {
                x[d] += step * p[d]
                r[d] -= step * ap[d]
            }
            let rsNew = FactorSupport.dot(r, r, f)
            let beta = rsNew / rsOld
            for d in 0..<f { p[d] = r[d] + beta * p[d] }
            rsOld = rsNew
        }
    }
}

extension ImplicitALS: FoldsInUsers {
    public var foldInUserCount: Int { userCount }

    /// The user's factors re-solved exactly (Cholesky, whatever `solver` trained the model) against the
    /// fixed item factors: the same least-squares problem an ALS user step solves (eq. 4), so a folded-in
    /// user is the user a further half-epoch would give.
    public func foldIn(user: Int32, items: [Int32], values: [Float]) {
        precondition(Int(user) <= userCount && items.count == values.count)
        let f = config.factors
        if Int(user) == userCount {
            userFactors.append(contentsOf: repeatElement(0, count: f))
            userCount += 1
        }
        let g = foldInGram ?? Self.gram(itemFactors, count: itemCount, factors: f, shift: penalty.sharedShift)
        foldInGram = g
        var x = [Float](repeating: 0, count: f)
        if !items.isEmpty {
            var a = [Float](repeating: 0, count: f * f), b = [Float](repeating: 0, count: f)
            var gathered = [Float](repeating: 0, count: items.count * f)
            let solved = itemFactors.withUnsafeBufferPointer { y in
                items.withUnsafeBufferPointer { idx in values.withUnsafeBufferPointer { val in
                    RowProblem(y: y.baseAddress!, indices: idx.baseAddress!, values: val.baseAddress!, count: items.count,
                               factors: f, alpha: config.alpha, shift: penalty.rowShift(count: items.count))
                        .solveCholesky(gram: g, a: &a, b: &b, gathered: &gathered, x: &x)
                }}
            }
            // With λ > 0 the system is positive definite; a failure means non-finite item factors,
            // which no fold-in can mend: the user keeps no preference rather than garbage.
            if !solved { x = [Float](repeating: 0, count: f) }
        }
        userFactors.replaceSubrange(Int(user) * f..<(Int(user) + 1) * f, with: x)
    }
}
