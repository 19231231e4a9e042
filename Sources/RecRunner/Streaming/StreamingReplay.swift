import Foundation
import RecCore
import RecData
import RecModels
import RecSpec

/// Prequential ("test-then-learn") evaluation of a spec's models on its data in time order — the
/// protocol of Alpenglow and StreamingRec, and what `reclab replay SPEC` runs.
///
/// The interactions are ordered by timestamp (ties in file order) and cut at `streaming.cut`: each
/// model (its first configuration, the spec's first seed) trains on those before the cut. The rest
/// are replayed one at a time: the event's user is recommended to *before* the event is revealed, the
/// revealed item's rank among the items the user has not had gives hit@k and ndcg@k, and then the
/// event joins the user's history. Three ways of letting the model see it are compared on the same
/// events:
///
/// - `static`: the model stays as trained (the history only excludes what the user has had);
/// - `fold_in`: the user's state is recomputed from their history after every event
///   (`FoldsInUsers`: iALS and biased MF re-solve the user, neighbourhood and linear models read the
///   history) — what `reclab serve` does;
/// - `retrain`: the model is trained again from scratch on everything seen every
///   `streaming.retrain_every` events, static in between.
///
/// An event whose user has no earlier interaction cannot be personalised by any mode and is not
/// scored (it is still revealed); nor is an item the user already had (a repeat).
public struct StreamingReplay: Sendable {
    /// One model under one mode.
    public struct Row: Codable, Sendable {
        public var model: String
        public var mode: String
        /// Events scored (the same set for every mode).
        public var events: Int
        public var hit: Double
        public var ndcg: Double
        /// Wall time of the replay (training before the cut excluded).
        public var seconds: Double
        /// Per time window: events, hit@k, ndcg@k.
        public var windows: [Window]
    }

    /// One time window of a row.
    public struct Window: Codable, Sendable {
        /// Window start (Unix seconds).
        public var start: Int64
        public var events: Int
        public var hit: Double
        public var ndcg: Double
    }

    /// What a replay measured.
    public struct Result: Codable, Sendable {
        public var dataset: String
        public var trainEvents: Int
        public var replayedEvents: Int
        public var cutTime: Int64
        public var cutoff: Int
        public var retrainEvery: Int
        public var rows: [Row]
    }

    /// The spec.
    public let spec: ExperimentSpec
    /// Datasets root (known datasets and the cache).
    public let datasetsRoot: String
    /// Progress lines.
    public let log: @Sendable (String) -> Void

    /// A replay of `spec`.
    public init(spec: ExperimentSpec, datasetsRoot: String = "datasets", log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.spec = spec; self.datasetsRoot = datasetsRoot; self.log = log
    }

