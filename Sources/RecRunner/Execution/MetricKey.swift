import RecEval
import RecSpec

/// One metric at one cutoff, the key of a trial's results: `ndcg@10`, `recall@20`, `rmse`.
///
/// Records, per-user files and tables store it as that text (`description`); code compares its kind
/// and cutoff, so nothing downstream splits strings on `@`. It encodes as the text, also as a
/// dictionary key, so `trials/<id>.json` reads `"ndcg@10" : 0.31` as before.
///
/// ```swift
/// let key = MetricKey(.ndcg, cutoff: 10)
/// key.description                      // "ndcg@10"
/// MetricKey("recall@20")?.cutoff       // 20
/// record.metrics[.test]?[key]          // the trial's mean NDCG@10 on test
/// ```
public struct MetricKey: Hashable, Sendable, CustomStringConvertible {
    /// Which metric.
    public let kind: MetricKind
    /// List length K, nil for metrics without one (`auc`, `rmse`, …).
    public let cutoff: Int?

    /// The key of `kind` at `cutoff`.
    public init(_ kind: MetricKind, cutoff: Int? = nil) { self.kind = kind; self.cutoff = cutoff }

    /// Parses the stored text, `name` or `name@K` (canonical names only; nil for anything else).
    public init?(_ text: String) {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard let kind = MetricKind(rawValue: String(parts[0])) else { return nil }
        if parts.count == 2 {
            guard let k = Int(parts[1]), k > 0 else { return nil }
            self.init(kind, cutoff: k)
        } else {
            self.init(kind)
        }
    }

    /// The key of a spec's metric (`selection.metric`, …); nil when it names no known metric, as
    /// the placeholder of a spec that evaluates nothing.
    public init?(_ spec: MetricSpec) {
        guard let kind = MetricKind(rawValue: spec.name) else { return nil }
        self.init(kind, cutoff: spec.cutoff)
    }

    /// `ndcg@10`, or `rmse` without a cutoff.
    public var description: String { cutoff.map { "\(kind.rawValue)@\($0)" } ?? kind.rawValue }

    /// Whether larger values are better (`MetricKind.higherIsBetter`).
    public var higherIsBetter: Bool { kind.higherIsBetter }
}

extension MetricKey: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let key = MetricKey(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown metric key '\(text)'"))
        }
        self = key
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension MetricKey: CodingKeyRepresentable {
    private struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public var codingKey: any CodingKey { Key(stringValue: description) }

    public init?<T: CodingKey>(codingKey: T) { self.init(codingKey.stringValue) }
}

/// An evaluation result the runner cannot record: a summary name that is no metric key (a metric
/// named outside `MetricKind`). The trial fails with it rather than dropping the value.
struct UnknownMetricName: Error, CustomStringConvertible {
    let name: String
    var description: String { "evaluation produced '\(name)', which is not a known metric key (name or name@K)" }
}

extension MetricRequest {
    /// The keys this request evaluates, in cutoff order: `ndcg@5,10` → `ndcg@5`, `ndcg@10`.
    public var keys: [MetricKey] {
        cutoffs.isEmpty ? [MetricKey(kind)] : cutoffs.map { MetricKey(kind, cutoff: $0) }
    }
}
