import RecEval
import RecReport

/// Paired t-tests between every two selected models on one test metric, Holm–Bonferroni over
/// all pairs: the matrix the report draws as a heat map (the tables test against one reference).
/// Each model's per-user values (averaged over its seeds) are read once.
enum AllPairsTests {
    /// Nil when fewer than two models have per-user values of `metric`.
    static func compute(metric: MetricKey, selection sel: ModelSelection, records: [TrialRecord], perUser: any PerUserSource) -> PairwiseTests? {
        let values: [(String, PerUserValues)] = sel.models.compactMap { m in
            perUser.values(metric, split: .test, records: sel.records(of: m, in: records)).map { (m, $0) }
        }
        guard values.count > 1 else { return nil }
        var tests: [(String, String, PairedTTest)] = []
        for i in values.indices {
            for j in values.indices where j > i {
                let (x, y) = values[i].1.paired(with: values[j].1)
                guard x.count > 1 else { continue }
                tests.append((values[i].0, values[j].0, PairedTTest(x, y)))
            }
        }
        let holm = HolmBonferroni.adjust(tests.map(\.2.pValue))
        let pairs = zip(tests, holm).map { t, h in
            PairwiseTests.Pair(a: t.0, b: t.1, meanDifference: t.2.meanDifference, p: t.2.pValue, holmP: h, effect: t.2.cohensDz, users: t.2.n)
        }
        return PairwiseTests(metric: metric.description, models: values.map(\.0), pairs: pairs)
    }
}
