/// A matrix of coloured cells with their text — the paired-test matrix: a cell per pair of models,
/// coloured by a signed value in [-1, 1] (an effect size, clamped) on the diverging ramp, its
/// text the Holm-corrected p, the full figures on hover.
///
/// ```swift
/// var map = HeatMap(title: "paired t-tests, ndcg@10", rows: ["a", "b"], columns: ["a", "b"])
/// map.cells = [[nil, .init(value: 0.4, text: "0.001", tooltip: "a vs b …")], [.init(value: -0.4, text: "0.001", tooltip: "…"), nil]]
/// ```
public struct HeatMap: Sendable {
    public struct Cell: Sendable {
        /// The colour value, in [-1, 1] (NaN: grey).
        public var value: Double
        public var text: String
        public var tooltip: String
        /// Drawn with a heavy outline (significant).
        public var emphasised: Bool
        public init(value: Double, text: String, tooltip: String, emphasised: Bool = false) {
            self.value = value; self.text = text; self.tooltip = tooltip; self.emphasised = emphasised
        }
    }

    public var title: String
    public var rows: [String]
    public var columns: [String]
    /// `cells[row][column]`; nil draws an empty cell.
    public var cells: [[Cell?]] = []
    /// What the colour means, under the chart.
    public var caption: String?

    public init(title: String, rows: [String], columns: [String]) {
        self.title = title; self.rows = rows; self.columns = columns
    }

    public func svg() -> String {
        guard !rows.isEmpty, !columns.isEmpty else {
            return Canvas.empty(kind: "heatmap", title: title, width: 320, height: 120, reason: "fewer than two models to compare")
        }
        let cell = 58.0
        let labelWidth = min(150, 20 + Double(rows.map(\.count).max() ?? 4) * 6.5)
        let width = max(labelWidth + cell * Double(columns.count) + 16, labelWidth + Double(caption?.count ?? 0) * 5.8)
        let height = 34 + 24 + cell * Double(rows.count) + 20
        var c = Canvas(width: max(width, 260), height: height, left: labelWidth, right: 16, top: 58, bottom: 20)
        for (j, col) in columns.enumerated() {
            let x = c.plotLeft + cell * (Double(j) + 0.5)
            let shown = col.count > 9 ? String(col.prefix(8)) + "…" : col
            c.add("<text class=\"tick\" x=\"\(SVG.px(x))\" y=\"\(SVG.px(c.plotTop - 6))\" text-anchor=\"middle\"><title>\(SVG.escape(col))</title>\(SVG.escape(shown))</text>")
        }
        for (i, row) in rows.enumerated() {
            let y = c.plotTop + cell * Double(i)
            let shown = row.count > 22 ? String(row.prefix(21)) + "…" : row
            c.add("<text class=\"tick\" x=\"\(SVG.px(c.plotLeft - 6))\" y=\"\(SVG.px(y + cell / 2 + 4))\" text-anchor=\"end\"><title>\(SVG.escape(row))</title>\(SVG.escape(shown))</text>")
            for j in columns.indices {
                let x = c.plotLeft + cell * Double(j)
                guard i < cells.count, j < cells[i].count, let v = cells[i][j] else {
                    c.add("<rect x=\"\(SVG.px(x + 1))\" y=\"\(SVG.px(y + 1))\" width=\"\(SVG.px(cell - 2))\" height=\"\(SVG.px(cell - 2))\" fill=\"#f4f4f4\"/>")
                    continue
                }
                let stroke = v.emphasised ? " stroke=\"#000\" stroke-width=\"2\"" : ""
                c.add("<g class=\"cell\"><title>\(SVG.escape(v.tooltip))</title><rect x=\"\(SVG.px(x + 1))\" y=\"\(SVG.px(y + 1))\" width=\"\(SVG.px(cell - 2))\" height=\"\(SVG.px(cell - 2))\" fill=\"\(Palette.diverging(v.value))\"\(stroke)/>")
                let dark = !v.value.isNaN && abs(v.value) > 0.6
                c.add("<text x=\"\(SVG.px(x + cell / 2))\" y=\"\(SVG.px(y + cell / 2 + 4))\" text-anchor=\"middle\" class=\"cell-text\" fill=\"\(dark ? "#fff" : "#111")\">\(SVG.escape(v.text))</text></g>")
            }
        }
        return c.svg(kind: "heatmap", title: title, notes: caption.map { [$0] } ?? [])
    }
}
