import Foundation
import RecCore

/// The tree-structured Parzen estimator (Bergstra, Bardenet, Bengio & Kégl, "Algorithms for
/// hyper-parameter optimization", NIPS 2011), as hyperopt's TPE applies it: the finished
/// configurations are split at the γ-quantile of their scores into good and bad; per parameter, a
/// Parzen density l(x) is fitted to the good values and g(x) to the bad ones (Gaussian kernels
/// around each value plus the prior over the declared range, in log space for log-uniform
/// parameters; smoothed frequencies for lists and choices); `candidates` values are drawn from l
/// and the one maximising l(x)/g(x) is proposed. Parameters are treated independently.
///
/// ```swift
/// let next = TreeParzenEstimator(parameters: model.sweepParameters)
///     .propose(history: [(config, 0.41), (other, 0.38)], higherIsBetter: true, using: &rng)
/// ```
public struct TreeParzenEstimator: Sendable {
    /// The parameters to propose (fixed ones are copied as they are).
    public let parameters: [ParameterSpec]
    /// Fraction of the finished configurations counted as good.
    public var gamma = 0.25
    /// Values drawn from l(x) per parameter.
    public var candidates = 24

    public init(parameters: [ParameterSpec]) { self.parameters = parameters }

    /// The next configuration given the finished ones and their scores (non-finite scores count as worst).
    public func propose(history: [(config: [String: ParamValue], score: Double)], higherIsBetter: Bool,
                        using rng: inout SeededGenerator) -> [String: ParamValue] {
        let worst = higherIsBetter ? -Double.infinity : Double.infinity
        let ranked = history.map { ($0.config, $0.score.isFinite ? $0.score : worst) }
            .enumerated().sorted { a, b in
                a.element.1 != b.element.1 ? (higherIsBetter ? a.element.1 > b.element.1 : a.element.1 < b.element.1) : a.offset < b.offset
            }.map(\.element.0)
        let nGood = max(1, Int((gamma * Double(ranked.count)).rounded(.up)))
        let good = Array(ranked.prefix(nGood)), bad = Array(ranked.dropFirst(nGood))
        var config: [String: ParamValue] = [:]
        for p in parameters {
            var stream = SeededGenerator.derived(seed: rng.next(), stream: FNV1a.hash(p.name))
            switch p.values {
            case .fixed(let v): config[p.name] = v
            case .list(let vs), .choice(let vs):
                config[p.name] = categorical(vs, good: good.compactMap { $0[p.name] }, bad: bad.compactMap { $0[p.name] }, using: &stream)
            case .uniform(let lo, let hi):
                config[p.name] = numeric(p, lo, hi, log: false, good: good, bad: bad, using: &stream)
            case .logUniform(let lo, let hi):
                config[p.name] = numeric(p, lo, hi, log: true, good: good, bad: bad, using: &stream)
            }
        }
        return config
    }

    /// Smoothed frequencies (one pseudo-count per value): the drawn value with the largest l/g.
    func categorical(_ values: [ParamValue], good: [ParamValue], bad: [ParamValue], using rng: inout SeededGenerator) -> ParamValue {
        let l = values.map { v in Double(good.filter { $0 == v }.count + 1) / Double(good.count + values.count) }
        let g = values.map { v in Double(bad.filter { $0 == v }.count + 1) / Double(bad.count + values.count) }
        var best = 0, bestRatio = -Double.infinity
        for _ in 0..<candidates {
            var u = rng.nextDouble() * l.reduce(0, +), k = 0
            while k < l.count - 1 && u >= l[k] { u -= l[k]; k += 1 }
            let ratio = l[k] / g[k]
            if ratio > bestRatio { best = k; bestRatio = ratio }
        }
        return values[best]
    }

    /// A Parzen window over [lo, hi] (log space for log-uniform): the drawn value with the largest l/g.
    func numeric(_ p: ParameterSpec, _ lo: Double, _ hi: Double, log useLog: Bool, good: [[String: ParamValue]],
                 bad: [[String: ParamValue]], using rng: inout SeededGenerator) -> ParamValue {
        let t: (Double) -> Double = useLog ? { Foundation.log($0) } : { $0 }
        let a = t(lo), b = t(hi)
        let points = { (configs: [[String: ParamValue]]) in configs.compactMap { $0[p.name]?.doubleValue ?? $0[p.name]?.intValue.map(Double.init) }.map(t) }
        let lp = points(good), gp = points(bad)
        let x: Double
        if b <= a { x = a } else {
            let lw = Self.widths(lp, a, b), gw = Self.widths(gp, a, b)
            var bestX = a + (b - a) * rng.nextDouble(), bestRatio = -Double.infinity
            for _ in 0..<candidates {
                // A component of l: the prior (uniform) or a kernel around a good value. Kernel draws
                // outside the range are drawn again (clipping them would pile candidates on the bounds,
                // where g is thinnest and the ratio wins); a few misses fall back to the prior.
                let k = rng.nextInt(below: lp.count + 1)
                var c = a + (b - a) * rng.nextDouble()
                if k < lp.count {
                    for _ in 0..<16 {
                        let d = lp[k] + lw[k] * rng.nextGaussian()
                        if d >= a && d <= b { c = d; break }
                    }
                }
                let ratio = Self.density(c, at: lp, widths: lw, a, b) / Self.density(c, at: gp, widths: gw, a, b)
                if ratio > bestRatio { bestX = c; bestRatio = ratio }
            }
            x = bestX
        }
        let value = useLog ? exp(x) : x
        if p.kind == .int { return .int(Int(max(lo.rounded(.up), min(hi.rounded(.down), value.rounded())))) }
        return .double(max(lo, min(hi, value)))
    }

    /// Each point's kernel width, hyperopt's adaptive Parzen rule: the larger gap to its neighbours
    /// (the prior's centre, the range's midpoint, counted as one), clipped to [range / min(100, n + 1), range].
    static func widths(_ points: [Double], _ a: Double, _ b: Double) -> [Double] {
        let range = b - a
        let sorted = (points + [(a + b) / 2]).enumerated().sorted { $0.element < $1.element }
        var width = [Double](repeating: range, count: points.count)
        for (rank, entry) in sorted.enumerated() where entry.offset < points.count {
            let left = rank > 0 ? entry.element - sorted[rank - 1].element : entry.element - a
            let right = rank + 1 < sorted.count ? sorted[rank + 1].element - entry.element : b - entry.element
            width[entry.offset] = min(range, max(range / Double(min(100, points.count + 1)), max(left, right)))
        }
        return width
    }

    /// The mixture density at `x`: the uniform prior over [a, b] and a Gaussian per point, equally weighted.
    static func density(_ x: Double, at points: [Double], widths: [Double], _ a: Double, _ b: Double) -> Double {
        let prior = 1 / (b - a)
        var kernels = 0.0
        for (m, w) in zip(points, widths) {
            let z = (x - m) / w
            kernels += exp(-0.5 * z * z) / (w * 2.5066282746310002)
        }
        return (prior + kernels) / Double(points.count + 1)
    }
}
