import RecCore
import RecData
import RecHDF5

/// The seam every model implements (LensKit's scorer / implicit's `RecommenderBase`): fit on training
/// data, then score users against items. Turning scores into top-N lists (excluding seen items,
/// breaking ties) is the shared `Ranker`'s job in RecEval, so every model ranks the same way.
///
/// ```swift
/// let model = Popularity()
/// try model.fit(TrainingData(prepared), observer: nil)
/// let scores = model.score(users: [0, 1], items: nil)   // 2 × itemCount
/// ```
public protocol Recommender: AnyObject {
    /// Short type name used in specs and saved files (`popularity`, `biased_mf`).
    var typeName: String { get }
    /// Learns from `data`. Epoch-trained models report each epoch to `observer`, which may stop them.
    func fit(_ data: TrainingData, observer: (any TrainingObserver)?) throws
    /// Scores for each user in `users` against `items` (all items, in index order, when nil):
    /// a `users.count × items.count` matrix where larger means more recommended.
    func score(users: [Int32], items: [Int32]?) -> DenseMatrix
    /// Rating predictions for (user, item) pairs, for RMSE/MAE. Defaults to the ranking score.
    func predict(users: [Int32], items: [Int32]) -> [Float]
    /// Whether `predict` estimates explicit ratings (rating metrics are skipped otherwise).
    var predictsRatings: Bool { get }
    /// Writes the fitted state into `group`.
    func save(to group: HDF5Group) throws
    /// Restores the fitted state written by `save(to:)`.
    func load(from group: HDF5Group) throws
}

extension Recommender {
    public var predictsRatings: Bool { false }

    public func predict(users: [Int32], items: [Int32]) -> [Float] {
        precondition(users.count == items.count)
        var out = [Float](repeating: 0, count: users.count)
        for k in 0..<users.count {
            out[k] = score(users: [users[k]], items: [items[k]]).storage[0]
        }
        return out
    }
}

/// Receives per-epoch progress from a model's training loop and can stop it early.
public protocol TrainingObserver: AnyObject {
    /// Called after each epoch with its losses (`["loss": 0.41]`). Return false to stop training
    /// (early stopping); the model keeps its current state.
    func epochEnded(epoch: Int, losses: [String: Double], model: any Recommender) -> Bool
}

/// A model trained by epochs. The shared driver loop (`fitByEpochs`) owns iteration, observation
/// and early stopping; the model only implements one epoch (LensKit's `train_epoch`).
public protocol EpochTrainable: Recommender {
    /// Number of epochs to run at most.
    var epochs: Int { get }
    /// Initialises parameters and buffers for `data` before the first epoch.
    func prepare(_ data: TrainingData) throws
    /// Runs one epoch and returns its losses (at least `"loss"`).
    func trainEpoch(_ epoch: Int) throws -> [String: Double]
    /// The fitted weights as they are now, kept in memory for early stopping (arrays are
    /// copy-on-write, so this costs one copy when training next writes them).
    func snapshot() -> EpochSnapshot
    /// Puts back weights taken by `snapshot()` of this same model.
    func restore(_ snapshot: EpochSnapshot)
}

/// An epoch-trained model's weights at one epoch, opaque to everyone but the model.
public struct EpochSnapshot {
    let state: Any
    /// Wraps a model's own state value.
    public init(_ state: Any) { self.state = state }
    /// The state as the model's own type (a snapshot is only restored into the model that took it).
    public func value<T>(as type: T.Type) -> T {
        guard let v = state as? T else { preconditionFailure("an EpochSnapshot of \(Swift.type(of: state)) restored as \(T.self)") }
        return v
    }
}

extension EpochTrainable {
    /// Fitting an epoch-trained model is the shared loop.
    public func fit(_ data: TrainingData, observer: (any TrainingObserver)?) throws {
        try fitByEpochs(data, observer: observer)
    }

    /// Runs `prepare`, then `trainEpoch` up to `epochs` times, reporting each to `observer`.
    /// A non-finite loss throws `ModelError.diverged`.
    public func fitByEpochs(_ data: TrainingData, observer: (any TrainingObserver)?) throws {
        try prepare(data)
        for epoch in 1...max(1, epochs) {
            let losses = try trainEpoch(epoch)
            if let bad = losses.first(where: { !$0.value.isFinite }) {
                throw ModelError.diverged(model: typeName, epoch: epoch, detail: "\(bad.key) = \(bad.value)")
            }
            if let observer, !observer.epochEnded(epoch: epoch, losses: losses, model: self) { break }
        }
    }
}

/// Errors raised by models.
public enum ModelError: Error, CustomStringConvertible {
    /// Training produced NaN or infinite values.
    case diverged(model: String, epoch: Int, detail: String)
    /// A parameter value is impossible.
    case invalidParameter(model: String, name: String, detail: String)
    /// A saved model does not match this type or shape.
    case incompatibleSave(model: String, detail: String)
    /// The model was used before `fit`.
    case notFitted(model: String)

    public var description: String {
        switch self {
        case let .diverged(m, e, d): return "\(m) diverged at epoch \(e): \(d)"
        case let .invalidParameter(m, n, d): return "\(m): parameter '\(n)': \(d)"
        case let .incompatibleSave(m, d): return "\(m): saved model does not fit: \(d)"
        case let .notFitted(m): return "\(m): used before fit"
        }
    }
}

/// A model that learns some of its parameters from the validation split during `fit` (a blend's
/// weights). A refit on train + validation has no validation data left, so it is given these values
/// as ordinary parameters instead of learning them again.
public protocol LearnsFromValidation: Recommender {
    /// The learned values by spec parameter name, in the parameter's text form.
    var learnedParameters: [String: String] { get }
}
