import Foundation
import RecCore
import RecEval
import RecModels
import RecSpec

/// Runs one trial — build the model, fit it (with traces and early stopping), evaluate it on
/// validation and test — and stores its per-user values, rankings and record. A trial that throws or
/// diverges is recorded as failed with its message; it never stops the sweep.
struct TrialExecutor: Sendable {
    let spec: ExperimentSpec
    let store: TrialStore
    let progress: ProgressReporter

    /// Rating models told to stop on a ranking metric, warned about once each.
    let warned = WarnedModels()
    /// Whether a trial's trained model is kept in the store (`output.save_models`), for the run
    /// folder's `models/`.
    var keepsModel: @Sendable (TrialPlan) -> Bool = { _ in false }
    /// Where halving trials meet at their rungs (the run's one board).
    var halvingBoard = HalvingBoard()

    /// The validation metric traced after each epoch of `model` (trial `trial`): the early-stopping
    /// metric its model or the spec names; without one, `rmse` for a model that predicts ratings on
    /// rated data (a ranking metric would stop it while its RMSE still falls), else `selection.metric`.
    func watchedMetric(_ model: any Recommender, trial: TrialPlan, ratedData: Bool) -> String {
        let rates = model.predictsRatings && ratedData
        guard let stopping = spec.earlyStopping(for: trial.modelName) else { return spec.selection.metric.description }
        guard let named = stopping.metric else { return rates ? "rmse" : spec.selection.metric.description }
        if rates, (try? MetricRequest.parse(named.description))?.kind.isRatingMetric == false, warned.first(trial.modelName) {
            Console.error("warning: \(trial.modelName) predicts ratings but stops early on \(named), a ranking metric; "
                          + "its RMSE may still be falling (to stop on it, evaluate \"rmse\" and set the model's early_stopping.metric to it)")
        }
        return named.description
    }

    /// Runs `trial` and stores it under `key` (its `TrialKey`).
    func run(_ trial: TrialPlan, key: String, in context: FoldContext) -> TrialRecord {
        // However the trial ends, later trials of its halving group stop waiting for its rungs.
        defer { halvingBoard.end(key) }
        let label = Self.label(trial)
        progress.started(trial.trialID, label: label)
        let start = Date()
        var record = TrialRecord(id: key, model: trial.modelName, type: trial.modelType,
                                 configIndex: trial.configIndex,
                                 parameters: trial.params.mapValues { $0.description }, seed: trial.seed,
                                 fold: trial.fold, status: "ok", error: nil, seconds: 0, fitSeconds: 0, epochs: 0,
                                 metrics: [:], evaluatedUsers: [:], trace: [])
        record.refit = trial.isRefit ? true : nil
        record.specFingerprint = spec.fingerprint
        do {
            let model = try ModelRegistry.make(type: trial.modelType, parameters: trial.params, seed: trial.seed)
            let epochs = trial.params["epochs"]?.intValue ?? 0
            let stopping = spec.earlyStopping(for: trial.modelName)
            let patience = context.validation == nil ? nil : stopping?.patience
            let rated = context.training.hasRatings
            let halving = patience == nil || trial.isRefit ? nil : stopping?.halving.map {
                HalvingTicket(board: halvingBoard, key: key, spec: $0, lastEpoch: HalvingTicket.lastEpoch(of: trial.params))
            }
            let observer = EpochObserver(
                validation: context.validation, watch: { [self] m in watchedMetric(m, trial: trial, ratedData: rated) },
                patience: patience, minDelta: stopping?.minDelta ?? 0, halving: halving,
                progress: { [progress] e, loss in progress.epoch(trial.trialID, label: label, epoch: e, of: epochs, loss: loss) })
            let fitStart = Date()
            defer {
                // Whatever happens next, later trials of its halving group see what it reported.
                if halving != nil { record.rungScores = observer.rungScores; record.halvedAtRung = observer.halvedAtRung }
            }
            try model.fit(context.training, observer: observer)
            try observer.restoreBest()
            record.fitSeconds = Date().timeIntervalSince(fitStart)
            record.epochs = observer.epochs
            record.bestEpoch = observer.bestEpoch
            record.learned = (model as? any LearnsFromValidation)?.learnedParameters
            record.trace = observer.trace
            var results: [TrialStore.SplitResults] = []
            for (split, ev) in [(EvaluationSplit.validation, context.validation), (.test, context.test)] {
                guard let ev else { continue }
                let (ranking, rating) = try ev.evaluate(model, ranking: context.rankingRequests, rating: context.ratingRequests)
                results.append((split, ranking, rating))
            }
            for (split, ranking, rating) in results {
                var means: [MetricKey: Double] = [:]
                for r in [ranking, rating].compactMap({ $0 }) {
                    for (name, v) in r.summary {
                        guard let key = MetricKey(name) else { throw UnknownMetricName(name: name) }
                        means[key] = v
                    }
                }
                record.metrics[split] = means
                record.evaluatedUsers[split] = ranking?.users.count ?? rating?.users.count ?? 0
            }
            try store.savePerUser(results, trial: key)
            try writeOutputs(model, key: key, context: context)
            if keepsModel(trial) {
                let header = SavedModel.Header(model: trial.modelName, type: trial.modelType, parameters: trial.params, seed: trial.seed,
                                               trial: key, fold: trial.fold, refit: trial.isRefit, datasetKey: "")
                try SavedModel(header: header, model: model, data: nil).write(to: store.modelPath(key))
            }
        } catch {
            record.status = "failed"
            record.error = "\(error)"
        }
        record.seconds = Date().timeIntervalSince(start)
        do { try store.save(record) } catch {
            record.status = "failed"; record.error = "could not save the trial record: \(error)"
        }
        progress.finished(trial.trialID, label: label, seconds: record.seconds, error: record.error)
        return record
    }

