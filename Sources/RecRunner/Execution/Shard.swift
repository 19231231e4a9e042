import RecSpec

/// One of `count` disjoint parts of a run's sweep trials (`reclab run SPEC --shard I/N`), so that
/// several processes — on one machine or on cluster nodes sharing the run folder — can train the
/// trials of one spec between them. The parts are deterministic and balanced by expected cost:
/// the longest-processing-time rule (Graham, 1969) over `cost`, each trial in turn (costliest first,
/// then plan order) to the part with the least cost so far (the lowest index on ties).
///
/// ```swift
/// let mine = Shard(index: 1, count: 4).select(trials) { Double($0.params["epochs"]?.intValue ?? 1) }
/// ```
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 0-based: 0 ..< count (`$SLURM_ARRAY_TASK_ID` of an array `0-(N-1)`).
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1, (0..<count).contains(index) else { throw ShardError(text: "\(index)/\(count)") }
        self.index = index
        self.count = count
    }

    /// Parses `I/N`.
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { throw ShardError(text: text) }
        try self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// The part of `trials` this shard runs, in their order. Trials for which `unit` gives the same
    /// name go to the same shard as one unit costing their sum (successive halving's groups, whose
    /// trials wait for each other's rung scores); nil keeps a trial on its own.
    public func select<Trial>(_ trials: [Trial], unit: (Trial) -> String? = { _ in nil }, cost: (Trial) -> Double) -> [Trial] {
        var units: [[Int]] = []
        var named: [String: Int] = [:]
        for i in trials.indices {
            if let name = unit(trials[i]) {
                if let u = named[name] { units[u].append(i); continue }
                named[name] = units.count
            }
            units.append([i])
        }
        let costs = units.map { $0.reduce(0) { $0 + max(0, cost(trials[$1])) } }
        let order = units.indices.sorted { costs[$0] != costs[$1] ? costs[$0] > costs[$1] : $0 < $1 }
        var load = [Double](repeating: 0, count: count)
        var mine = Set<Int>()
        for u in order {
            let part = load.indices.min { load[$0] != load[$1] ? load[$0] < load[$1] : $0 < $1 }!
            load[part] += costs[u]
            if part == index { mine.formUnion(units[u]) }
        }
        return trials.indices.filter(mine.contains).map { trials[$0] }
    }

    /// The expected cost of a trial: its epochs (1 for models not trained by epochs, and for
    /// deterministic ones) times the size of its fold's training data.
    static func cost(_ t: TrialPlan, spec: ExperimentSpec, trainingSize: (Int?) -> Int) -> Double {
        let model = spec.models.first { $0.name == t.modelName }
        let epochs = model?.epochTrained == true ? Double(t.params["epochs"]?.intValue ?? 1) : 1
        return epochs * Double(max(1, trainingSize(t.fold)))
    }
}

/// A `--shard` that is not `I/N` with 0 ≤ I < N.
public struct ShardError: Error, CustomStringConvertible {
    let text: String
    public var description: String { "--shard \(text): expected I/N with 0 ≤ I < N (e.g. 0/4 … 3/4)" }
}
