import RecEval

/// One model's paired t-test against the reference on one test metric, Holm-adjusted over the
/// models compared on that metric: the numbers behind the † marks and the every-metric table.
///
/// d_u = reference_u − model_u over the users both evaluated (values of several seeds averaged per
/// user first), t = d̄ / (s_d / √n) on n − 1 df (`PairedTTest`); Holm (1979) over the models.
struct PairedTest: Sendable, Equatable {
    /// The compared model.
    let model: String
    /// Reference − model, averaged over users.
    let meanDifference: Double
    /// Holm-adjusted over the models compared on that metric.
    let holmP: Double

    /// Significant at 0.05 after Holm's correction.
    var isSignificant: Bool { holmP < 0.05 }

    /// `reference` against every other selected model on test `metric` (models with fewer than two
    /// paired users left out); empty when the reference has no per-user values.
    static func againstReference(_ reference: String, metric: MetricKey, selection sel: ModelSelection,
                                 records: [TrialRecord], perUser: any PerUserSource) -> [PairedTest] {
        guard let b = perUser.values(metric, split: .test, records: sel.records(of: reference, in: records)) else { return [] }
        var tests: [(String, PairedTTest)] = []
        for m in sel.models where m != reference {
            guard let o = perUser.values(metric, split: .test, records: sel.records(of: m, in: records)) else { continue }
            let (x, y) = b.paired(with: o)
            guard x.count > 1 else { continue }
            tests.append((m, PairedTTest(x, y)))
        }
        let adjusted = HolmBonferroni.adjust(tests.map(\.1.pValue))
        return zip(tests, adjusted).map { PairedTest(model: $0.0, meanDifference: $0.1.meanDifference, holmP: $1) }
    }
}

/// The reference against every other model on the selection metric (test): paired t-test and
/// Wilcoxon signed-rank test over users, each Holm-adjusted over the models.
struct SelectionTests: Sendable {
    /// One compared model.
    struct Row: Sendable {
        let model: String
        /// Users evaluated by both.
        let users: Int
        let tTest: PairedTTest
        let tHolmP: Double
        let wilcoxon: WilcoxonSignedRank
        let wilcoxonHolmP: Double
    }

    /// The selection metric.
    let metric: MetricKey
    /// The reference model.
    let reference: String
    /// Models with at least two paired users, in spec order.
    let rows: [Row]

    /// Nil when the reference has no per-user values or no model pairs with it.
    init?(metric: MetricKey, reference: String, selection sel: ModelSelection, records: [TrialRecord], perUser: any PerUserSource) {
        guard let b = perUser.values(metric, split: .test, records: sel.records(of: reference, in: records)) else { return nil }
        var entries: [(String, Int, PairedTTest, WilcoxonSignedRank)] = []
        for m in sel.models where m != reference {
            guard let o = perUser.values(metric, split: .test, records: sel.records(of: m, in: records)) else { continue }
            let (x, y) = b.paired(with: o)
            guard x.count > 1 else { continue }
            entries.append((m, x.count, PairedTTest(x, y), WilcoxonSignedRank(x, y)))
        }
        guard !entries.isEmpty else { return nil }
        let ht = HolmBonferroni.adjust(entries.map(\.2.pValue)), hw = HolmBonferroni.adjust(entries.map(\.3.pValue))
        self.metric = metric
        self.reference = reference
        rows = entries.enumerated().map { k, e in
            Row(model: e.0, users: e.1, tTest: e.2, tHolmP: ht[k], wilcoxon: e.3, wilcoxonHolmP: hw[k])
        }
    }
}
