import RecEval
import RecModels

extension Evaluator {
    /// Evaluates `model`: ranking metrics by scoring batches of users against every item, rating
    /// metrics through `predict` (only for models that predict ratings, on held-out data with ratings).
    /// Either result is nil when it has no metric to compute.
    func evaluate(_ model: any Recommender, ranking: [MetricRequest], rating: [MetricRequest]) throws
        -> (ranking: EvaluationResult?, rating: EvaluationResult?) {
        let r = ranking.isEmpty ? nil : try evaluate(ranking) { batch in model.score(users: batch, items: nil) }
        let p = rating.isEmpty || !model.predictsRatings || test.ratings == nil ? nil
            : try evaluateRatings(rating) { u, i in model.predict(users: u, items: i) }
        return (r, p)
    }
}
