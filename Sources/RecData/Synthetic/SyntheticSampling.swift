import RecCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Walker's alias table (Walker 1977, built with Vose's 1991 linear-time method): O(1) draws from a
/// fixed discrete distribution. Construction is sequential and uses only the weights, so the same
/// weights always give the same table.
struct AliasTable: Sendable {
    /// Acceptance threshold of each column.
    let threshold: [Double]
    /// Outcome taken when a column's threshold is not met.
    let alias: [Int32]
    /// Normalised probability of each outcome (kept for exact weighted sampling without replacement).
    let probability: [Double]

    /// A table over `weights` (non-negative, not all zero).
    init(weights: [Double]) {
        let n = weights.count
        precondition(n > 0, "alias table needs at least one outcome")
        let total = weights.reduce(0, +)
        precondition(total > 0 && total.isFinite, "alias table weights must have a positive finite sum")
        let p = weights.map { $0 / total }
        var scaled = p.map { $0 * Double(n) }
        var threshold = [Double](repeating: 1, count: n)
        var alias = [Int32](repeating: 0, count: n)
        var small: [Int] = [], large: [Int] = []
        small.reserveCapacity(n); large.reserveCapacity(n)
        for i in 0..<n { if scaled[i] < 1 { small.append(i) } else { large.append(i) } }
        for i in 0..<n { alias[i] = Int32(i) }
        while let s = small.popLast() {
            guard let l = large.last else { threshold[s] = 1; continue }
            threshold[s] = scaled[s]
            alias[s] = Int32(l)
            scaled[l] -= 1 - scaled[s]
            if scaled[l] < 1 { large.removeLast(); small.append(l) }
        }
        for l in large { threshold[l] = 1 }
        self.threshold = threshold; self.alias = alias; self.probability = p
    }

    /// Number of outcomes.
    var count: Int { threshold.count }

    /// One draw.
    @inline(__always)
    func sample(_ rng: inout SeededGenerator) -> Int {
        let column = Int(rng.next().multipliedFullWidth(by: UInt64(threshold.count)).high)
        return rng.nextDouble() < threshold[column] ? column : Int(alias[column])
    }
}

/// Small sampling helpers on top of `SeededGenerator`, shared by the generator's parts.
enum SyntheticDraw {
    /// Index drawn from a discrete distribution given by its cumulative weights (binary search).
    @inline(__always)
    static func fromCumulative(_ cumulative: [Double], _ rng: inout SeededGenerator) -> Int {
        let x = rng.nextDouble() * cumulative[cumulative.count - 1]
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Running sums of `weights`.
    static func cumulative(_ weights: [Double]) -> [Double] {
        var s = 0.0
        return weights.map { s += $0; return s }
    }

    /// A probability vector that mixes a uniform distribution with a random, peaked one:
    /// `(1 − signal) / n + signal · softmax(peak · z)` with `z` standard normal. Used for the
    /// cluster-specific attribute distributions.
    static func profile(levels n: Int, signal: Double, peak: Double, _ rng: inout SeededGenerator) -> [Double] {
        var w = (0..<n).map { _ in exp(peak * rng.nextGaussian()) }
        let total = w.reduce(0, +)
        for k in 0..<n { w[k] = (1 - signal) / Double(n) + signal * w[k] / total }
        return w
    }

    /// `count` distinct indices drawn from `weights` by repeated draws (for small `count` only).
    static func distinct(_ count: Int, cumulative: [Double], _ rng: inout SeededGenerator) -> [Int32] {
        let k = min(count, cumulative.count)
        var out: [Int32] = []
        var attempts = 0
        while out.count < k {
            let j = Int32(fromCumulative(cumulative, &rng))
            attempts += 1
            if !out.contains(j) { out.append(j) }
            else if attempts > 64 * k {   // degenerate weights: fill with the first unused indices
                for j in 0..<Int32(cumulative.count) where out.count < k && !out.contains(j) { out.append(j) }
            }
        }
        return out
    }

    /// Natural logarithm (the platform's libm, so release and debug builds agree).
    @inline(__always) static func log(_ x: Double) -> Double { libm_log(x) }
    /// Exponential.
    @inline(__always) static func exp(_ x: Double) -> Double { libm_exp(x) }
    /// `x^y`.
    @inline(__always) static func pow(_ x: Double, _ y: Double) -> Double { libm_pow(x, y) }
}

#if canImport(Glibc)
@inline(__always) private func libm_log(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) private func libm_exp(_ x: Double) -> Double { Glibc.exp(x) }
@inline(__always) private func libm_pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
#else
@inline(__always) private func libm_log(_ x: Double) -> Double { Darwin.log(x) }
@inline(__always) private func libm_exp(_ x: Double) -> Double { Darwin.exp(x) }
@inline(__always) private func libm_pow(_ x: Double, _ y: Double) -> Double { Darwin.pow(x, y) }
#endif