    /// Replays every model of the spec under every mode it supports.
    public func run() throws -> Result {
        let data = try DataPipeline(log: log).run(try spec.unsplitDataRequest(root: datasetsRoot)).dataset
        let all = data.interactions
        guard let times = all.timestamps else {
            throw DataError.invalidOption(name: "streaming", detail: "dataset \(data.name) has no timestamps: a replay needs the time order")
        }
        let order = (0..<all.count).sorted { times[$0] != times[$1] ? times[$0] < times[$1] : $0 < $1 }
        let cut = Int(spec.streaming.cut * Double(order.count))
        guard cut > 0 && cut < order.count else { throw DataError.emptyResult(detail: "streaming.cut leaves no training or no replayed events") }
        func table(_ rows: ArraySlice<Int>) -> InteractionTable {
            InteractionTable(users: rows.map { all.users[$0] }, items: rows.map { all.items[$0] },
                             ratings: all.ratings.map { r in rows.map { r[$0] } }, timestamps: rows.map { times[$0] })
        }
        let before = table(order[..<cut]), replay = table(order[cut...])
        let plans = try spec.trials()
        var rows: [Row] = []
        for model in spec.models {
            guard let plan = plans.first(where: { $0.modelName == model.name && !$0.isRefit }) else { continue }
            var modes = ["static", "fold_in"]
            if spec.streaming.retrainEvery > 0 { modes.append("retrain") }
            for mode in modes {
                let started = Date()
                guard let row = try replayOne(plan, mode: mode, dataset: data, before: before, replay: replay) else { continue }
                log("replay: \(model.name) \(mode): hit@\(spec.streaming.cutoff) \(String(format: "%.4f", row.hit)), "
                    + "ndcg@\(spec.streaming.cutoff) \(String(format: "%.4f", row.ndcg)) over \(row.events) events (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
                rows.append(row)
            }
        }
        return Result(dataset: data.name, trainEvents: before.count, replayedEvents: replay.count, cutTime: replay.timestamps?.first ?? 0,
                      cutoff: spec.streaming.cutoff, retrainEvery: spec.streaming.retrainEvery, rows: rows)
    }

    /// One model under one mode; nil when the model cannot take the mode (fold-in of a model that does not fold in).
    func replayOne(_ plan: TrialPlan, mode: String, dataset: Dataset, before: InteractionTable, replay: InteractionTable) throws -> Row? {
        func trained(on table: InteractionTable) throws -> any Recommender {
            let model = try ModelRegistry.make(type: plan.modelType, parameters: plan.params, seed: plan.seed)
            try model.fit(TrainingData(dataset: dataset, train: table, validation: .empty(like: table)), observer: nil)
            return model
        }
        var model = try trained(on: before)
        let folding = model as? any FoldsInUsers
        if mode == "fold_in" && folding == nil { return nil }
        let start = Date()
        var history = [[Int32: Float]](repeating: [:], count: dataset.userCount)
        for k in 0..<before.count { history[Int(before.users[k])][before.items[k]] = before.ratings?[k] ?? 1 }
        var seen = before
        let k = spec.streaming.cutoff, window = Int64(spec.streaming.windowDays * 86_400)
        let t0 = replay.timestamps?.first ?? 0
        var events = 0, hits = 0.0, gains = 0.0, sinceRetrain = 0
        var windows: [Int64: (events: Int, hits: Double, gains: Double)] = [:]
        for e in 0..<replay.count {
            let u = replay.users[e], i = replay.items[e], value = replay.ratings?[e] ?? 1
            if !history[Int(u)].isEmpty && history[Int(u)][i] == nil {
                let scores = model.score(users: [u], items: nil).storage
                let rank = Self.rank(of: Int(i), in: scores, excluding: history[Int(u)])
                let hit = rank <= k ? 1.0 : 0.0, gain = rank <= k ? 1 / log2(Double(rank) + 1) : 0
                events += 1; hits += hit; gains += gain
                let w = ((replay.timestamps?[e] ?? t0) - t0) / max(1, window)
                windows[w, default: (0, 0, 0)].events += 1
                windows[w]!.hits += hit; windows[w]!.gains += gain
            }
            history[Int(u)][i] = value
            switch mode {
            case "fold_in":
                let entries = history[Int(u)].sorted { $0.key < $1.key }
                folding!.foldIn(user: u, items: entries.map(\.key), values: entries.map(\.value))
            case "retrain":
                seen.users.append(u); seen.items.append(i)
                seen.ratings?.append(value); seen.timestamps?.append(replay.timestamps?[e] ?? 0)
                sinceRetrain += 1
                if sinceRetrain == spec.streaming.retrainEvery {
                    model = try trained(on: seen)
                    sinceRetrain = 0
                }
            default: break
            }
        }
        let n = Double(max(1, events))
        return Row(model: plan.modelName, mode: mode, events: events, hit: hits / n, ndcg: gains / n,
                   seconds: Date().timeIntervalSince(start),
                   windows: windows.keys.sorted().map { w in
                       let v = windows[w]!
                       return Window(start: t0 + w * window, events: v.events, hit: v.hits / Double(max(1, v.events)), ndcg: v.gains / Double(max(1, v.events)))
                   })
    }

    /// 1-based rank of `item` among the items not in `excluded`, by score (ties: lower index first),
    /// the order `Ranker` uses.
    static func rank(of item: Int, in scores: [Float], excluding excluded: [Int32: Float]) -> Int {
        let s = scores[item]
        var rank = 1
        for j in scores.indices where j != item && excluded[Int32(j)] == nil {
            if scores[j] > s || (scores[j] == s && j < item) { rank += 1 }
        }
        return rank
    }
}
