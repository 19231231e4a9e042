/// One configuration of one model in the sweep, with its selection score (`ModelSelection.scores`).
struct ConfigurationScore: Sendable {
    let model: String
    /// Index within the model's sweep.
    let index: Int
    /// Whether it is the model's selected configuration.
    let isSelected: Bool
    /// Parameters as `a=1, b=x`.
    let parameters: String
    /// Mean selection metric over its trials on the selection split (NaN when missing).
    let score: Double
    /// Successful and all sweep trials.
    let succeeded: Int, trials: Int
    /// Mean wall time per trial, seconds.
    let meanSeconds: Double

    /// Every sweep configuration (refits excluded), models in spec order, configurations by index.
    static func all(selection sel: ModelSelection, records: [TrialRecord]) -> [ConfigurationScore] {
        sel.models.flatMap { m in
            let configs = Dictionary(grouping: records.filter { $0.model == m && !$0.isRefit }, by: \.configIndex)
            return configs.keys.sorted().map { c in
                let rs = configs[c]!
                return ConfigurationScore(model: m, index: c, isSelected: sel.best[m] == c, parameters: rs[0].parameterText,
                                          score: sel.scores[m]?[c] ?? .nan, succeeded: rs.filter { $0.status == "ok" }.count,
                                          trials: rs.count, meanSeconds: rs.map(\.seconds).reduce(0, +) / Double(rs.count))
            }
        }
    }
}
