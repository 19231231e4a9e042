import RecData
import RecModels
import RecEval
import RecSpec

/// `selection.refit`: after the sweep, each model's selected configuration is retrained on
/// train + validation (every seed, every fold) and evaluated on test only. The refit trials are
/// ordinary trials with their own id (`<sweep trial id>-refit`), store key and record (`refit: true`), so they
/// are resumable like the rest; reports then use them for every test table.
///
/// With early stopping, a refit (or a `kg_boost`'s base) trains for the epoch count at which its sweep trial's validation
/// score peaked (there is no validation data left to stop on).
enum Refit {
    /// Suffix that marks a refit trial's id.
    static let idSuffix = "-refit"

    /// Model types that learn something from the validation split itself (the blend's weights;
    /// `ModelDescriptor.learnsFromValidation`): a refit has no validation data, so it is given what the
    /// sweep trial learned (`TrialRecord.learned`) as fixed parameters; without such a record the model
    /// is reported from its sweep trials.
    static let typesNeedingValidation = Set(ModelRegistry.descriptors.filter(\.learnsFromValidation).map(\.type))

    /// Refit plans for the selected configuration of every model, given the sweep trials' records by
    /// trial id.
    static func plans(spec: ExperimentSpec, trials: [TrialPlan], records: [String: TrialRecord]) -> [TrialPlan] {
        let selection = ModelSelection(spec: spec, records: trials.compactMap { records[$0.trialID] })
        return trials.compactMap { t in
            guard !t.isRefit, selection.best[t.modelName] == t.configIndex,
                  let sweep = records[t.trialID], sweep.status == "ok" else { return nil }
            var plan = t
            if let learned = sweep.learned, !learned.isEmpty {
                for (name, value) in learned { plan.params[name] = .string(value) }
            } else if typesNeedingValidation.contains(t.modelType) {
                return nil
            }
            plan.trialID = t.trialID + idSuffix
            if let best = sweep.bestEpoch {
                // The epochs early stopping counted: the model's own, or those of the component whose
                // epochs it reported (kg_boost forwards its base's).
                let own = ModelTypes.named(t.modelType)?.isEpochTrained == true && plan.params["epochs"] != nil
                let keys = own ? ["epochs"] : plan.params.keys.filter { $0.hasSuffix(".epochs") && !$0.dropLast(7).contains(".") }
                for key in keys { plan.params[key] = .int(best) }
            }
            return plan
        }
    }

    /// The fold's data with validation folded into training.
    static func prepared(_ p: PreparedData) -> PreparedData {
        let s = p.split
        return PreparedData(dataset: p.dataset, split: DataSplit(train: s.train.appending(s.validation),
                                                                 validation: .empty(like: s.validation), test: s.test))
    }
}

extension TrialPlan {
    /// Whether this plan retrains a selected configuration on train + validation.
    var isRefit: Bool { trialID.hasSuffix(Refit.idSuffix) }
}
