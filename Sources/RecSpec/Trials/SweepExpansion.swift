import RecCore

/// Sweep expansion: each model's configurations × folds × seeds become trials.
///
/// - Grid: the Cartesian product of list-valued parameters, the first parameter in registry order
///   varying slowest; scalars are fixed.
/// - Random: `count` distinct configurations. Configuration `c` draws parameter `p` from its own
///   generator `SeededGenerator.derived(seed: s_c, stream: FNV1a(p))`, where `s_c` is the first draw
///   of `SeededGenerator.derived(seed: sweepSeed, stream: c)`. So a first draw depends only on the
///   sweep seed, the configuration number and the parameter name — not on key order, not on how
///   many configurations there are. A draw that repeats an earlier configuration is redrawn with
///   the stream's next seed; after `maximumRedraws`, a finite space gives one of its combinations
///   not drawn yet (chosen by the stream), so repeats happen only in a continuous space, by chance.
extension ExperimentSpec {
    /// Every trial of the experiment, model by model (spec order), then configuration, then fold,
    /// then seed. A deterministic model (`ModelSpec.deterministic`) gets the first seed only: every
    /// other seed would train the same model again.
    public func trials() throws(SpecErrorList) -> [TrialPlan] {
        var plans: [TrialPlan] = []
        for model in models {
            plans += trials(of: model, configurations: ExperimentSpec.configurations(of: model), firstConfig: 0, firstIndex: plans.count)
        }
        var seen: [String: Int] = [:]
        for plan in plans {
            if let other = seen[plan.trialID] {
                throw SpecErrorList(errors: [SpecError(.duplicate, path: "models", message:
                    "trials \(other) and \(plan.index) share the ID \(plan.trialID) (hash collision)")], source: name)
            }
            seen[plan.trialID] = plan.index
        }
        return plans
    }

    /// The trials of `configurations` of `model`, numbered from `firstConfig` (configurations) and
    /// `firstIndex` (trials): every fold, then seed (the first only for a deterministic model).
    /// A TPE sweep's later configurations become trials through this as they are proposed.
    public func trials(of model: ModelSpec, configurations: [[String: ParamValue]], firstConfig: Int, firstIndex: Int) -> [TrialPlan] {
        var plans: [TrialPlan] = []
        let folds: [Int?] = split.folds ?? [nil]
        for (k, params) in configurations.enumerated() {
            let c = firstConfig + k
            for fold in folds {
                for seed in model.deterministic ? Array(seeds.prefix(1)) : seeds {
                    let id = FNV1a.hex(TrialPlan.canonicalText(modelName: model.name, modelType: model.type, params: params,
                                                               configIndex: c, seed: seed, fold: fold))
                    plans.append(TrialPlan(index: firstIndex + plans.count, modelName: model.name, modelType: model.type, params: params,
                                           configIndex: c, seed: seed, fold: fold, trialID: id))
                }
            }
        }
        return plans
    }

    /// The parameter assignments of a model's sweep, in configuration order (a TPE sweep: its
    /// random start-up configurations; the rest are proposed during the run).
    public static func configurations(of model: ModelSpec) -> [[String: ParamValue]] {
        switch model.sweep {
        case .grid:
            return product(model.sweepParameters) { p in
                switch p.values {
                case .fixed(let v): return [v]
                case .list(let vs), .choice(let vs): return vs
                case .uniform, .logUniform: return []  // rejected by validation for grids
                }
            }
        case .tpe(_, let seed, let startup):
            var random = model
            random.sweep = .random(count: startup, seed: seed)
            return configurations(of: random)
        case .random(let count, let seed):
            // A configuration that repeats an earlier one is drawn again from the next seed of its own
            // stream (a few times at most), so `count` configurations are distinct whenever the space
            // allows; the first draw is unchanged, so sweeps without repeats keep their configurations.
            var configs: [[String: ParamValue]] = []
            var seen = Set<[String: ParamValue]>()
            for c in 0..<count {
                var stream = SeededGenerator.derived(seed: seed, stream: UInt64(c))
                var config: [String: ParamValue] = [:]
                var fresh = false
                for _ in 0..<maximumRedraws {
                    let configSeed = stream.next()
                    config = [:]
                    for p in model.sweepParameters {
                        var rng = SeededGenerator.derived(seed: configSeed, stream: FNV1a.hash(p.name))
                        config[p.name] = draw(p, using: &rng)
                    }
                    if seen.insert(config).inserted { fresh = true; break }
                }
                if !fresh, let space = finiteSpace(of: model) {
                    let unseen = space.filter { !seen.contains($0) }
                    if !unseen.isEmpty {
                        config = unseen[Int(stream.next() % UInt64(unseen.count))]
                        seen.insert(config)
                    }
                }
                configs.append(config)
            }
            return configs
        }
    }

