import Foundation
import RecSpec

/// The held-out parts a trial is evaluated on, as records, per-user files and tables name them.
public enum EvaluationSplit: String, Codable, CodingKeyRepresentable, CaseIterable, Sendable {
    case validation, test

    /// The split `selection.split` names.
    public init(_ selection: SelectionSplit) {
        switch selection {
        case .validation: self = .validation
        case .test: self = .test
        }
    }
}

/// One row of a loss trace: after `epoch`, quantity `name` (a training loss or a validation metric)
/// had `value`.
public struct TraceRow: Codable, Sendable, Equatable {
    /// 1-based epoch.
    public var epoch: Int
    /// `loss`, `valid_ndcg@10`, …
    public var name: String
    /// The value.
    public var value: Double
}

/// The durable record of one finished trial (one model configuration × seed × fold), written
/// atomically to `trials/<id>.json` when the trial ends; its presence marks the trial done for resume.
public struct TrialRecord: Codable, Sendable, Equatable {
    /// Stable trial id (hash of model, parameters, seed, fold).
    public var id: String
    /// Model name from the spec.
    public var model: String
    /// Model type.
    public var type: String
    /// Index of the parameter configuration within the model's sweep.
    public var configIndex: Int
    /// Parameters as text (`name → value`), for tables and CSV.
    public var parameters: [String: String]
    /// Model seed.
    public var seed: UInt64
    /// Cross-validation fold, when the split is k-fold over all folds.
    public var fold: Int?
    /// `ok` or `failed`.
    public var status: String
    /// Failure message (diverged, threw).
    public var error: String?
    /// Wall time of fit + evaluation, seconds.
    public var seconds: Double
    /// Wall time of fitting alone, seconds.
    public var fitSeconds: Double
    /// Epochs run (0 for models not trained by epochs).
    public var epochs: Int
    /// Split → metric (`ndcg@10`) → mean over users.
    public var metrics: [EvaluationSplit: [MetricKey: Double]]
    /// Number of users evaluated per split.
    public var evaluatedUsers: [EvaluationSplit: Int]
    /// Per-epoch losses and validation metrics.
    public var trace: [TraceRow]
    /// With early stopping: the epoch whose weights were kept (the best validation score), else nil.
    public var bestEpoch: Int?
    /// With successive halving: the trial's score at each rung it reached (its best validation value
    /// so far, negated for a metric where lower is better; null when there was none), as the halving
    /// rule compared it. Later trials of its group are ranked against these, so a resumed run or a
    /// later one decides as this one did. Nil for trials without halving.
    public var rungScores: [Double?]?
    /// With successive halving: the rung (0-based, at epoch `min_epochs · reduction^rung`) where halving
    /// stopped the trial, nil when it was not stopped by halving.
    public var halvedAtRung: Int?
    /// True for a refit trial: the selected configuration retrained on train + validation and
    /// evaluated on test only (`selection.refit`); nil or false for sweep trials.
    public var refit: Bool?

    /// Parameters the model learned from the validation split (`LearnsFromValidation`, e.g. a blend's
    /// weights), in the spec's text form; nil for other models.
    public var learned: [String: String]?

    /// The fingerprint of the spec whose run wrote the record (nil in records from before it was kept).
    public var specFingerprint: String?

    /// Whether this is a refit trial.
    public var isRefit: Bool { refit ?? false }

    /// `parameterText` with the values the model learned from validation in place of the ones
    /// given (a blend's `weights=` left blank to be learned), each marked: `weights=a:0.8,b:0.2 (learned)`.
    public var reportedParameterText: String {
        guard let learned, !learned.isEmpty else { return parameterText }
        let merged = parameters.merging(learned) { _, new in new }
        return merged.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" + (learned[$0.key] != nil ? " (learned)" : "") }.joined(separator: ", ")
    }

    /// `model [parameters] seed s fold f: error`: how failure lists name a failed trial.
    public var failureLine: String {
        "\(model) [\(parameterText)] seed \(seed)\(fold.map { " fold \($0)" } ?? ""): \(error ?? "no message")"
    }

    /// Parameters rendered `a=1, b=x` in name order (empty → `default`).
    public var parameterText: String {
        parameters.isEmpty ? "default" : parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}
