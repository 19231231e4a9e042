import RecCore

/// Requests turned into metric instances: per-user metrics in request order, aggregate metrics, and
/// the list length the ranker must produce.
struct EvaluationPlan: Sendable {
    var metrics: [any Metric] = []
    var aggregates: [any AggregateMetric] = []
    /// Summary names in request order.
    var order: [String] = []
    var maxK = 1
    let itemCount: Int

    init(requests: [MetricRequest], evaluator: Evaluator) throws {
        itemCount = evaluator.itemCount
        for req in requests {
            if req.kind.isRatingMetric {
                throw MetricError.wrongEvaluation(metric: req.kind.rawValue,
                                                  detail: "a rating metric; use Evaluator.evaluateRatings")
            }
            if req.kind == .auc { metrics.append(AUC()); order.append("auc"); continue }
            for k in req.cutoffs {
                maxK = max(maxK, k)
                switch req.kind {
                case .precision: metrics.append(Precision(cutoff: k))
                case .recall: metrics.append(Recall(cutoff: k))
                case .f1: metrics.append(F1(cutoff: k))
                case .ndcg: metrics.append(NDCG(cutoff: k))
                case .ndcgGraded: metrics.append(NDCG(cutoff: k, gain: .graded))
                case .ndcgExponential: metrics.append(NDCG(cutoff: k, gain: .exponential))
                case .map: metrics.append(MAP(cutoff: k))
                case .mrr: metrics.append(MRR(cutoff: k))
                case .hit: metrics.append(HitRate(cutoff: k))
                case .novelty:
                    metrics.append(Novelty(cutoff: k, itemCounts: evaluator.itemCounts, userCount: max(1, evaluator.train.rows)))
                case .arp: metrics.append(AveragePopularity(cutoff: k, itemCounts: evaluator.itemCounts))
                case .diversity:
                    guard let f = evaluator.itemFeatures else {
                        throw MetricError.invalidFeatures("'diversity' needs item features (Evaluator.itemFeatures)")
                    }
                    guard f.matrix.rows == evaluator.itemCount else {
                        throw MetricError.invalidFeatures("\(f.matrix.rows) feature rows for \(evaluator.itemCount) items")
                    }
                    metrics.append(IntraListDiversity(cutoff: k, features: f))
                case .coverage: aggregates.append(ItemCoverage(cutoff: k))
                case .gini: aggregates.append(GiniIndex(cutoff: k))
                case .auc, .rmse, .mae, .r2: break
                }
                order.append(req.kind.isAggregate ? aggregates.last!.name : metrics.last!.name)
            }
        }
    }

    /// Packs flat values (`values[c * n + u]`) into a result with means and aggregates.
    func result(users: [Int32], values: [Double], lists: RankedLists) -> EvaluationResult {
        let n = users.count
        var perUser: [[Double]] = [], summary: [String: Double] = [:]
        for (c, m) in metrics.enumerated() {
            let col = Array(values[(c * n)..<((c + 1) * n)])
            perUser.append(col)
            summary[m.name] = n == 0 ? .nan : col.reduce(0, +) / Double(n)
        }
        for a in aggregates { summary[a.name] = a.value(lists: lists, itemCount: itemCount) }
        var seen = Set<String>()
        let names = order.filter { seen.insert($0).inserted }
        return EvaluationResult(users: users, columns: metrics.map(\.name), perUser: perUser,
                                summaryNames: names, summary: summary, rankings: lists)
    }
}
