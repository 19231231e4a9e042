/// Points on a linear, log or categorical x axis against a linear y axis — a sweep's response
/// curve: the selection metric against one parameter, the selected configuration highlighted.
///
/// ```swift
/// var chart = ScatterChart(title: "reg", xLabel: "reg", yLabel: "valid ndcg@10", x: .log)
/// chart.points = [.init(x: 0.01, y: 0.41, label: "reg=0.01"), .init(x: 0.1, y: 0.43, label: "reg=0.1", highlighted: true)]
/// ```
public struct ScatterChart: Sendable {
    /// How x values are placed: numbers on a linear or log scale, or category indices into `labels`.
    public enum XAxis: Sendable, Equatable {
        case linear, log
        case categories([String])
    }

    public struct Point: Sendable {
        public var x: Double
        public var y: Double
        /// The hover text.
        public var label: String
        public var highlighted: Bool
        public var color: Int
        public init(x: Double, y: Double, label: String, highlighted: Bool = false, color: Int = 0) {
            self.x = x; self.y = y; self.label = label; self.highlighted = highlighted; self.color = color
        }
    }

    public var title: String
    public var xLabel: String?
    public var yLabel: String?
    public var x: XAxis
    public var points: [Point] = []
    /// Legend entries (label, palette index) when colours mean something (runs).
    public var legend: [(label: String, color: Int)] = []
    public var width = 420.0, height = 280.0

    public init(title: String, xLabel: String? = nil, yLabel: String? = nil, x: XAxis = .linear) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.x = x
    }

    public func svg() -> String {
        let usable = points.filter { p in
            guard p.x.isFinite, p.y.isFinite else { return false }
            if case .log = x { return p.x > 0 }
            return true
        }
        guard !usable.isEmpty else { return Canvas.empty(kind: "scatter", title: title, width: width, height: height, reason: "no finite values") }
        var c = Canvas(width: width, height: height)
        let ys = Scale(kind: .linear, values: usable.map(\.y), start: c.plotBottom, end: c.plotTop)
        let place: (Double) -> Double?
        switch x {
        case .categories(let labels):
            let step = (c.plotRight - c.plotLeft) / Double(max(1, labels.count))
            let positions = labels.indices.map { c.plotLeft + step * (Double($0) + 0.5) }
            c.categoryAxis(labels, positions: positions, label: xLabel)
            place = { v in Int(exactly: v.rounded()).flatMap { positions.indices.contains($0) ? positions[$0] : nil } }
        case .linear, .log:
            let xs = Scale(kind: x == .log ? .log : .linear, values: usable.map(\.x), start: c.plotLeft + 8, end: c.plotRight - 8)
            c.xAxis(xs, label: xLabel)
            place = { xs.pixel($0) }
        }
        c.yAxis(ys, label: yLabel)
        for p in usable.sorted(by: { !$0.highlighted && $1.highlighted }) {
            guard let px = place(p.x), let py = ys.pixel(p.y) else { continue }
            let color = Palette.color(p.color)
            let shape = p.highlighted
                ? "<circle cx=\"\(SVG.px(px))\" cy=\"\(SVG.px(py))\" r=\"6\" fill=\"\(color)\" stroke=\"#000\" stroke-width=\"1.5\" class=\"selected\">"
                : "<circle cx=\"\(SVG.px(px))\" cy=\"\(SVG.px(py))\" r=\"3.5\" fill=\"\(color)\" fill-opacity=\"0.65\">"
            c.add(shape + "<title>\(SVG.escape(p.label)): \(SVG.short(p.y))\(p.highlighted ? " (selected)" : "")</title></circle>")
        }
        if !legend.isEmpty { c.legend(legend.map { ($0.label, Palette.color($0.color), false) }) }
        let dropped = points.count - usable.count
        return c.svg(kind: "scatter", title: title, notes: [Canvas.leftOutNote(dropped, what: x == .log ? "NaN or non-positive value" : "NaN value")].compactMap { $0 })
    }
}