    /// Optional TSVs: top-K lists of every test user (`user item rank score`, external ids) and rating
    /// predictions for every test interaction (`user item prediction rating`).
    private func writeOutputs(_ model: any Recommender, key: String, context c: FoldContext) throws {
        let d = c.prepared.dataset
        let k = spec.evaluation.topKOutput
        if k > 0 {
            var lines = ["user\titem\trank\tscore"]
            let users = c.test.users
            for start in stride(from: 0, to: users.count, by: 256) {
                let batch = Array(users[start..<min(users.count, start + 256)])
                let scores = model.score(users: batch, items: nil)
                let lists = Ranker.topK(scores: scores, users: batch, k: k, exclude: c.test.train)
                for (r, u) in batch.enumerated() {
                    for (rank, i) in lists[r].enumerated() {
                        lines.append("\(d.users.id(at: u))\t\(d.items.id(at: i))\t\(rank + 1)\t\(scores[r, Int(i)])")
                    }
                }
            }
            try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: store.folder + "/\(key).topk.tsv")
        }
        if spec.evaluation.predictionsOutput, model.predictsRatings, let truth = c.prepared.split.test.ratings {
            let t = c.prepared.split.test
            let p = model.predict(users: t.users, items: t.items)
            var lines = ["user\titem\tprediction\trating"]
            for k in 0..<t.count { lines.append("\(d.users.id(at: t.users[k]))\t\(d.items.id(at: t.items[k]))\t\(p[k])\t\(truth[k])") }
            try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: store.folder + "/\(key).predictions.tsv")
        }
    }

    static func label(_ t: TrialPlan) -> String {
        let p = t.params.isEmpty ? "" : " [" + t.paramsText() + "]"
        return "\(t.modelName)\(p) seed=\(t.seed)" + (t.fold.map { " fold=\($0)" } ?? "")
    }
}

/// Model names already warned about, so a sweep warns once per model, not once per trial.
final class WarnedModels: @unchecked Sendable {
    private var names = Set<String>()
    private let lock = NSLock()

    /// True the first time `name` is passed.
    func first(_ name: String) -> Bool { lock.lock(); defer { lock.unlock() }; return names.insert(name).inserted }
}
