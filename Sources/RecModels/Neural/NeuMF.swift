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
/// let model = NeuMF(factors: 32, hidden: "64,32", negatives: 4, epochs: 20, seed: 7)
/// try model.fit(TrainingData(prepared), observer: nil)
/// let scores = model.score(users: [0, 1], items: nil)
/// ```
public final class NeuMF: NeuralRecommender {
    public static let summary = "Neural matrix factorisation (He et al. 2017): GMF branch ⊕ MLP branch with profile features."
    public static let typeName = "neumf"
    /// The validated configuration (meanings and ranges: `NeuralConfig`).
    public let config: NeuralConfig
    /// Seed of initialisation, sampling and dropout.
    public let seed: UInt64
    public var epochs: Int { config.epochs }
    public var predictsRatings: Bool { trainer.ratingMode }
    private let trainer: NeuralTrainer<NeuMFNetwork>

    /// A model with the given hyper-parameters.
    public init(_ config: NeuralConfig = .init(), seed: UInt64 = 0) {
        self.config = config; self.seed = seed
        trainer = NeuralTrainer(model: "neumf", hyper: config, seed: seed)
    }


    public func fit(_ data: TrainingData, observer: (any TrainingObserver)?) throws {
        try fitByEpochs(data, observer: observer)
    }

    public func prepare(_ data: TrainingData) throws { try trainer.prepare(data) }

    public func trainEpoch(_ epoch: Int) throws -> [String: Double] { try trainer.trainEpoch(epoch) }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix { trainer.score(users: users, items: items) }

    public func predict(users: [Int32], items: [Int32]) -> [Float] { trainer.predict(users: users, items: items) }

    public func save(to group: HDF5Group) throws { try trainer.save(to: group, typeName: typeName) }

    public func load(from group: HDF5Group) throws { try trainer.load(from: group, typeName: typeName) }
}
