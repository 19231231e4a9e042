/// The allowed interval of a numeric parameter, each end open or closed (`0..<1` for a dropout
/// rate that must stay below 1, `.above(0)` for a step size that must be positive).
///
/// ```swift
/// Bounds(0...1).contains(1)        // true
/// Bounds(0..<1).contains(1)        // false
/// Bounds.above(0).description      // "(0, ∞)"
/// ```
public struct Bounds: Sendable, Hashable, CustomStringConvertible {
    /// Lower end (`-infinity` when unbounded below).
    public var lower: Double
    /// Upper end (`infinity` when unbounded above).
    public var upper: Double
    /// Whether `lower` itself is allowed.
    public var includesLower: Bool
    /// Whether `upper` itself is allowed.
    public var includesUpper: Bool

    /// An interval with explicit ends.
    public init(lower: Double, upper: Double, includesLower: Bool = true, includesUpper: Bool = true) {
        self.lower = lower; self.upper = upper; self.includesLower = includesLower; self.includesUpper = includesUpper
    }

    /// A closed interval.
    public init(_ range: ClosedRange<Double>) { self.init(lower: range.lowerBound, upper: range.upperBound) }

    /// A half-open interval: the upper end is excluded.
    public init(_ range: Range<Double>) {
        self.init(lower: range.lowerBound, upper: range.upperBound, includesUpper: false)
    }

    /// Values strictly above `x`.
    public static func above(_ x: Double) -> Bounds { Bounds(lower: x, upper: .infinity, includesLower: false) }
    /// Values at least `x`.
    public static func atLeast(_ x: Double) -> Bounds { Bounds(lower: x, upper: .infinity) }

    /// Whether `x` lies in the interval (NaN never does).
    public func contains(_ x: Double) -> Bool {
        guard !x.isNaN else { return false }
        let aboveLower = includesLower ? x >= lower : x > lower
        let belowUpper = includesUpper ? x <= upper : x < upper
        return aboveLower && belowUpper
    }

    /// Interval notation: `[0, 1)`, `(0, ∞)`.
    public var description: String {
        (includesLower && lower.isFinite ? "[" : "(") + Bounds.text(lower) + ", " + Bounds.text(upper)
            + (includesUpper && upper.isFinite ? "]" : ")")
    }

    /// The condition in words, for error messages: ` between 0 and 1`, ` ≥ 1`, ` > 0 and < 1`.
    public var phrase: String {
        let lowerText = lower.isFinite ? (includesLower ? "≥ " : "> ") + Bounds.text(lower) : nil
        let upperText = upper.isFinite ? (includesUpper ? "≤ " : "< ") + Bounds.text(upper) : nil
        switch (lowerText, upperText) {
        case (nil, nil): return ""
        case (let l?, nil): return " " + l
        case (nil, let u?): return " " + u
        case (let l?, let u?):
            if includesLower && includesUpper { return " between \(Bounds.text(lower)) and \(Bounds.text(upper))" }
            return " " + l + " and " + u
        }
    }

    /// Integral numbers without a fraction, others in Swift's shortest form; infinities as ∞.
    public static func text(_ x: Double) -> String {
        if x == .infinity { return "∞" }
        if x == -.infinity { return "-∞" }
        return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}
