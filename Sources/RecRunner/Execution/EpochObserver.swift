import Foundation
import RecEval
import RecModels

/// The runner's `TrainingObserver`: records each epoch's losses and validation metric in the trace,
/// reports progress, and stops training when the validation metric has not improved by `minDelta`
/// for `patience` epochs (early stopping).
final class EpochObserver: TrainingObserver {
    private(set) var trace: [TraceRow] = []
    private(set) var epochs = 0
    private let validation: Evaluator?
    private let metric: MetricRequest?
    private let metricName: String?
    private let higherIsBetter: Bool
    private let patience: Int?
    private let minDelta: Double
    private let progress: (Int, Double?) -> Void
    private var best = -Double.infinity
    private var sinceBest = 0

    init(validation: Evaluator?, metric: MetricRequest?, metricName: String?, patience: Int?, minDelta: Double,
         progress: @escaping (Int, Double?) -> Void) {
        self.validation = validation; self.metric = metric; self.metricName = metricName
        self.patience = patience; self.minDelta = minDelta; self.progress = progress
        higherIsBetter = !(metric?.kind.isRatingMetric ?? false)
    }

    func epochEnded(epoch: Int, losses: [String: Double], model: any Recommender) -> Bool {
        epochs = epoch
        for (k, v) in losses.sorted(by: { $0.key < $1.key }) { trace.append(TraceRow(epoch: epoch, name: k, value: v)) }
        progress(epoch, losses["loss"])
        guard let validation, let metric, let metricName else { return true }
        let rating = metric.kind.isRatingMetric
        let results = try? validation.evaluate(model, ranking: rating ? [] : [metric], rating: rating ? [metric] : [])
        guard let value = (rating ? results?.rating : results?.ranking)?.mean(metricName) else { return true }
        trace.append(TraceRow(epoch: epoch, name: "valid_" + metricName, value: value))
        guard let patience else { return true }
        let signed = higherIsBetter ? value : -value
        if signed > best + minDelta { best = signed; sinceBest = 0 } else { sinceBest += 1 }
        return sinceBest < patience
    }
}
