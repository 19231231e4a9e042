import RecCore

/// Sweep expansion: each model's configurations × folds × seeds become trials.
///
/// - Grid: the Cartesian product of list-valued parameters, the first parameter in registry order
///   varying slowest; scalars are fixed.
/// - Random: `count` configurations. Configuration `c` draws parameter `p` from its own generator
///   `SeededGenerator.derived(seed: s_c, stream: FNV1a(p))`, where `s_c` is the first draw of
///   `SeededGenerator.derived(seed: sweepSeed, stream: c)`. So every draw depends only on the sweep
///   seed, the configuration number and the parameter name — not on key order, not on how many
///   configurations there are, and not on the other parameters.
extension ExperimentSpec {
    /// Every trial of the experiment, model by model (spec order), then configuration, then fold,
    /// then seed. A deterministic model (`ModelSpec.deterministic`) gets the first seed only: every
    /// other seed would train the same model again.
    public func trials() throws(SpecErrorList) -> [TrialPlan] {
        var plans: [TrialPlan] = []
        let folds: [Int?] = split.folds ?? [nil]
        for model in models {
            for (c, params) in ExperimentSpec.configurations(of: model).enumerated() {
                for fold in folds {
                    for seed in model.deterministic ? Array(seeds.prefix(1)) : seeds {
                        let id = FNV1a.hex(TrialPlan.canonicalText(modelName: model.name, modelType: model.type, params: params,
                                                                   configIndex: c, seed: seed, fold: fold))
                        plans.append(TrialPlan(index: plans.count, modelName: model.name, modelType: model.type, params: params,
                                               configIndex: c, seed: seed, fold: fold, trialID: id))
                    }
                }
            }
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

    /// The parameter assignments of a model's sweep, in configuration order.
    public static func configurations(of model: ModelSpec) -> [[String: ParamValue]] {
        switch model.sweep {
        case .grid:
            var configs: [[String: ParamValue]] = [[:]]
            for p in model.sweepParameters {
                let values: [ParamValue]
                switch p.values {
                case .fixed(let v): values = [v]
                case .list(let vs), .choice(let vs): values = vs
                case .uniform, .logUniform: values = []  // rejected by validation for grids
                }
                configs = configs.flatMap { base in values.map { v in base.merging([p.name: v]) { $1 } } }
            }
            return configs
        case .random(let count, let seed):
            return (0..<count).map { c in
                var stream = SeededGenerator.derived(seed: seed, stream: UInt64(c))
                let configSeed = stream.next()
                var config: [String: ParamValue] = [:]
                for p in model.sweepParameters {
                    var rng = SeededGenerator.derived(seed: configSeed, stream: FNV1a.hash(p.name))
                    config[p.name] = draw(p, using: &rng)
                }
                return config
            }
        }
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
