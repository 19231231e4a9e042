import Foundation
import RecEval
import RecHDF5
import RecModels

/// The runner's `TrainingObserver`: records each epoch's losses and validation metric in the trace,
/// reports progress, and stops training when the validation metric has not improved by `minDelta`
/// for `patience` epochs (early stopping).
///
/// With early stopping, the weights of the best epoch are kept: each improvement takes the training
/// model's in-memory `EpochTrainable.snapshot()` (copy-on-write arrays: no file, no serialisation),
/// and `restoreBest()` puts it back when training went on past the best epoch.
///
/// With successive halving (`halving`), at each rung's epoch the trial's best validation score so far
/// goes to the `HalvingBoard`, which may stop it there (`halvedAtRung`); its best weights are then
/// restored like any early stop's.
final class EpochObserver: TrainingObserver {
    private(set) var trace: [TraceRow] = []
    private(set) var epochs = 0
    /// The epoch with the best validation score (early stopping only).
    private(set) var bestEpoch: Int?
    private let validation: Evaluator?
    /// Names the watched metric once the model has started training (what it predicts is known then).
    private let watch: (any Recommender) -> String?
    private var chosen = false
    private var metric: MetricRequest?
    private var metricName: String?
    private var higherIsBetter = true
    private let patience: Int?
    private let minDelta: Double
    private let progress: (Int, Double?) -> Void
    private var best = -Double.infinity
    private var sinceBest = 0
    /// The best epoch's state and the model it belongs to (a composite's epoch-trained component).
    private var bestState: (model: any EpochTrainable, snapshot: EpochSnapshot)?
    /// Why the validation metric could not be computed; the trial fails with it rather than train on
    /// without the early stopping and trace it asked for.
    private var validationError: Error?
    /// Successive halving's rungs for this trial, or nil.
    private let halving: HalvingTicket?
    /// The best validation score so far, signed so that higher is better (nil before the first).
    private var bestScore: Double?
    /// The score reported at each rung reached (halving only).
    private(set) var rungScores: [Double?] = []
    /// The rung at which halving stopped training, if it did.
    private(set) var halvedAtRung: Int?

    /// An observer that traces (and with `patience`, stops on) the validation metric `watch` names
    /// for the model after its first epoch (nil: losses only).
    init(validation: Evaluator?, watch: @escaping (any Recommender) -> String?, patience: Int?, minDelta: Double,
         halving: HalvingTicket? = nil, progress: @escaping (Int, Double?) -> Void) {
        self.validation = validation; self.watch = watch
        self.patience = patience; self.minDelta = minDelta; self.halving = halving; self.progress = progress
    }

    /// The validation metric traced, once chosen.
    var watchedMetric: String? { metricName }

    func epochEnded(epoch: Int, losses: [String: Double], model: any Recommender) -> Bool {
        epochs = epoch
        for (k, v) in losses.sorted(by: { $0.key < $1.key }) { trace.append(TraceRow(epoch: epoch, name: k, value: v)) }
        progress(epoch, losses["loss"])
        if !chosen {
            chosen = true
            do {
                metricName = watch(model)
                metric = try metricName.map { try MetricRequest.parse($0) }
                higherIsBetter = metric?.kind.higherIsBetter ?? true
            } catch {
                validationError = error
                return false
            }
        }
        guard let validation, let metric, let metricName else { return true }
        let rating = metric.kind.isRatingMetric
        let results: (ranking: EvaluationResult?, rating: EvaluationResult?)
        do {
            results = try validation.evaluate(model, ranking: rating ? [] : [metric], rating: rating ? [metric] : [])
        } catch {
            validationError = error
            return false
        }
        let value = (rating ? results.rating : results.ranking)?.mean(metricName)
        if let value {
            trace.append(TraceRow(epoch: epoch, name: "valid_" + metricName, value: value))
            let signed = higherIsBetter ? value : -value
            if !signed.isNaN, bestScore.map({ signed > $0 }) ?? true { bestScore = signed }
        }
        if let halving, let rung = halving.rung(at: epoch), rungScores.count == rung {
            rungScores.append(bestScore)
            if epoch >= halving.lastEpoch {
                halving.board.report(halving.key, rung: rung, score: bestScore)
            } else if !halving.board.decide(halving.key, rung: rung, score: bestScore, reduction: halving.spec.reduction) {
                halvedAtRung = rung
                // The best epoch so far is the one kept (patience's bookkeeping below may not have run).
                if patience != nil, let value { _ = improve(value, epoch: epoch, model: model) }
                return false
            }
        }
        guard let value, patience != nil else { return true }
        return improve(value, epoch: epoch, model: model)
    }

    /// Patience's bookkeeping for this epoch's `value`: false when training should stop.
    private func improve(_ value: Double, epoch: Int, model: any Recommender) -> Bool {
        guard let patience else { return true }
        let signed = higherIsBetter ? value : -value
        if signed > best + minDelta {
            best = signed; sinceBest = 0; bestEpoch = epoch
            snapshot(model)
        } else {
            sinceBest += 1
        }
        return sinceBest < patience
    }

    /// Keeps the training model's current weights as the best so far (only epoch-trained models
    /// report epochs, so the cast holds).
    private func snapshot(_ model: any Recommender) {
        guard let trainable = model as? any EpochTrainable else { return }
        bestState = (trainable, trainable.snapshot())
    }

    /// Puts the best epoch's weights back if training ran past it. Throws the error of a validation
    /// metric that could not be computed (the trial then fails rather than report unchecked weights).
    func restoreBest() throws {
        if let validationError { throw validationError }
        guard let bestEpoch, bestEpoch < epochs, let bestState else { return }
        bestState.model.restore(bestState.snapshot)
    }
}
