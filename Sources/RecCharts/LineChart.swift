/// Lines over a shared x axis, each on the left or the right y axis — a loss curve (left) and a
/// validation metric (right) of the same trials in one chart — with vertical markers (the epoch
/// early stopping kept). Every point carries its value on hover; NaN points break their line and
/// are counted in a note.
///
/// ```swift
/// var chart = LineChart(title: "ials", xLabel: "epoch", yLabel: "loss", rightLabel: "valid ndcg@10")
/// chart.series.append(.init(label: "loss seed 0", points: [(1, 0.9), (2, 0.7)]))
/// chart.markers.append(.init(x: 2, label: "kept: epoch 2"))
/// let svg = chart.svg()
/// ```
public struct LineChart: Sendable {
    /// One line.
    public struct Series: Sendable {
        public var label: String
        public var points: [(x: Double, y: Double)]
        /// Drawn against the right axis.
        public var rightAxis: Bool
        public var dashed: Bool
        /// Palette index.
        public var color: Int
        /// Faded, thin and out of the legend (the configurations a sweep did not select).
        public var faded: Bool

        public init(label: String, points: [(x: Double, y: Double)], rightAxis: Bool = false, dashed: Bool = false,
                    color: Int = 0, faded: Bool = false) {
            self.label = label; self.points = points; self.rightAxis = rightAxis
            self.dashed = dashed; self.color = color; self.faded = faded
        }
    }

    /// A vertical line at `x`.
    public struct Marker: Sendable {
        public var x: Double
        public var label: String
        public var color: Int
        public init(x: Double, label: String, color: Int = 0) { self.x = x; self.label = label; self.color = color }
    }

    public var title: String
    public var xLabel: String?
    public var yLabel: String?
    public var rightLabel: String?
    public var xScale: Scale.Kind = .linear
    /// Ticks on whole numbers only along x (epochs, folds).
    public var xIntegers = false
    public var series: [Series] = []
    public var markers: [Marker] = []
    /// Legend entries (label, palette index or nil for grey, dashed) in place of one per series label.
    public var legend: [(label: String, color: Int?, dashed: Bool)]?
    public var width = 520.0, height = 300.0

    public init(title: String, xLabel: String? = nil, yLabel: String? = nil, rightLabel: String? = nil) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.rightLabel = rightLabel
    }

    /// The chart as an `<svg>` element.
    public func svg() -> String {
        let finite = series.flatMap { $0.points.filter { $0.x.isFinite && $0.y.isFinite } }
        guard !finite.isEmpty else { return Canvas.empty(kind: "line", title: title, width: width, height: height, reason: "no finite values") }
        let hasRight = series.contains { $0.rightAxis }
        var c = Canvas(width: width, height: height, right: hasRight ? 58 : 16)
        let xs = Scale(kind: xScale, values: finite.map(\.x) + markers.map(\.x), start: c.plotLeft, end: c.plotRight, integers: xIntegers)
        func yScale(_ right: Bool) -> Scale {
            Scale(kind: .linear, values: series.filter { $0.rightAxis == right }.flatMap { $0.points.map(\.y) }, start: c.plotBottom, end: c.plotTop)
        }
        let left = yScale(false), rightScale = yScale(true)
        c.xAxis(xs, label: xLabel)
        if series.contains(where: { !$0.rightAxis }) { c.yAxis(left, label: yLabel) }
        if hasRight { c.yAxis(rightScale, label: rightLabel, right: true) }

        var leftOut = 0
        for s in series.sorted(by: { $0.faded && !$1.faded }) {  // faded lines underneath
            let ys = s.rightAxis ? rightScale : left
            let color = s.faded ? "#c8c8c8" : Palette.color(s.color)
            var runs: [[(Double, Double, Double, Double)]] = [[]]
            for p in s.points {
                guard let px = xs.pixel(p.x), let py = ys.pixel(p.y) else { leftOut += 1; if !runs[runs.count - 1].isEmpty { runs.append([]) }; continue }
                runs[runs.count - 1].append((px, py, p.x, p.y))
            }
            let dash = s.dashed ? " stroke-dasharray=\"5 3\"" : ""
            let width = s.faded ? 1 : 1.8
            for run in runs where !run.isEmpty {
                let d = run.enumerated().map { k, p in (k == 0 ? "M" : "L") + SVG.px(p.0) + " " + SVG.px(p.1) }.joined()
                c.add("<path class=\"series\" d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(width)\"\(dash)><title>\(SVG.escape(s.label))</title></path>")
                if !s.faded {
                    // Every point carries its numbers on hover; long lines get a marker every few points.
                    let every = max(1, run.count / 60)
                    for (k, p) in run.enumerated() where k % every == 0 || k == run.count - 1 {
                        c.add("<circle cx=\"\(SVG.px(p.0))\" cy=\"\(SVG.px(p.1))\" r=\"2.2\" fill=\"\(color)\"><title>\(SVG.escape(s.label)): x = \(SVG.short(p.2)), y = \(SVG.short(p.3))</title></circle>")
                    }
                }
            }
        }
        for m in markers {
            guard let x = xs.pixel(m.x) else { continue }
            c.add("<line class=\"marker\" x1=\"\(SVG.px(x))\" x2=\"\(SVG.px(x))\" y1=\"\(SVG.px(c.plotTop))\" y2=\"\(SVG.px(c.plotBottom))\" stroke=\"\(Palette.color(m.color))\" stroke-dasharray=\"2 2\"><title>\(SVG.escape(m.label))</title></line>")
            c.add("<path d=\"M\(SVG.px(x - 4)) \(SVG.px(c.plotTop))L\(SVG.px(x + 4)) \(SVG.px(c.plotTop))L\(SVG.px(x)) \(SVG.px(c.plotTop + 7))Z\" fill=\"\(Palette.color(m.color))\"><title>\(SVG.escape(m.label))</title></path>")
        }
        if let legend {
            c.legend(legend.map { ($0.label, $0.color.map(Palette.color) ?? "#777777", $0.dashed) })
        } else {
            var seen = Set<String>()
            c.legend(series.filter { !$0.faded && seen.insert($0.label).inserted }.map { ($0.label, Palette.color($0.color), $0.dashed) })
        }
        return c.svg(kind: "line", title: title, notes: [Canvas.leftOutNote(leftOut)].compactMap { $0 })
    }
}
