import RecConfig
import RecCore
import RecData
import RecHDF5

/// Neural matrix factorisation (He et al. 2017, "Neural Collaborative Filtering", eq. 12):
/// `ŷ_ui = wᵀ [p^G_u ⊙ q^G_i ⊕ h^MLP_ui] + b` — a GMF branch (elementwise product of its own user and
/// item embeddings) beside the MLP branch of `NeuralMLP` (embeddings ⊕ RecProfiles' user and item
/// features through ReLU layers), fused by one output layer. Trained from scratch (no GMF/MLP
/// pre-training) with the same objectives, sampling, Adam and cold-start handling as `NeuralMLP`:
/// the unknown user / item row is shared by both branches' tables.
///
/// ```swift
/// let model = NeuMF(NeuralConfig { $0.factors = 32; $0.hidden = "64,32" }, seed: 7)
/// try model.fit(TrainingData(prepared), observer: nil)
/// let scores = model.score(users: [0, 1], items: nil)
/// ```
public final class NeuMF: PointwiseNeuralModel, NeuralRecommender {
    public static let summary = "Neural matrix factorisation (He et al. 2017): GMF branch ⊕ MLP branch with profile features."
    public static let typeName = "neumf"

    /// An unfitted model.
    public init(_ config: NeuralConfig = .init(), seed: UInt64 = 0) {
        super.init(config: config, seed: seed, name: Self.typeName,
                   trainer: NeuralTrainer<NeuMFNetwork>(model: Self.typeName, hyper: config, seed: seed))
    }
}
