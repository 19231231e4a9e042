import RecConfig
import RecCore
import RecData
import RecHDF5

/// A multilayer-perceptron recommender over embeddings and profiles (NCF's MLP, He et al. 2017,
/// with side features): `ŷ_ui = wᵀ relu(W_L … relu(W₁ [p_u ⊕ q_i ⊕ x_u ⊕ x_i] + b₁) …) + b`, where
/// p, q are learned embeddings and x_u, x_i RecProfiles' normalised user and item features built from
/// the training interactions. Implicit data (`objective` "bce"): σ(ŷ) trained by binary cross-entropy
/// on each positive and `negatives` uniformly sampled unseen items. Explicit data with "mse":
/// ŷ + r̄ fitted to ratings by squared error (`predictsRatings`). Adam, mini-batches, optional dropout.
///
/// Cold start: with probability `coldDropout` a training sample's user (item) is replaced by a shared
/// learned "unknown" embedding and its profile row by the row it would have when cold, so the network
/// learns to score from attributes alone; users (items) with no training interaction are scored with
/// that unknown embedding and their profile.
///
/// ```swift
/// let model = NeuralMLP(NeuralConfig { $0.factors = 32; $0.hidden = "64,32" }, seed: 7)
/// try model.fit(TrainingData(prepared), observer: nil)
/// let scores = model.score(users: [0, 1], items: nil)
/// ```
public final class NeuralMLP: PointwiseNeuralModel, NeuralRecommender {
    public static let summary = "MLP over user ⊕ item embeddings ⊕ user profile ⊕ item features (Adam, autodiff); scores cold users from their profile."
    public static let typeName = "mlp"

    /// An unfitted model.
    public init(_ config: NeuralConfig = .init(), seed: UInt64 = 0) {
        super.init(config: config, seed: seed, name: Self.typeName,
                   trainer: NeuralTrainer<MLPNetwork>(model: Self.typeName, hyper: config, seed: seed))
    }
}
