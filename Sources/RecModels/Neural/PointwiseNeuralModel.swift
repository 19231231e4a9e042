import RecCore
import RecData
import RecHDF5

/// What the shared pointwise model needs of a trainer: `NeuralTrainer<Net>` for any network.
protocol PointwiseTraining: AnyObject {
    var ratingMode: Bool { get }
    func prepare(_ data: TrainingData) throws
    func trainEpoch(_ epoch: Int) throws -> [String: Double]
    func score(users: [Int32], items: [Int32]?) -> DenseMatrix
    func predict(users: [Int32], items: [Int32]) -> [Float]
    func save(to group: HDF5Group, typeName: String) throws
    func load(from group: HDF5Group, typeName: String) throws
    func snapshot() -> EpochSnapshot
    func restore(_ snapshot: EpochSnapshot)
}

extension NeuralTrainer: PointwiseTraining {}

/// The pointwise neural recommender that `mlp` and `neumf` share: the same configuration
/// (`NeuralConfig`), sampling, objectives, training epoch, scoring and storage, over different
/// networks. A subclass only names its type and its network.
public class PointwiseNeuralModel {
    /// The validated configuration (meanings and ranges: `NeuralConfig`).
    public let config: NeuralConfig
    /// Seed of initialisation, sampling and dropout.
    public let seed: UInt64
    let trainer: any PointwiseTraining
    private let name: String

    init(config: NeuralConfig, seed: UInt64, name: String, trainer: any PointwiseTraining) {
        self.config = config; self.seed = seed; self.name = name; self.trainer = trainer
    }

    /// Epochs the shared training loop runs at most.
    public var epochs: Int { config.epochs }
    /// Whether the model was trained on ratings (`objective` "mse").
    public var predictsRatings: Bool { trainer.ratingMode }

    public func prepare(_ data: TrainingData) throws { try trainer.prepare(data) }

    public func trainEpoch(_ epoch: Int) throws -> [String: Double] { try trainer.trainEpoch(epoch) }

    public func snapshot() -> EpochSnapshot { trainer.snapshot() }

    public func restore(_ snapshot: EpochSnapshot) { trainer.restore(snapshot) }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix { trainer.score(users: users, items: items) }

    public func predict(users: [Int32], items: [Int32]) -> [Float] { trainer.predict(users: users, items: items) }

    public func save(to group: HDF5Group) throws { try trainer.save(to: group, typeName: name) }

    public func load(from group: HDF5Group) throws { try trainer.load(from: group, typeName: name) }
}
