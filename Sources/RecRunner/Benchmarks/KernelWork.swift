/// The work one run of a kernel cannot avoid, counted from its algorithm and the data's sizes: the
/// floating-point operations it performs and the bytes it must move between memory and the cores.
/// `reclab bench limits` divides them by the machine's peaks (`MachineLimits`) to get the kernel's
/// bound, the time no implementation of the same algorithm could beat.
///
/// Bytes count what must come from memory at least once per pass (the CSR arrays, the factor rows a
/// sparse row gathers, a score matrix too large for the cache written then read); data that stays in
/// L1/L2 within one row's work (a gathered row re-read by each CG step, a dense accumulator the size of
/// the catalogue) is not counted again. A multiply-add is two flops.
public struct KernelWork: Sendable, Codable, Equatable {
    /// Floating-point operations.
    public let flops: Double
    /// Bytes moved to or from memory.
    public let bytes: Double
    /// How the two were counted, in words and symbols (BENCHMARKS.md lists it under the table).
    public let model: String

    public init(flops: Double, bytes: Double, model: String) {
        self.flops = flops; self.bytes = bytes; self.model = model
    }

    /// One iALS epoch by conjugate gradient (users then items, `steps` CG steps per row; Takács et al.
    /// 2011): per side, the Gram `YᵀY` (`f(f+1)` per fixed row), and for each of the `steps + 1`
    /// products with `A = G + Yᵀ(C−I)Y` (the residual, then one per step) `2f²` per row and `4f` per
    /// interaction (a dot and an axpy). Memory: each interaction's index, value and gathered factor
    /// row (`8 + 4f` bytes) once per side, and every solved row read and written.
    public static func ialsCGEpoch(users: Int, items: Int, interactions nnz: Int, factors f: Int, steps: Int) -> KernelWork {
        let (m, n, N, F, s) = (Double(users), Double(items), Double(nnz), Double(f), Double(steps))
        let gram = (m + n) * F * (F + 1)
        let products = (s + 1) * (2 * F * F * (m + n) + 2 * 4 * F * N)
        let vectors = 10 * F * s * (m + n)   // x, r, p updates and two dots per step
        let bytes = 2 * N * (8 + 4 * F) + 2 * 4 * F * (m + n) + 4 * F * (m + n)
        return KernelWork(flops: gram + products + vectors, bytes: bytes,
                          model: "2·(s+1)·(f²·(U+I) + 4f·N) + f(f+1)·(U+I) flops; 2·N·(8+4f) + 12f·(U+I) bytes")
    }

    /// One exact iALS epoch (Cholesky): per side, the Gram, and per row the copy of `G`, the `ssyrk` of
    /// the row's gathered `√(c−1)·y_j` (`f(f+1)` per interaction, plus `3f` to gather and to build `b`),
    /// the Cholesky factorisation (`f³/3`) and the two triangular solves (`2f²`). Memory as for CG.
    public static func ialsCholeskyEpoch(users: Int, items: Int, interactions nnz: Int, factors f: Int) -> KernelWork {
        let (m, n, N, F) = (Double(users), Double(items), Double(nnz), Double(f))
        let gram = (m + n) * F * (F + 1)
        let perInteraction = 2 * N * (F * (F + 1) + 3 * F)
        let perRow = (m + n) * (F * F * F / 3 + 2 * F * F)
        let bytes = 2 * N * (8 + 4 * F) + 2 * 4 * F * (m + n) + 4 * F * (m + n)
        return KernelWork(flops: gram + perInteraction + perRow, bytes: bytes,
                          model: "2·N·(f(f+1)+3f) + (U+I)·(f³/3 + 2f² + f(f+1)) flops; 2·N·(8+4f) + 12f·(U+I) bytes")
    }

    /// One BPR epoch of `samples` SGD steps (Rendle et al. 2009): two dots (`4f`) and the three factor
    /// updates (`16f`) per step; each step reads and writes the user's, the positive's and the
    /// negative's factor rows (`24f` bytes) and reads the sampled interaction (`8` bytes).
    public static func bprEpoch(samples: Int, factors f: Int) -> KernelWork {
        let (S, F) = (Double(samples), Double(f))
        return KernelWork(flops: S * 20 * F, bytes: S * (24 * F + 8),
                          model: "20f·S flops; (24f + 8)·S bytes (S = samples = N)")
    }

