/// Grouped bars with optional error bars and the individual values as dots — a metric per model
/// with its 95% confidence interval over seeds and each seed's (or fold's) value, or a metric per
/// subgroup with a bar per model.
///
/// ```swift
/// var chart = BarChart(title: "ndcg@10", groups: ["ials", "ease"], yLabel: "ndcg@10")
/// chart.series = [.init(label: "test", bars: [.init(value: 0.45, lower: 0.44, upper: 0.46, dots: [0.449, 0.452]), nil])]
/// ```
public struct BarChart: Sendable {
    /// One bar.
    public struct Bar: Sendable {
        public var value: Double
        /// The interval drawn as an error bar (both or neither).
        public var lower: Double?, upper: Double?
        /// Individual values drawn over the bar.
        public var dots: [Double]
        /// Extra hover text (`n = 3 seeds`).
        public var detail: String
        public init(value: Double, lower: Double? = nil, upper: Double? = nil, dots: [Double] = [], detail: String = "") {
            self.value = value; self.lower = lower; self.upper = upper; self.dots = dots; self.detail = detail
        }
    }

    /// One legend entry: a bar in every group (nil: no bar there).
    public struct Series: Sendable {
        public var label: String
        public var bars: [Bar?]
        public var color: Int
        public init(label: String, bars: [Bar?], color: Int = 0) { self.label = label; self.bars = bars; self.color = color }
    }

    public var title: String
    public var groups: [String]
    public var yLabel: String?
    public var xLabel: String?
    public var series: [Series] = []
    /// Colour each bar by its group instead of its series (a single-series chart of models).
    public var colorByGroup = false
    public var width = 420.0, height = 260.0

    public init(title: String, groups: [String], yLabel: String? = nil, xLabel: String? = nil) {
        self.title = title; self.groups = groups; self.yLabel = yLabel; self.xLabel = xLabel
    }

    public func svg() -> String {
        var leftOut = 0
        var values: [Double] = []
        for s in series {
            for b in s.bars.compactMap({ $0 }) {
                if b.value.isFinite { values.append(b.value) } else { leftOut += 1 }
                values += [b.lower, b.upper].compactMap { $0 }.filter(\.isFinite) + b.dots.filter(\.isFinite)
            }
        }
        guard !values.isEmpty, !groups.isEmpty else {
            return Canvas.empty(kind: "bars", title: title, width: width, height: height, reason: "no finite values")
        }
        var c = Canvas(width: width, height: height)
        let ys = Scale(kind: .linear, values: values, start: c.plotBottom, end: c.plotTop, includeZero: true)
        let groupWidth = (c.plotRight - c.plotLeft) / Double(groups.count)
        let centres = groups.indices.map { c.plotLeft + groupWidth * (Double($0) + 0.5) }
        c.yAxis(ys, label: yLabel)
        c.categoryAxis(groups, positions: centres, label: xLabel)
        let n = Double(max(1, series.count))
        let barWidth = min(40, groupWidth * 0.8 / n)
        let zero = ys.pixel(0) ?? c.plotBottom
        for (si, s) in series.enumerated() {
            for (g, bar) in s.bars.enumerated() where g < groups.count {
                guard let bar, bar.value.isFinite, let y = ys.pixel(bar.value) else { continue }
                let x = centres[g] - barWidth * n / 2 + barWidth * Double(si)
                let color = Palette.color(colorByGroup ? g : s.color)
                var tip = "\(series.count > 1 ? s.label + ", " : "")\(groups[g]): \(SVG.short(bar.value))"
                if let lo = bar.lower, let hi = bar.upper, lo.isFinite, hi.isFinite { tip += " [\(SVG.short(lo)), \(SVG.short(hi))]" }
                if !bar.detail.isEmpty { tip += " " + bar.detail }
                c.add("<rect class=\"bar\" x=\"\(SVG.px(x + 1))\" y=\"\(SVG.px(min(y, zero)))\" width=\"\(SVG.px(max(1, barWidth - 2)))\" height=\"\(SVG.px(max(0.5, abs(zero - y))))\" fill=\"\(color)\" fill-opacity=\"0.85\"><title>\(SVG.escape(tip))</title></rect>")
                let mid = x + barWidth / 2
                if let lo = bar.lower, let hi = bar.upper, let y0 = ys.pixel(lo), let y1 = ys.pixel(hi) {
                    let cap = min(6, barWidth / 4)
                    c.add("<path class=\"errorbar\" d=\"M\(SVG.px(mid)) \(SVG.px(y0))V\(SVG.px(y1))M\(SVG.px(mid - cap)) \(SVG.px(y0))H\(SVG.px(mid + cap))M\(SVG.px(mid - cap)) \(SVG.px(y1))H\(SVG.px(mid + cap))\" stroke=\"#222\" stroke-width=\"1.2\" fill=\"none\"><title>\(SVG.escape(tip))</title></path>")
                }
                for (k, d) in bar.dots.enumerated() {
                    guard let yd = ys.pixel(d) else { continue }
                    let jitter = bar.dots.count > 1 ? (Double(k) / Double(bar.dots.count - 1) - 0.5) * barWidth * 0.5 : 0
                    c.add("<circle class=\"dot\" cx=\"\(SVG.px(mid + jitter))\" cy=\"\(SVG.px(yd))\" r=\"2.3\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"0.8\"><title>\(SVG.short(d))</title></circle>")
                }
            }
        }
        if series.count > 1 { c.legend(series.map { ($0.label, Palette.color($0.color), false) }) }
        return c.svg(kind: "bars", title: title, notes: [Canvas.leftOutNote(leftOut)].compactMap { $0 })
    }
}
