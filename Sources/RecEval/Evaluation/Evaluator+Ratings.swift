import RecCore

extension Evaluator {
    /// Rating-prediction evaluation over every test interaction with a rating (the relevance threshold
    /// does not apply). `predict(users, items)` returns one prediction per (user, item) pair.
    ///
    /// Per-user columns hold each user's value over their own test ratings (users ascending, every user
    /// with ≥ 1 test rating; per-user R² is NaN for a user whose ratings are all equal); the summary is
    /// the value over all pairs pooled.
    public func evaluateRatings(_ requests: [MetricRequest],
                                predict: (_ users: [Int32], _ items: [Int32]) throws -> [Float]) throws -> EvaluationResult {
        guard let truthAll = test.ratings else {
            throw MetricError.wrongEvaluation(metric: requests.first?.kind.rawValue ?? "rating",
                                              detail: "the held-out interactions carry no ratings")
        }
        var metrics: [any RatingMetric] = []
        for req in requests {
            switch req.kind {
            case .rmse: metrics.append(RMSE())
            case .mae: metrics.append(MAE())
            case .r2: metrics.append(RSquared())
            default:
                throw MetricError.wrongEvaluation(metric: req.kind.rawValue,
                                                  detail: "a ranking metric; use Evaluator.evaluate")
            }
        }
        // Group the test rows by user (ascending), then predict all pairs at once.
        let positions = test.positionsByUser(userCount: train.rows)
        var users: [Int32] = [], offsets = [0], pu: [Int32] = [], pi: [Int32] = [], truth: [Float] = []
        for (u, ps) in positions.enumerated() where !ps.isEmpty {
            users.append(Int32(u))
            for p in ps { pu.append(Int32(u)); pi.append(test.items[p]); truth.append(truthAll[p]) }
            offsets.append(pu.count)
        }
        let predictions = try predict(pu, pi)
        guard predictions.count == pu.count else {
            throw MetricError.badScoreShape(expected: "\(pu.count) predictions", got: "\(predictions.count)")
        }
        var perUser: [[Double]] = [], summary: [String: Double] = [:]
        for m in metrics {
            perUser.append((0..<users.count).map { r in
                m.value(predictions: predictions[offsets[r]..<offsets[r + 1]], truth: truth[offsets[r]..<offsets[r + 1]])
            })
            summary[m.name] = m.value(predictions: predictions[...], truth: truth[...])
        }
        return EvaluationResult(users: users, columns: metrics.map(\.name), perUser: perUser,
                                summaryNames: metrics.map(\.name), summary: summary, rankings: nil)
    }
}