    /// Draws of one random configuration before a repeat is kept.
    static let maximumRedraws = 64

    /// Every configuration of a finite space (lists, choices, integer ranges) of at most 100000,
    /// in grid order; nil otherwise.
    static func finiteSpace(of model: ModelSpec) -> [[String: ParamValue]]? {
        guard let n = distinctConfigurations(of: model), n <= 100_000 else { return nil }
        return product(model.sweepParameters) { p in
            switch p.values {
            case .fixed(let v): return [v]
            case .list(let vs), .choice(let vs): return vs
            case .uniform(let lo, let hi), .logUniform(let lo, let hi):
                let a = Int(lo.rounded(.up)), b = Int(hi.rounded(.down))
                return a <= b ? (a...b).map { .int($0) } : []
            }
        }
    }

    /// The Cartesian product of each parameter's `values`, the first parameter varying slowest.
    static func product(_ parameters: [ParameterSpec], values: (ParameterSpec) -> [ParamValue]) -> [[String: ParamValue]] {
        var configs: [[String: ParamValue]] = [[:]]
        for p in parameters {
            let vs = values(p)
            configs = configs.flatMap { base in vs.map { v in base.merging([p.name: v]) { $1 } } }
        }
        return configs
    }

    /// The number of distinct configurations a random sweep can draw, when every swept parameter
    /// takes finitely many values (lists, choices, integer ranges); nil when one is continuous.
    public static func distinctConfigurations(of model: ModelSpec) -> Int? {
        var total = 1
        for p in model.sweepParameters {
            let n: Int?
            switch p.values {
            case .fixed: n = 1
            case .list(let vs), .choice(let vs): n = Set(vs.map(\.description)).count
            case .uniform(let lo, let hi), .logUniform(let lo, let hi):
                // Integer ranges are counted while they fit comfortably in an Int.
                n = p.kind == .int && abs(lo) < 1e15 && abs(hi) < 1e15 ? max(1, Int(hi.rounded(.down)) - Int(lo.rounded(.up)) + 1) : nil
            }
            guard let n else { return nil }
            total = total.multipliedReportingOverflow(by: n).overflow ? Int.max : total * n
        }
        return total
    }

    private static func draw(_ p: ParameterSpec, using rng: inout SeededGenerator) -> ParamValue {
        switch p.values {
        case .fixed(let v): return v
        case .list(let vs), .choice(let vs): return vs[rng.nextInt(below: vs.count)]
        case .uniform(let lo, let hi):
            if p.kind == .int {
                let a = Int(lo.rounded(.up)), b = Int(hi.rounded(.down))
                return .int(a + rng.nextInt(below: b - a + 1))
            }
            return .double(min(hi, lo + (hi - lo) * rng.nextDouble()))
        case .logUniform(let lo, let hi):
            let x = exp(log(lo) + (log(hi) - log(lo)) * rng.nextDouble())
            if p.kind == .int {
                let a = lo.rounded(.up), b = hi.rounded(.down)
                return .int(Int(Swift.max(a, Swift.min(b, x.rounded()))))
            }
            return .double(Swift.max(lo, Swift.min(hi, x)))
        }
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
