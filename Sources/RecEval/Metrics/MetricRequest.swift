/// The metrics RecLab knows, by their spec names.
public enum MetricKind: String, Sendable, Codable, CaseIterable {
    case precision, recall, f1, ndcg, map, mrr, hit, auc
    /// NDCG with the rating as linear gain; `ndcg_exponential` uses 2^rating − 1.
    case ndcgGraded = "ndcg_graded", ndcgExponential = "ndcg_exponential"
    case rmse, mae, r2
    case coverage, gini, novelty, diversity, arp

    /// Other spellings accepted by `MetricRequest.parse`.
    static let aliases: [String: MetricKind] = [
        "hitrate": .hit, "hit_rate": .hit, "hr": .hit, "ild": .diversity, "r_squared": .r2,
        "item_coverage": .coverage, "average_popularity": .arp, "p": .precision, "ap": .map,
    ]

    /// Whether the metric reads top-K lists and needs a cutoff.
    public var needsCutoff: Bool { ![.auc, .rmse, .mae, .r2].contains(self) }
    /// Whether the metric compares predicted with true ratings.
    public var isRatingMetric: Bool { [.rmse, .mae, .r2].contains(self) }
    /// Whether larger values are better: false for the error metrics (RMSE, MAE), true for the rest (R² included).
    public var higherIsBetter: Bool { self != .rmse && self != .mae }
    /// Whether the metric has one value over all users (no per-user value).
    public var isAggregate: Bool { self == .coverage || self == .gini }
}

/// One requested metric with its cutoffs, as written in specs: `ndcg@5,10,20`, `auc`, `rmse`.
///
/// ```swift
/// try MetricRequest.parse("ndcg@5,10,20")          // ndcg at 5, 10 and 20
/// try MetricRequest.parseList("ndcg@10,20 recall@10; auc")
/// try MetricRequest.parse("ndgc@10")               // MetricError.unknownMetric(… suggestion: "ndcg")
/// ```
public struct MetricRequest: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Which metric.
    public var kind: MetricKind
    /// Cutoffs K (empty for metrics without one).
    public var cutoffs: [Int]

    /// A request; cutoffs must be positive, and present exactly when the metric needs them.
    public init(_ kind: MetricKind, cutoffs: [Int] = []) throws {
        if kind.needsCutoff && cutoffs.isEmpty { throw MetricError.missingCutoff(metric: kind.rawValue) }
        if !kind.needsCutoff && !cutoffs.isEmpty { throw MetricError.unexpectedCutoff(metric: kind.rawValue) }
        if let bad = cutoffs.first(where: { $0 <= 0 }) { throw MetricError.invalidCutoff(text: "\(kind.rawValue)@\(bad)") }
        self.kind = kind; self.cutoffs = cutoffs
    }

    /// The spec spelling, `ndcg@5,10`.
    public var description: String {
        cutoffs.isEmpty ? kind.rawValue : "\(kind.rawValue)@" + cutoffs.map(String.init).joined(separator: ",")
    }

    /// Parses one request: `name` or `name@K1,K2,…` (case-insensitive, spaces ignored).
    public static func parse(_ text: String) throws -> MetricRequest {
        let t = text.filter { !$0.isWhitespace }.lowercased()
        let parts = t.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        guard let kind = MetricKind(rawValue: name) ?? MetricKind.aliases[name] else {
            throw MetricError.unknownMetric(name: name, suggestion: suggestion(for: name))
        }
        var cutoffs: [Int] = []
        if parts.count == 2 {
            for piece in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
                guard let k = Int(piece), k > 0 else { throw MetricError.invalidCutoff(text: text) }
                if !cutoffs.contains(k) { cutoffs.append(k) }
            }
        }
        return try MetricRequest(kind, cutoffs: cutoffs)
    }

    /// Parses several requests separated by `;` or whitespace, or by commas when the next token is a
    /// name: `"ndcg@5,10,recall@20 auc"` → ndcg@5,10; recall@20; auc.
    public static func parseList(_ text: String) throws -> [MetricRequest] {
        var groups: [String] = []
        for token in text.split(whereSeparator: { $0 == ";" || $0 == "," || $0.isWhitespace }) {
            if Int(token) != nil, !groups.isEmpty { groups[groups.count - 1] += ",\(token)" }
            else { groups.append(String(token)) }
        }
        return try groups.map(parse)
    }

    /// The nearest known name by edit distance (aliases included), if it is close enough to be a typo.
    static func suggestion(for name: String) -> String? {
        let names = MetricKind.allCases.map(\.rawValue) + MetricKind.aliases.keys.sorted()
        let scored = names.map { ($0, editDistance(name, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
        return best.1 <= max(2, name.count / 2) ? best.0 : nil
    }

    /// Damerau–Levenshtein (optimal string alignment) distance, so transpositions (`ndgc`) cost 1.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count]
    }
}

/// Errors from metric requests and evaluation setup, with the fix in the message.
public enum MetricError: Error, Equatable, CustomStringConvertible {
    /// The name is not a known metric.
    case unknownMetric(name: String, suggestion: String?)
    /// A list metric was requested without `@K`.
    case missingCutoff(metric: String)
    /// A metric without cutoff (auc, rmse, …) was given `@K`.
    case unexpectedCutoff(metric: String)
    /// A cutoff is not a positive integer.
    case invalidCutoff(text: String)
    /// Diversity was requested but no item features were given, or features are unusable.
    case invalidFeatures(String)
    /// A metric was requested from the wrong evaluation entry point.
    case wrongEvaluation(metric: String, detail: String)
    /// The scorer returned a matrix of the wrong shape.
    case badScoreShape(expected: String, got: String)

    public var description: String {
        switch self {
        case let .unknownMetric(n, s):
            let known = MetricKind.allCases.map(\.rawValue).joined(separator: ", ")
            return "unknown metric '\(n)'" + (s.map { "; did you mean '\($0)'?" } ?? "") + " (known: \(known))"
        case .missingCutoff(let m): return "metric '\(m)' needs a cutoff, e.g. '\(m)@10'"
        case .unexpectedCutoff(let m): return "metric '\(m)' takes no cutoff; write '\(m)'"
        case .invalidCutoff(let t): return "'\(t)': cutoffs must be positive integers, e.g. 'ndcg@5,10,20'"
        case .invalidFeatures(let d): return "item features: \(d)"
        case let .wrongEvaluation(m, d): return "metric '\(m)': \(d)"
        case let .badScoreShape(e, g): return "scorer returned a \(g) matrix; expected \(e)"
        }
    }
}
