/// `early_stopping.halving`: successive halving of a sweep's configurations (Jamieson & Talwalkar,
/// 2016; asynchronous form ASHA, Li et al., 2020). Rungs stand at epochs `minEpochs · reduction^k`;
/// at each rung a trial is ranked on its best validation score so far among the trials of the same
/// model, seed and fold that come before it in the trial order and reached that rung, and it goes on
/// only when it is in the best `⌈n / reduction⌉` of those `n` (ties go to the earlier trial).
///
/// ```json
/// "early_stopping": {"metric": "ndcg@10", "halving": {"min_epochs": 1, "reduction": 3}}
/// ```
///
/// The rule compares a trial only with trials before it, so its decision never depends on which
/// trial finished first: the runner makes a trial that reaches a rung wait until every earlier trial
/// of its group has reported that rung or ended before it. The trial dispatched first never waits, so
/// the wait cannot deadlock, and the same spec gives the same stops at any `parallelism.trials`.
public struct HalvingSpec: Sendable, Equatable {
    /// Epochs of the first rung (≥ 1).
    public var minEpochs: Int
    /// η: each rung is η times the epochs of the one before, and keeps 1/η of the trials (≥ 2).
    public var reduction: Int

    /// Settings as given.
    public init(minEpochs: Int, reduction: Int) { self.minEpochs = minEpochs; self.reduction = reduction }

    /// The section's keys.
    static let keys = ["min_epochs", "reduction"]

    /// Reads a `halving` object at `path`; nil when a value is rejected (recorded on `r`).
    static func read(_ node: JSONNode, at path: String, _ r: SpecReader) -> HalvingSpec? {
        guard let h = r.object(node, at: path) else { return nil }
        r.rejectUnknownKeys(h, allowed: keys, at: path, section: "halving")
        for key in keys where h[key] == nil || h[key]!.isNull {
            r.fail(.invalidValue, JSONPath.child(path, key), "halving needs \"\(key)\"",
                   fix: "write e.g. \"halving\": {\"min_epochs\": 1, \"reduction\": 3}", at: node)
        }
        let minEpochs = r.int(h, "min_epochs", at: path, in: 1...100_000)
        let reduction = r.int(h, "reduction", at: path, in: 2...1_000)
        guard let minEpochs, let reduction else { return nil }
        return HalvingSpec(minEpochs: minEpochs, reduction: reduction)
    }

    /// The epochs of the rungs below `epochs` (the last epoch is no rung: the trial ends there anyway).
    public func rungEpochs(below epochs: Int) -> [Int] {
        var rungs: [Int] = []
        var e = minEpochs
        while e < epochs {
            rungs.append(e)
            let (next, overflow) = e.multipliedReportingOverflow(by: reduction)
            if overflow { break }
            e = next
        }
        return rungs
    }

    /// The epoch of rung `k` (0-based).
    public func epoch(ofRung k: Int) -> Int {
        var e = minEpochs
        for _ in 0..<k { e = e.multipliedReportingOverflow(by: reduction).overflow ? Int.max : e * reduction }
        return e
    }

    /// The resolved object.
    var json: JSONValue { .object(["min_epochs": .int(minEpochs), "reduction": .int(reduction)]) }

    /// `halving from 1 epoch, η = 3` for plans.
    var text: String { "halving from \(minEpochs) epoch\(minEpochs == 1 ? "" : "s"), η = \(reduction)" }
}
