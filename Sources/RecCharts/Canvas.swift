import Foundation

/// The drawing surface every chart builds on: its size, the plot area inside the margins, the
/// SVG elements drawn so far, and the axes, legend and notes they share.
struct Canvas {
    let width: Double, height: Double
    /// Margins around the plot area.
    let left: Double, right: Double, top: Double, bottom: Double
    private(set) var elements: [String] = []

    init(width: Double, height: Double, left: Double = 58, right: Double = 16, top: Double = 34, bottom: Double = 46) {
        self.width = width; self.height = height
        self.left = left; self.right = right; self.top = top; self.bottom = bottom
    }

    var plotLeft: Double { left }
    var plotRight: Double { width - right }
    var plotTop: Double { top }
    var plotBottom: Double { height - bottom }

    mutating func add(_ element: String) { elements.append(element) }

    /// A horizontal axis at the bottom with gridlines, tick labels and a title.
    mutating func xAxis(_ scale: Scale, label: String?) {
        for t in scale.ticks {
            guard let x = scale.pixel(t) else { continue }
            add("<line class=\"grid\" x1=\"\(SVG.px(x))\" x2=\"\(SVG.px(x))\" y1=\"\(SVG.px(plotTop))\" y2=\"\(SVG.px(plotBottom))\"/>")
            add("<text class=\"tick\" x=\"\(SVG.px(x))\" y=\"\(SVG.px(plotBottom + 14))\" text-anchor=\"middle\">\(SVG.escape(scale.label(t)))</text>")
        }
        add("<line class=\"axis\" x1=\"\(SVG.px(plotLeft))\" x2=\"\(SVG.px(plotRight))\" y1=\"\(SVG.px(plotBottom))\" y2=\"\(SVG.px(plotBottom))\"/>")
        if let label { add("<text class=\"axis-label\" x=\"\(SVG.px((plotLeft + plotRight) / 2))\" y=\"\(SVG.px(height - 8))\" text-anchor=\"middle\">\(SVG.escape(label))</text>") }
    }

    /// A horizontal axis of categories, one label under each position (long labels are cut, the full one on hover).
    mutating func categoryAxis(_ labels: [String], positions: [Double], label: String?) {
        let room = positions.count > 1 ? abs(positions[1] - positions[0]) : plotRight - plotLeft
        let maxChars = max(3, Int(room / 6.2))
        for (l, x) in zip(labels, positions) {
            let shown = l.count > maxChars ? String(l.prefix(maxChars - 1)) + "…" : l
            add("<text class=\"tick\" x=\"\(SVG.px(x))\" y=\"\(SVG.px(plotBottom + 14))\" text-anchor=\"middle\"><title>\(SVG.escape(l))</title>\(SVG.escape(shown))</text>")
        }
        add("<line class=\"axis\" x1=\"\(SVG.px(plotLeft))\" x2=\"\(SVG.px(plotRight))\" y1=\"\(SVG.px(plotBottom))\" y2=\"\(SVG.px(plotBottom))\"/>")
        if let label { add("<text class=\"axis-label\" x=\"\(SVG.px((plotLeft + plotRight) / 2))\" y=\"\(SVG.px(height - 8))\" text-anchor=\"middle\">\(SVG.escape(label))</text>") }
    }

    /// A vertical axis on the left (gridlines across) or right (ticks only) with a rotated title.
    mutating func yAxis(_ scale: Scale, label: String?, right: Bool = false) {
        let x = right ? plotRight : plotLeft
        for t in scale.ticks {
            guard let y = scale.pixel(t) else { continue }
            if !right { add("<line class=\"grid\" x1=\"\(SVG.px(plotLeft))\" x2=\"\(SVG.px(plotRight))\" y1=\"\(SVG.px(y))\" y2=\"\(SVG.px(y))\"/>") }
            add("<text class=\"tick\" x=\"\(SVG.px(right ? x + 5 : x - 5))\" y=\"\(SVG.px(y + 3.5))\" text-anchor=\"\(right ? "start" : "end")\">\(SVG.escape(scale.label(t)))</text>")
        }
        add("<line class=\"axis\" x1=\"\(SVG.px(x))\" x2=\"\(SVG.px(x))\" y1=\"\(SVG.px(plotTop))\" y2=\"\(SVG.px(plotBottom))\"/>")
        if let label {
            let lx = right ? width - 8 : 12, ly = (plotTop + plotBottom) / 2
            add("<text class=\"axis-label\" transform=\"translate(\(SVG.px(lx)),\(SVG.px(ly))) rotate(\(right ? 90 : -90))\" text-anchor=\"middle\">\(SVG.escape(label))</text>")
        }
    }

    /// Swatches with labels in a row above the plot area (as many as fit; the rest summed up).
    mutating func legend(_ entries: [(label: String, color: String, dashed: Bool)]) {
        var x = plotLeft
        let y = plotTop - 10
        for (k, e) in entries.enumerated() {
            let w = 22 + Double(min(e.label.count, 24)) * 6.2
            if x + w > plotRight && k > 0 {
                add("<text class=\"legend\" x=\"\(SVG.px(x))\" y=\"\(SVG.px(y + 4))\">+\(entries.count - k) more</text>")
                break
            }
            let dash = e.dashed ? " stroke-dasharray=\"4 3\"" : ""
            add("<line x1=\"\(SVG.px(x))\" x2=\"\(SVG.px(x + 14))\" y1=\"\(SVG.px(y))\" y2=\"\(SVG.px(y))\" stroke=\"\(e.color)\" stroke-width=\"3\"\(dash)/>")
            let shown = e.label.count > 24 ? String(e.label.prefix(23)) + "…" : e.label
            add("<text class=\"legend\" x=\"\(SVG.px(x + 18))\" y=\"\(SVG.px(y + 4))\"><title>\(SVG.escape(e.label))</title>\(SVG.escape(shown))</text>")
            x += w
        }
    }

    /// The finished `<svg>`: `kind` and `title` become data attributes (what the browser test looks
    /// for), `notes` (values left out, empty data) a line under the chart.
    func svg(kind: String, title: String, notes: [String]) -> String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"\(kind)\" data-title=\"\(SVG.escape(title))\" "
        out += "viewBox=\"0 0 \(SVG.px(width)) \(SVG.px(height + (notes.isEmpty ? 0 : 16)))\" width=\"\(SVG.px(width))\" height=\"\(SVG.px(height + (notes.isEmpty ? 0 : 16)))\" role=\"img\">"
        out += "<title>\(SVG.escape(title))</title>"
        out += "<text class=\"chart-title\" x=\"\(SVG.px(plotLeft))\" y=\"14\">\(SVG.escape(title))</text>"
        out += elements.joined()
        if !notes.isEmpty {
            out += "<text class=\"note\" x=\"\(SVG.px(plotLeft))\" y=\"\(SVG.px(height + 10))\">\(SVG.escape(notes.joined(separator: "; ")))</text>"
        }
        return out + "</svg>"
    }

    /// A chart with nothing to draw: its frame and the reason.
    static func empty(kind: String, title: String, width: Double, height: Double, reason: String) -> String {
        var c = Canvas(width: width, height: height)
        c.add("<text class=\"empty\" x=\"\(SVG.px(width / 2))\" y=\"\(SVG.px(height / 2))\" text-anchor=\"middle\">\(SVG.escape(reason))</text>")
        return c.svg(kind: kind, title: title, notes: [])
    }

    /// "3 NaN values left out" (nil for none).
    static func leftOutNote(_ count: Int, what: String = "NaN value") -> String? {
        count == 0 ? nil : "\(count) \(what)\(count == 1 ? "" : "s") left out"
    }
}
