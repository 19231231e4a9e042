import Foundation
import RecConfig
import RecSpec

/// Where the trials of a run meet at the rungs of successive halving (`early_stopping.halving`,
/// `HalvingSpec`): each trial of a halving model reports its score at every rung it reaches, and
/// asks whether it goes on.
///
/// The rule is deterministic. A trial is compared only with the trials before it in the trial order
/// within its group (same model, seed and fold: `predecessors`, fixed when the keys are made), and it
/// waits for each of them to report the rung or to end before it. So a decision depends on the
/// scores, never on which thread or process got there first; and since trials are dispatched in
/// order, the earliest unfinished trial never waits, so the waits cannot deadlock. A trial whose
/// record is already in the store (this run resumed, or another run of the experiment) counts with
/// the rung scores its record keeps (`TrialRecord.rungScores`).
///
/// Unlike ASHA's promotion, which looks at every trial that has reached a rung so far, the first
/// trials of a group are compared with few others (the first always goes on), so halving stops fewer
/// trials than a synchronous bracket would when the good configurations come late in the order.
final class HalvingBoard: @unchecked Sendable {
    /// What one trial (one key: plans sharing a key share a trial) has reported.
    private struct Member {
        /// Score at rungs 0, 1, …: higher is better; nil = no score (ranks last).
        var scores: [Double?] = []
        /// Done (finished, stopped, failed or found in the store): reports no more rungs.
        var ended = false
    }

    private var members: [String: Member] = [:]
    private var predecessors: [String: [String]] = [:]
    private let condition = NSCondition()

    /// Registers the trial `key` of a halving group with the keys of the group's trials before it.
    func register(_ key: String, after earlier: [String]) {
        condition.lock(); defer { condition.unlock() }
        predecessors[key] = earlier
        if members[key] == nil { members[key] = Member() }
    }

    /// A trial found in the store: its rung scores are final.
    func recorded(_ key: String, scores: [Double?]) {
        condition.lock(); defer { condition.unlock() }
        members[key] = Member(scores: scores, ended: true)
        condition.broadcast()
    }

    /// Trial `key` reached rung `rung` with `score`, at its last epoch (there is nothing to decide).
    func report(_ key: String, rung: Int, score: Double?) {
        condition.lock(); defer { condition.unlock() }
        append(key, rung: rung, score: score)
        condition.broadcast()
    }

    /// Trial `key` reached rung `rung` with `score`: true when it goes on, false when halving stops it.
    /// Waits until every earlier trial of the group has reported the rung or ended.
    func decide(_ key: String, rung: Int, score: Double?, reduction: Int) -> Bool {
        condition.lock(); defer { condition.unlock() }
        append(key, rung: rung, score: score)
        condition.broadcast()
        let earlier = predecessors[key] ?? []
        func pending() -> Bool {
            earlier.contains { p in members[p].map { !$0.ended && $0.scores.count <= rung } ?? false }
        }
        while pending() { condition.wait() }
        let others = earlier.compactMap { members[$0] }.filter { $0.scores.count > rung }.map { $0.scores[rung] }
        return Self.goesOn(score, among: others, reduction: reduction)
    }

    /// Trial `key` reports no more rungs (always called when a trial ends, however it ends).
    func end(_ key: String) {
        condition.lock(); defer { condition.unlock() }
        members[key, default: Member()].ended = true
        condition.broadcast()
    }

    /// Whether `score` is among the best `⌈n / reduction⌉` of itself and `others` (n scores in all),
    /// an earlier trial winning a tie; nil scores rank last.
    static func goesOn(_ score: Double?, among others: [Double?], reduction: Int) -> Bool {
        let own = score ?? -.infinity
        let ahead = others.filter { ($0 ?? -.infinity) >= own }.count
        let kept = (others.count + 1 + reduction - 1) / reduction
        return ahead < kept
    }

    private func append(_ key: String, rung: Int, score: Double?) {
        var m = members[key, default: Member()]
        if m.scores.count == rung { m.scores.append(score) }
        members[key] = m
    }
}

/// One trial's view of the board: its key, the rungs and its last epoch.
struct HalvingTicket {
    let board: HalvingBoard
    let key: String
    let spec: HalvingSpec
    /// The trial's epochs (`epochs`, or the largest `<component>.epochs`); a rung there only reports.
    let lastEpoch: Int

    /// The rung (0-based) that stands at `epoch`, if any.
    func rung(at epoch: Int) -> Int? {
        var e = spec.minEpochs, k = 0
        while e < epoch {
            let (next, overflow) = e.multipliedReportingOverflow(by: spec.reduction)
            if overflow { return nil }
            e = next; k += 1
        }
        return e == epoch ? k : nil
    }

    /// The epochs a trial of these parameters trains at most (Int.max when no parameter says).
    static func lastEpoch(of params: [String: ParamValue]) -> Int {
        if let own = params["epochs"]?.intValue { return own }
        let components = params.filter { $0.key.hasSuffix(".epochs") }.compactMap { $0.value.intValue }
        return components.max() ?? Int.max
    }
}

extension ExperimentSpec {
    /// The halving group of trial `t` (its model, seed and fold), or nil when no successive halving
    /// applies to it (a refit, a model without epochs or without `early_stopping.halving`).
    func halvingGroup(of t: TrialPlan) -> String? {
        guard !t.isRefit, models.first(where: { $0.name == t.modelName })?.epochTrained == true,
              earlyStopping(for: t.modelName)?.halving != nil else { return nil }
        return "\(t.modelName)\u{1F}\(t.seed)\u{1F}\(t.fold.map(String.init) ?? "-")"
    }
}
