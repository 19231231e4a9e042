import RecCore

/// The hidden model behind one synthetic dataset: taste clusters, latent vectors, biases and item
/// popularity. Tests use it to check that the observed data carry the signal; researchers can use it
/// as an oracle (for example, the best achievable ranking of a user's items).
///
/// The expected rating of user `u` for item `i`, before Gaussian noise and rounding to 1…5, is
/// `μ + b_u + b_i + γ · (⟨p_u, q_i⟩ − ½)` (Koren, Bell & Volinsky 2009, eq. 4, plus a centring
/// constant so that typical consumed pairs land near the middle of the scale).
///
/// ```swift
/// let (data, truth) = SyntheticGenerator(.small).generateWithGroundTruth()
/// truth.affinity(user: 0, item: 3)   // ⟨p_0, q_3⟩
/// ```
public struct SyntheticGroundTruth: Sendable, Equatable {
    /// Cluster centres, `clusters × factors`, each of unit length.
    public var clusterCentres: DenseMatrix
    /// Taste cluster of each user.
    public var userCluster: [Int32]
    /// Taste cluster of each item.
    public var itemCluster: [Int32]
    /// Latent user vectors `p_u`, `users × factors`.
    public var userFactors: DenseMatrix
    /// Latent item vectors `q_i`, `items × factors`.
    public var itemFactors: DenseMatrix
    /// User rating biases `b_u`.
    public var userBias: [Float]
    /// Item rating biases `b_i`.
    public var itemBias: [Float]
    /// Zipf base weight of each item, `1 / rank^s` (rank 1 is the most popular).
    public var itemPopularity: [Double]
    /// Global rating offset `μ`.
    public var globalMean: Float
    /// Weight `γ` of the latent affinity in ratings.
    public var affinityWeight: Float

    /// Latent affinity `⟨p_u, q_i⟩`.
    public func affinity(user u: Int, item i: Int) -> Float {
        let d = userFactors.cols
        var s: Float = 0
        for k in 0..<d { s += userFactors.storage[u * d + k] * itemFactors.storage[i * d + k] }
        return s
    }

    /// Expected rating before noise and rounding.
    public func expectedRating(user u: Int, item i: Int) -> Float {
        globalMean + userBias[u] + itemBias[i] + affinityWeight * (affinity(user: u, item: i) - SyntheticConstants.affinityCentre)
    }
}

/// Fixed constants of the generative model (not options: they set scales, not behaviours).
enum SyntheticConstants {
    /// `μ` of the rating model.
    static let globalMean: Float = 3.45
    /// `γ` of the rating model.
    static let affinityWeight: Float = 1.3
    /// Centre subtracted from the affinity in ratings.
    static let affinityCentre: Float = 0.5
    /// Standard deviation of user and item rating biases.
    static let biasSpread = 0.35
    /// Peakedness of cluster-specific categorical attribute distributions.
    static let attributePeak = 1.5
}
