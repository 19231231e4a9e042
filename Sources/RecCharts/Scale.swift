import Foundation

/// A map from data values to pixels along one axis, with the ticks drawn on it.
///
/// Linear scales widen their domain to nice round ticks (`NiceTicks`); log scales (base 10) to whole
/// decades and need a positive domain. A single value (or an empty domain) is widened around itself
/// so it still draws in the middle.
public struct Scale: Sendable, Equatable {
    /// How values map to the axis.
    public enum Kind: Sendable, Equatable { case linear, log }

    public let kind: Kind
    /// The (widened) domain, low to high.
    public let low: Double, high: Double
    /// Pixel positions of `low` and `high` (a y axis runs from bottom to top: `start > end`).
    public let start: Double, end: Double
    /// Tick values inside the domain, ascending.
    public let ticks: [Double]

    /// A scale over `values`' range (non-finite values ignored, and non-positive ones on a log scale),
    /// from pixel `start` to `end`, with about `tickCount` ticks. `includeZero` widens a linear domain to 0
    /// (bar charts).
    /// `integers` keeps linear ticks on whole numbers (epochs, folds). Values beyond ±1e300 are left
    /// out (their range would overflow).
    public init(kind: Kind, values: [Double], start: Double, end: Double, tickCount: Int = 5, includeZero: Bool = false,
                integers: Bool = false) {
        var finite = values.filter { $0.isFinite && abs($0) < 1e300 && (kind == .linear || $0 > 0) }
        if includeZero && kind == .linear { finite.append(0) }
        self.kind = kind
        self.start = start
        self.end = end
        switch kind {
        case .linear:
            var lo = finite.min() ?? 0, hi = finite.max() ?? 1
            if lo == hi { let pad = lo == 0 ? 1 : abs(lo) * 0.1; lo -= pad; hi += pad }
            let t = NiceTicks.linear(lo, hi, count: tickCount, minimumStep: integers ? 1 : 0)
            low = min(lo, t.first ?? lo)
            high = max(hi, t.last ?? hi)
            ticks = t
        case .log:
            var lo = finite.min() ?? 1, hi = finite.max() ?? 10
            if lo == hi { lo /= 3.1623; hi *= 3.1623 }
            let t = NiceTicks.log(lo, hi)
            low = pow(10, floor(log10(lo)))
            high = pow(10, ceil(log10(hi)))
            ticks = t
        }
    }

    /// The pixel of `value` (a value outside the domain maps outside the range; non-positive on a log scale: nil).
    public func pixel(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        let f: Double
        switch kind {
        case .linear: f = (value - low) / (high - low)
        case .log:
            guard value > 0 else { return nil }
            f = (log10(value) - log10(low)) / (log10(high) - log10(low))
        }
        return start + f * (end - start)
    }

    /// Tick labels: decimals enough to tell neighbouring ticks apart; log ticks as plain numbers or powers of ten.
    public func label(_ tick: Double) -> String {
        switch kind {
        case .linear:
            let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : max(abs(tick), 1)
            let digits = max(0, -Int(floor(log10(step) + 1e-9)))
            return SVG.fixed(tick, digits)
        case .log:
            let e = log10(tick)
            if abs(e - e.rounded()) < 1e-9 && (e < -3 || e > 4) { return "1e\(Int(e.rounded()))" }
            return SVG.trimmed(tick)
        }
    }
}

/// Tick placement: "nice" numbers (1, 2, 5 × 10ᵏ steps) on linear axes, decades (and 2, 5 within a
/// single decade) on log axes — Heckbert's "Nice numbers for graph labels" (Graphics Gems, 1990).
public enum NiceTicks {
    /// Ticks covering [lo, hi] with a nice step (at least `minimumStep`), about `count` of them; the
    /// first ≤ lo and the last ≥ hi. A range too small or too large for a step gives its two ends.
    public static func linear(_ lo: Double, _ hi: Double, count: Int = 5, minimumStep: Double = 0) -> [Double] {
        guard lo.isFinite, hi.isFinite, hi > lo else { return lo.isFinite ? [lo] : [] }
        let step = max(minimumStep, nice((hi - lo) / Double(max(1, count - 1)), round: true))
        guard step.isFinite, step > 0, (hi - lo) / step < 1000 else { return [lo, hi] }
        let first = floor(lo / step) * step, last = ceil(hi / step) * step
        let n = Int(((last - first) / step).rounded())
        // Multiplying (not accumulating) keeps 0.1 + 0.2-style error out of the labels; -0 becomes 0.
        return (0...n).map { k in let v = first + Double(k) * step; return abs(v) < step * 1e-9 ? 0 : v }
    }

    /// The nice number near `x`: 1, 2, 5 or 10 times a power of ten (rounded, or the ceiling when `round` is false).
    public static func nice(_ x: Double, round: Bool) -> Double {
        let e = floor(log10(x)), f = x / pow(10, e)
        let n: Double
        if round { n = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10 } else { n = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10 }
        return n * pow(10, e)
    }

    /// Decade ticks over [lo, hi] (0 < lo ≤ hi); within one or two decades, also 2× and 5×.
    public static func log(_ lo: Double, _ hi: Double) -> [Double] {
        guard lo > 0, hi >= lo else { return [] }
        let a = Int(floor(log10(lo))), b = Int(ceil(log10(hi)))
        let multiples: [Double] = b - a <= 2 ? [1, 2, 5] : [1]
        var out: [Double] = []
        for e in a...b {
            for m in multiples {
                let v = m * pow(10, Double(e))
                if v >= pow(10, Double(a)) * (1 - 1e-12) && v <= pow(10, Double(b)) * (1 + 1e-12) { out.append(v) }
            }
        }
        return out
    }
}
