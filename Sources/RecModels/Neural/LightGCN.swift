import Foundation
import RecAutodiff
import RecConfig
import RecCore
import RecData
import RecHDF5

/// `lightgcn`'s parameters (defaults: He et al.'s, 64 factors, 3 layers, λ = 1e-4, N(0, 0.1²) initialisation).
public struct LightGCNConfig: Configuration {
    @Param(in: 1...4096, doc: "embedding dimension")
    public var factors = 64
    @Param(in: 0...8, doc: "propagation layers K (0: plain BPR matrix factorisation)")
    public var layers = 3
    @Param(in: 1...100_000, doc: "training epochs (at most, with early stopping)")
    public var epochs = 100
    @Param(in: 1...1_000_000, doc: "(user, positive, negative) triples per mini-batch")
    public var batchSize = 2048
    @Param(in: Bounds(lower: 0, upper: 10, includesLower: false), doc: "Adam step size")
    public var learningRate: Float = 0.001
    @Param(in: 0...1000, doc: "λ of λ·½(‖e⁰_u‖² + ‖e⁰_i‖² + ‖e⁰_j‖²) per triple, on the layer-0 embeddings")
    public var regularization: Float = 1e-4
    @Param(in: 0...10, doc: "standard deviation of the Gaussian embedding initialisation")
    public var initStd: Float = 0.1
    public init() {}
}

/// LightGCN (He, Deng, Wang, Li, Zhang & Wang, "LightGCN: simplifying and powering graph convolution
/// network for recommendation", SIGIR 2020). Users and items have one embedding each, E⁰; K layers
/// propagate them over the symmetric-normalised user–item graph, `E^(k+1) = Â E^k` with
/// `Â = D^(−½) A D^(−½)` (eq. 7–9: no feature transforms, no nonlinearity, no self-loops), and a
/// node's final embedding is the layer mean `(1/(K+1)) Σ_k E^k` (α_k = 1/(K+1)). A pair scores
/// `e_uᵀ e_i`. Training minimises BPR over (u, i, j) triples — every training pair once per epoch in
/// a seeded order, j uniform among the items u has not interacted with — plus
/// `λ · ½(‖e⁰_u‖² + ‖e⁰_i‖² + ‖e⁰_j‖²)` averaged over the batch (eq. 15, as the authors' code), with Adam.
///
/// Each step propagates the whole graph (`sparseMatmul` over the CSR adjacency; its derivative is the
/// same product, Â being symmetric) and gathers the batch's rows with a selection matrix, so the
/// gradient reaches every embedding the batch's nodes are propagated from.
///
/// ```swift
/// let gcn = LightGCN(LightGCNConfig { $0.layers = 3 }, seed: 3)
/// try gcn.fit(TrainingData(prepared), observer: nil)
/// ```
public final class LightGCN: RecommenderType, EpochTrainable {
    public static let typeName = "lightgcn"
    public static let summary = "Graph convolution reduced to neighbourhood propagation over the normalised user–item graph, BPR loss (LightGCN, He et al. 2020)."

    /// The validated configuration.
    public let config: LightGCNConfig
    /// Seed of initialisation, triple order and negative sampling.
    public let seed: UInt64
    public var epochs: Int { config.epochs }

    private var net: LightGCNNetwork?
    private var optimizer: Adam<LightGCNNetwork>?
    private var graph: SparseOperand?
    private var train = CSRMatrix.zeros(rows: 0, cols: 0)
    private var pairUsers: [Int32] = []
    /// The propagated embeddings that score (users then items), refreshed after every epoch.
    private var userFactors: [Float] = [], itemFactors: [Float] = []
    private var userCount = 0, itemCount = 0

    /// An unfitted model.
    public init(_ config: LightGCNConfig = .init(), seed: UInt64 = 0) { self.config = config; self.seed = seed }

    public convenience init(config: LightGCNConfig, context: ModelContext) { self.init(config, seed: context.seed) }

    public func prepare(_ data: TrainingData) throws {
        train = data.userItem.binarized()
        userCount = data.userCount; itemCount = data.itemCount
        pairUsers = [Int32](repeating: 0, count: train.nnz)
        for u in 0..<train.rows { for p in train.indptr[u]..<train.indptr[u + 1] { pairUsers[p] = Int32(u) } }
        graph = SparseOperand(symmetric: Self.normalisedAdjacency(train))
        var rng = SeededGenerator(seed: seed)
        net = LightGCNNetwork(nodes: userCount + itemCount, factors: config.factors, layers: config.layers, std: config.initStd, generator: &rng)
        optimizer = Adam(learningRate: config.learningRate)
        refreshFactors()
    }

    /// `D^(−½) A D^(−½)` of the bipartite graph with adjacency `[[0, R], [Rᵀ, 0]]` (users first, then
    /// items), R the binary user–item matrix; an isolated node keeps an empty row.
    static func normalisedAdjacency(_ r: CSRMatrix) -> CSRMatrix {
        let users = r.rows, items = r.cols
        let rt = r.transposed()
        func scale(_ degree: Int) -> Float { degree == 0 ? 0 : 1 / Float(degree).squareRoot() }
        var indptr = [Int](repeating: 0, count: users + items + 1)
        var indices = [Int32](repeating: 0, count: 2 * r.nnz), values = [Float](repeating: 0, count: 2 * r.nnz)
        var p = 0
        for u in 0..<users {
            let du = scale(r.rowCount(u))
            for i in r.row(u).indices {
                indices[p] = Int32(users) + i; values[p] = du * scale(rt.rowCount(Int(i))); p += 1
            }
            indptr[u + 1] = p
        }
        for i in 0..<items {
            let di = scale(rt.rowCount(i))
            for u in rt.row(i).indices {
                indices[p] = u; values[p] = di * scale(r.rowCount(Int(u))); p += 1
            }
            indptr[users + i + 1] = p
        }
        return CSRMatrix(rows: users + items, cols: users + items, indptr: indptr, indices: indices, values: values)
    }

