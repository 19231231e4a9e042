import Foundation

/// Text helpers shared by every chart: XML escaping and number formatting.
///
/// Every string that reaches a chart's SVG from outside (model names, metric names, labels) goes
/// through `SVG.escape`, so a model called `<b>&"x"` draws as that text and never as markup.
public enum SVG {
    /// `text` with the five XML special characters escaped, safe in element content and in
    /// double- or single-quoted attributes alike.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A pixel coordinate with at most one decimal (the files stay small).
    static func px(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }

    /// `value` with `digits` decimals (`fixed(0.45361, 4)` = `0.4536`); NaN and infinities as text.
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        let s = String(format: "%.\(max(0, digits))f", value)
        return s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s
    }

    /// `short` without trailing zeros (`1`, `20`, `0.05`): tick labels on log axes.
    public static func trimmed(_ value: Double) -> String {
        var s = short(value)
        if s.contains("."), !s.contains("e") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    /// A value with four significant digits, for tooltips and cells (`0.4536`, `1234`, `1.20e-05`).
    public static func short(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return fixed(value, 0) }
        let magnitude = Int(floor(log10(abs(value))))
        if magnitude < -4 || magnitude > 6 { return String(format: "%.2e", value) }
        return fixed(value, max(0, 3 - magnitude))
    }
}
