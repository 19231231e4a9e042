/// One unit of work for the runner: train one model configuration with one seed (on one fold) and
/// evaluate it.
///
/// `trialID` hashes everything that defines the trial, so a run folder can be resumed by skipping
/// trials whose ID already has results.
///
/// ```swift
/// for trial in try spec.trials() where !done.contains(trial.trialID) { try run(trial) }
/// ```
public struct TrialPlan: Sendable, Hashable, Codable {
    /// Position in `spec.trials()` (0-based).
    public var index: Int
    /// `models[].name`.
    public var modelName: String
    /// `models[].type`.
    public var modelType: String
    /// Every parameter of the type with its value for this configuration (defaults filled in).
    public var params: [String: ParamValue]
    /// Configuration number within the model's sweep (0-based).
    public var configIndex: Int
    /// Model seed (from `seeds`).
    public var seed: UInt64
    /// K-fold test fold for `kfold` and `user_cold_start_kfold` splits (every trial of such a split carries
    /// its fold), else nil.
    public var fold: Int?
    /// 16 hex digits of FNV-1a over `canonicalText`.
    public var trialID: String

    /// The stable text that `trialID` hashes: model name and type, configuration, sorted parameters,
    /// seed and fold.
    public var canonicalText: String {
        TrialPlan.canonicalText(modelName: modelName, modelType: modelType, params: params,
                                configIndex: configIndex, seed: seed, fold: fold)
    }

    static func canonicalText(modelName: String, modelType: String, params: [String: ParamValue],
                              configIndex: Int, seed: UInt64, fold: Int?) -> String {
        let p = params.keys.sorted().map { JSONValue.quote($0) + "=" + params[$0]!.text }.joined(separator: ",")
        return "model=\(JSONValue.quote(modelName));type=\(JSONValue.quote(modelType));config=\(configIndex);"
            + "params={\(p)};seed=\(seed);fold=\(fold.map(String.init) ?? "-")"
    }

    /// Parameters as `name=value` in the order given (for tables).
    public func paramsText(order: [String]? = nil) -> String {
        (order ?? params.keys.sorted()).compactMap { k in params[k].map { "\(k)=\($0)" } }.joined(separator: " ")
    }
}