    public func snapshot() -> EpochSnapshot { EpochSnapshot((net, userFactors, itemFactors)) }

    public func restore(_ snapshot: EpochSnapshot) {
        (net, userFactors, itemFactors) = snapshot.value(as: (LightGCNNetwork?, [Float], [Float]).self)
    }

    /// One pass over the training pairs in a seeded order; returns the mean BPR loss (`bpr`) and the
    /// mean loss with the penalty (`loss`).
    public func trainEpoch(_ epoch: Int) throws -> [String: Double] {
        guard var net, let optimizer, let graph else { throw ModelError.notFitted(model: typeName) }
        let nnz = train.nnz, users = Int32(userCount), lambda = config.regularization
        guard nnz > 0, itemCount > 1 else { return ["loss": 0, "bpr": 0] }
        var rng = SeededGenerator.derived(seed: seed, stream: UInt64(epoch))
        let order = rng.permutation(nnz)
        var total = 0.0, totalBPR = 0.0
        var start = 0
        while start < nnz {
            let end = min(nnz, start + config.batchSize), n = end - start
            var u = [Int32](repeating: 0, count: n), i = u, j = u
            train.indices.withUnsafeBufferPointer { idx in
                for k in 0..<n {
                    let p = order[start + k], user = Int(pairUsers[p])
                    u[k] = Int32(user); i[k] = users + idx[p]
                    j[k] = users + Int32(Self.negative(for: user, in: train, indices: idx, items: itemCount, rng: &rng))
                }
            }
            let pickU = SparseOperand(selecting: u, from: net.nodes), pickI = SparseOperand(selecting: i, from: net.nodes)
            let pickJ = SparseOperand(selecting: j, from: net.nodes)
            let scale = lambda / (2 * Float(n))
            var bpr: Float = 0
            let (loss, grad) = valueWithGradient(at: net) { m -> Float in
                let e = m.propagated(graph)
                let eu = sparseMatmul(pickU, e)
                let ranking = bprLoss(positive: rowSums(eu * sparseMatmul(pickI, e)), negative: rowSums(eu * sparseMatmul(pickJ, e)))
                bpr = withoutDerivative(at: ranking)
                let u0 = sparseMatmul(pickU, m.embeddings), i0 = sparseMatmul(pickI, m.embeddings), j0 = sparseMatmul(pickJ, m.embeddings)
                return ranking + scale * (sum(u0 * u0) + sum(i0 * i0) + sum(j0 * j0))
            }
            optimizer.update(&net, along: grad)
            total += Double(loss) * Double(n); totalBPR += Double(bpr) * Double(n)
            start = end
        }
        self.net = net
        refreshFactors()
        return ["loss": total / Double(nnz), "bpr": totalBPR / Double(nnz)]
    }

    /// A uniformly drawn item outside `user`'s training row (up to 20 tries; a user who has every
    /// item gets the last draw).
    private static func negative(for user: Int, in train: CSRMatrix, indices: UnsafeBufferPointer<Int32>, items: Int,
                                 rng: inout SeededGenerator) -> Int {
        let lo = train.indptr[user], hi = train.indptr[user + 1]
        var j = rng.nextInt(below: items)
        for _ in 1..<20 where FactorSupport.contains(indices, lo, hi, Int32(j)) { j = rng.nextInt(below: items) }
        return j
    }

    /// Recomputes the propagated embeddings that score from the current E⁰.
    private func refreshFactors() {
        guard let net, let graph else { return }
        let e = net.propagated(graph).scalars, split = userCount * config.factors
        userFactors = Array(e[0..<split]); itemFactors = Array(e[split...])
    }

    /// `e_uᵀ e_i` of the propagated embeddings, one `sgemm`.
    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        FactorSupport.scores(users: users, items: items, factors: config.factors, itemCount: itemCount,
                             userFactors: userFactors, itemFactors: itemFactors)
    }

    /// Saves the propagated embeddings (what scores), in the factor models' layout.
    public func save(to group: HDF5Group) throws {
        try FactorSupport.saveFactors(userFactors, itemFactors, users: userCount, items: itemCount, factors: config.factors,
                                      model: typeName, to: group)
    }

    public func load(from group: HDF5Group) throws {
        (userFactors, itemFactors, userCount, itemCount) = try FactorSupport.loadFactors(from: group, factors: config.factors, model: typeName)
        net = nil; optimizer = nil; graph = nil
    }
}

/// `LightGCN`'s trainable part: the layer-0 embeddings of every node (users, then items).
struct LightGCNNetwork: Parameterized {
    var embeddings: Tensor
    @noDerivative let layers: Int

    init(nodes: Int, factors: Int, layers: Int, std: Float, generator: inout SeededGenerator) {
        embeddings = Tensor(rows: nodes, cols: factors, initializer: .normal(std: std), generator: &generator)
        self.layers = layers
    }

    var nodes: Int { embeddings.rows }

    /// `(1/(K+1)) Σ_(k=0…K) Â^k E⁰`.
    @differentiable(reverse, wrt: self)
    func propagated(_ graph: SparseOperand) -> Tensor {
        var layer = embeddings, total = embeddings
        for _ in 0..<layers {
            layer = sparseMatmul(graph, layer)
            total = total + layer
        }
        return (1 / Float(layers + 1)) * total
    }

    mutating func visitParameters<V: ParameterVisitor>(_ visitor: inout V, along direction: TangentVector) {
        visitor.visit(&embeddings, gradient: direction.embeddings)
    }
}
