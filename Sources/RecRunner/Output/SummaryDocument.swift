import Foundation

/// `summary.json`, what `reclab compare` reads: the run's name and fingerprint, the selection
/// metric, the best and reference models, and per model its selected configuration, trial ids
/// and mean metrics per split (test from the reported records, validation from the sweep's).
///
/// ```swift
/// let doc = try SummaryDocument.read(folder: run)
/// doc.models[0].metrics[.test]?[MetricKey(.ndcg, cutoff: 10)]
/// ```
struct SummaryDocument: Codable, Equatable {
    /// One model's entry.
    struct Model: Codable, Equatable {
        var model: String
        /// Model type (empty when it has no successful trial).
        var type: String
        /// Parameters of the selected configuration, `a=1, b=x`.
        var parameters: String
        /// Ids of the records behind the test figures.
        var trials: [String]
        /// Whether those are refit trials.
        var refit: Bool
        /// Split → metric → mean over the records (splits and metrics without values left out).
        var metrics: [EvaluationSplit: [MetricKey: Double]]
    }

    var name: String
    var fingerprint: String
    /// The spec's selection metric as written (`ndcg@10`).
    var selectionMetric: String
    var bestModel: String?
    var referenceModel: String?
    var models: [Model]

    enum CodingKeys: String, CodingKey {
        case name, fingerprint, models
        case selectionMetric = "selection_metric", bestModel = "best_model", referenceModel = "reference_model"
    }

    /// The document of `analysis`.
    init(_ analysis: RunAnalysis) {
        let spec = analysis.spec, sel = analysis.selection
        name = spec.name
        fingerprint = spec.fingerprint
        selectionMetric = spec.selection.metric.description
        bestModel = analysis.bestModel
        referenceModel = analysis.reference
        models = spec.models.map(\.name).map { m in
            let rs = sel.records(of: m, in: analysis.records)
            let sweep = sel.sweepRecords(of: m, in: analysis.records)
            var means: [EvaluationSplit: [MetricKey: Double]] = [:]
            for split in analysis.splits {
                for name in analysis.metrics {
                    let vs = (split == .test ? rs : sweep).compactMap { $0.metrics[split]?[name] }
                    if !vs.isEmpty { means[split, default: [:]][name] = vs.reduce(0, +) / Double(vs.count) }
                }
            }
            return Model(model: m, type: rs.first?.type ?? "", parameters: rs.first?.reportedParameterText ?? "",
                         trials: rs.map(\.id), refit: rs.contains(where: \.isRefit), metrics: means)
        }
    }

    /// The `summary.json` of the run in `folder`.
    static func read(folder: String) throws -> SummaryDocument {
        try JSONDecoder().decode(SummaryDocument.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/summary.json")))
    }

    /// Writes the best and reference models as null when there are none (the synthesised
    /// encoder would leave the keys out).
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(fingerprint, forKey: .fingerprint)
        try c.encode(selectionMetric, forKey: .selectionMetric)
        try c.encode(bestModel, forKey: .bestModel)
        try c.encode(referenceModel, forKey: .referenceModel)
        try c.encode(models, forKey: .models)
    }
}

/// JSON files of a run (`summary.json`, `manifest.json`): encoded through `Codable`, laid out
/// pretty-printed with sorted keys.
enum JSONFile {
    /// The bytes of `value`. `JSONEncoder` encodes; `JSONSerialization` lays the text out, because
    /// its sorted keys compare numbers within keys (`ndcg@5` before `ndcg@10`) where swift-foundation's
    /// `JSONEncoder.sortedKeys` compares code points, and the run files have always been in that order.
    static func data<T: Encodable>(_ value: T) throws -> Data {
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value), options: [.fragmentsAllowed])
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }
}