    /// Item-kNN's similarity fit (`NeighbourSimilarity.topK`): every pair of items a user shares is
    /// accumulated once per direction (`Σ_u n_u²` updates, one flop each), reading the co-rated item's
    /// index (`4` bytes; `8` with its value when ratings are weighted).
    public static func itemKNNFit(pairs: Double, weighted: Bool) -> KernelWork {
        KernelWork(flops: pairs * (weighted ? 2 : 1), bytes: pairs * (weighted ? 8 : 4),
                   model: "P = Σ_u n_u² co-occurrence updates: \(weighted ? "2P flops, 8P" : "P flops, 4P") bytes")
    }

    /// EASE's fit (Steck 2019): the sparse Gram `XᵀX` (one multiply-add per pair of a user's items,
    /// upper triangle: `Σ_u n_u(n_u+1)/2` updates, each a read and a write of `G`), the Cholesky
    /// factorisation and inverse of the `n × n` system (`n³/3 + 2n³/3` flops), and the final scaling
    /// (`G` read and written twice: symmetrise, scale).
    public static func easeFit(items n: Int, gramUpdates: Double) -> KernelWork {
        let N = Double(n)
        return KernelWork(flops: 2 * gramUpdates + N * N * N + N * N, bytes: 8 * gramUpdates + 4 * 8 * N * N,
                          model: "Q = Σ_u n_u(n_u+1)/2: 2Q + n³ + n² flops; 8Q + 32n² bytes")
    }

    /// Full-ranking evaluation with a dense factor model: `U × I` scores by `sgemm` (`2f` flops each),
    /// written and read once by the top-K selection (`8` bytes each), plus the users' and items'
    /// factor rows.
    public static func denseRanking(users: Int, items: Int, factors f: Int) -> KernelWork {
        let (U, I, F) = (Double(users), Double(items), Double(f))
        return KernelWork(flops: 2 * F * U * I, bytes: 8 * U * I + 4 * F * (U + I),
                          model: "2f·U·I flops; 8·U·I + 4f·(U+I) bytes")
    }

    /// Full-ranking evaluation with item-kNN: for each user's item, its neighbour list's entries are
    /// added into the user's score row (`P` entries: index and similarity, `8` bytes; one flop), and
    /// the row is written and read once by the top-K selection (`8` bytes per item).
    public static func neighbourRanking(users: Int, items: Int, pairs: Double) -> KernelWork {
        let (U, I) = (Double(users), Double(items))
        return KernelWork(flops: pairs, bytes: 8 * pairs + 8 * U * I,
                          model: "P = Σ_u Σ_{i∈u} |list(i)|: P flops; 8P + 8·U·I bytes")
    }

    /// One MLP training step on a batch of `batch` (forward, backward, Adam): `2·Σ in·out` flops per
    /// sample forward and twice that backward (input and weight gradients), Adam's `~10` flops per
    /// dense parameter; bytes: every dense parameter with its two moments read and written and its
    /// gradient read (`28` bytes each), and the same for the batch's rows of the two embedding tables
    /// (their gradients are sparse, so Adam touches only those rows).
    public static func mlpStep(batch: Int, layers: [(inputs: Int, outputs: Int)], embeddingWidth: Int) -> KernelWork {
        let B = Double(batch)
        let macs = layers.reduce(0.0) { $0 + Double($1.inputs * $1.outputs) }
        let parameters = layers.reduce(0.0) { $0 + Double($1.inputs * $1.outputs + $1.outputs) }
        let flops = 3 * 2 * B * macs + 10 * parameters
        let bytes = 28 * parameters + 2 * 28 * B * Double(embeddingWidth)
        return KernelWork(flops: flops, bytes: bytes, model: "6·B·Σ in·out + 10·W flops; 28·W + 56·B·e bytes (W dense weights, e embedding width)")
    }
}
