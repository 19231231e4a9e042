import RecConfig
import RecData
import RecModels
import RecSpec

/// The store key of a trial: a hash of everything that determines its record and files, and of
/// nothing else. Runs of one experiment name share a trial store keyed this way, so a run reuses
/// every trial an earlier run already trained on the same terms — after one model's λ changed the
/// other models are not retrained, and a report-only change (subgroups, the reference, the
/// selection metric of a model without epochs) retrains nothing.
///
/// What goes in: the fold's dataset cache key (data, preprocessing, split and its seed, fold), the
/// model type and every component's with their code revisions, every resolved parameter, the seed
/// (left out for a deterministic model, so its one training serves every seed), whether it is a
/// refit, what is evaluated and written (the `evaluation` section but its subgroups: metrics,
/// candidates, relevance threshold, top-K and prediction files), the profiles it may read, and for an epoch-trained model what its epochs are
/// watched on (the traced metric, patience, minimum improvement) and, under successive halving, its
/// settings and the keys of the trials its rung decisions compared it with.
///
/// What stays out: the model's name in the spec, its configuration number, the run's seed list,
/// subgroups, `selection.split`, `selection.reference`, output and parallelism settings.
struct TrialKey {
    /// Bumped when the record or per-user file format changes meaning.
    static let formatVersion = 1

    /// The hash (32 hex digits of SHA-256) of `text`.
    let value: String
    /// What was hashed, for tests and debugging.
    let text: String

    /// The spec's sections every trial's key shares, as key text: the whole evaluation section but
    /// the report-only subgroups (so an option added to it later is in the key without a change
    /// here) and the profiles. Built once per run, not once per trial.
    struct SpecTerms {
        let text: String
        init(_ spec: ExperimentSpec) {
            guard case .object(let o) = spec.resolved else { text = ""; return }
            var evaluation = ""
            if case .object(var e)? = o["evaluation"] { e["subgroups"] = nil; evaluation = JSONValue.object(e).compactText }
            text = "evaluation=\(evaluation);profiles=" + (o["profiles"]?.compactText ?? "-")
        }
    }

    /// `halvingAfter`: for a trial under successive halving, the keys of the trials before it in its
    /// halving group, whose rung scores its own stops depend on (so a changed earlier configuration
    /// retrains the later ones, and adding one at the end retrains nothing); nil otherwise.
    init(trial: TrialPlan, dataKey: String, spec: ExperimentSpec, terms: SpecTerms? = nil, deterministic: Bool,
         halvingAfter: [String]? = nil) {
        var parts = ["format=\(Self.formatVersion)", "data=\(dataKey)"]
        let types = [trial.modelType] + trial.params.keys.filter { $0.hasSuffix(".type") }.sorted()
            .compactMap { trial.params[$0].flatMap { if case .string(let t) = $0 { return t }; return nil } }
        parts.append("code=" + types.map { "\($0)@\(ModelTypes.named($0)?.revision ?? 0)" }.joined(separator: ","))
        parts.append("params={" + trial.params.keys.sorted().map { JSONValue.quote($0) + "=" + trial.params[$0]!.text }.joined(separator: ",") + "}")
        parts.append("seed=" + (deterministic ? "-" : String(trial.seed)))
        parts.append("refit=\(trial.isRefit)")
        parts.append((terms ?? SpecTerms(spec)).text)
        if ModelTypes.named(trial.modelType)?.isEpochTrained == true || types.dropFirst().contains(where: { ModelTypes.named($0)?.isEpochTrained == true }) {
            let stopping = spec.earlyStopping(for: trial.modelName)
            // The traced metric is the selection metric only when nothing names one.
            parts.append("epochs=" + (stopping.map { "\($0.metric?.description ?? "by-model:\(spec.selection.metric)"),patience=\($0.patience),min_delta=\($0.minDelta)" }
                                      ?? "traced=\(spec.selection.metric)"))
            if let halving = spec.earlyStopping(for: trial.modelName)?.halving, let earlier = halvingAfter {
                parts.append("halving=\(halving.minEpochs)x\(halving.reduction),after="
                             + FileDigest.sha256Hex(ofText: earlier.joined(separator: ",")).prefix(32))
            }
        }
        text = parts.joined(separator: ";")
        value = String(FileDigest.sha256Hex(ofText: text).prefix(32))
    }
}
