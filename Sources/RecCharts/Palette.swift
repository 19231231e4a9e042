import Foundation

/// Colours: a ten-colour categorical palette (Tableau 10, distinguishable and print-safe) for
/// series, and a blue–white–red diverging ramp for signed values such as effect sizes.
public enum Palette {
    /// Series colours; index `i` wraps around.
    public static let categorical = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                     "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    /// The colour of series `i`.
    public static func color(_ i: Int) -> String { categorical[((i % categorical.count) + categorical.count) % categorical.count] }

    /// A colour for `t` in [-1, 1]: -1 deep blue, 0 white, +1 deep red (clamped, infinities too; NaN is grey).
    public static func diverging(_ t: Double) -> String {
        guard !t.isNaN else { return "#dddddd" }
        let x = max(-1, min(1, t))
        let end: (Double, Double, Double) = x < 0 ? (33, 102, 172) : (178, 24, 43)
        let a = abs(x)
        func mix(_ c: Double) -> Int { Int((255 + (c - 255) * a).rounded()) }
        return "#" + [mix(end.0), mix(end.1), mix(end.2)].map { String($0, radix: 16).leftPadded(2) }.joined()
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
