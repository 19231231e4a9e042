import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import RecCharts

@Suite("Charts: SVG output")
struct ChartTests {
    /// Occurrences of `needle` in `text`.
    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func namesAreEscapedInSVG() {
        #expect(SVG.escape("<b>&\"x'") == "&lt;b&gt;&amp;&quot;x&#39;")
        var chart = BarChart(title: "a<script>", groups: ["m&m", "<i>"])
        chart.series = [.init(label: "s\"1", bars: [.init(value: 1), .init(value: 2)])]
        let svg = chart.svg()
        #expect(!svg.contains("<script>") && !svg.contains("<i>"))
        #expect(svg.contains("a&lt;script&gt;") && svg.contains("m&amp;m") && svg.contains("&lt;i&gt;"))
        // Well-formed XML: Foundation's parser accepts it.
        #expect(XMLParser(data: Data(svg.utf8)).parse())
    }

    @Test func lineChartDrawsEveryPointAndBreaksLinesAtNaN() {
        var chart = LineChart(title: "loss", xLabel: "epoch", yLabel: "loss", rightLabel: "valid ndcg@10")
        chart.series = [
            .init(label: "loss", points: [(1, 0.9), (2, .nan), (3, 0.5), (4, 0.4)]),
            .init(label: "valid", points: [(1, 0.3), (2, 0.35), (3, 0.36), (4, 0.34)], rightAxis: true, dashed: true, color: 1),
        ]
        chart.markers = [.init(x: 3, label: "kept epoch 3")]
        let svg = chart.svg()
        #expect(count("<path class=\"series\"", in: svg) == 3)  // loss split in two at the NaN, plus valid
        #expect(count("<circle", in: svg) == 7)
        #expect(svg.contains("1 NaN value left out"))
        #expect(svg.contains("kept epoch 3") && svg.contains("data-chart=\"line\""))
        #expect(svg.contains("valid ndcg@10"))  // right axis title
        #expect(XMLParser(data: Data(svg.utf8)).parse())
    }

    @Test func emptyAndSinglePointSeriesStillDraw() {
        let empty = LineChart(title: "nothing").svg()
        #expect(empty.contains("no finite values") && XMLParser(data: Data(empty.utf8)).parse())
        var one = LineChart(title: "one")
        one.series = [.init(label: "x", points: [(1, 0.5)])]
        let svg = one.svg()
        #expect(count("<circle", in: svg) == 1 && !svg.contains("NaN"))
        var scatter = ScatterChart(title: "s", x: .log)
        scatter.points = [.init(x: 0.1, y: 0.4, label: "a")]
        #expect(scatter.svg().contains("<circle"))
        let allNaN = BarChart(title: "b", groups: ["a"])
        #expect(allNaN.svg().contains("no finite values"))
    }

    @Test func scatterOnALogAxisLeavesOutNonPositiveXAndHighlightsTheSelection() {
        var chart = ScatterChart(title: "reg", xLabel: "reg", yLabel: "ndcg@10", x: .log)
        chart.points = [.init(x: 0.001, y: 0.40, label: "reg=0.001"), .init(x: 0.1, y: 0.43, label: "reg=0.1", highlighted: true),
                        .init(x: 0, y: 0.41, label: "reg=0"), .init(x: 1, y: .nan, label: "reg=1")]
        let svg = chart.svg()
        #expect(count("<circle", in: svg) == 2)
        #expect(count("class=\"selected\"", in: svg) == 1 && svg.contains("reg=0.1: 0.4300 (selected)"))
        #expect(svg.contains("2 NaN or non-positive values left out"))
        // Decade ticks 0.001 … 0.1.
        #expect(svg.contains(">0.001<") && svg.contains(">0.01<") && svg.contains(">0.1<"))
    }

    @Test func categoricalScatterPlacesEachCategory() {
        var chart = ScatterChart(title: "loss", x: .categories(["bpr", "warp"]))
        chart.points = [.init(x: 0, y: 1, label: "bpr"), .init(x: 1, y: 2, label: "warp")]
        let svg = chart.svg()
        #expect(count("<circle", in: svg) == 2 && svg.contains(">warp<"))
    }

    @Test func barsCarryIntervalsDotsAndNumbersOnHover() {
        var chart = BarChart(title: "ndcg@10", groups: ["ials", "ease"], yLabel: "ndcg@10")
        chart.series = [.init(label: "test", bars: [.init(value: 0.45, lower: 0.44, upper: 0.46, dots: [0.449, 0.452], detail: "n = 2"),
                                                    .init(value: .nan)])]
        let svg = chart.svg()
        #expect(count("<rect class=\"bar\"", in: svg) == 1)
        #expect(count("class=\"errorbar\"", in: svg) == 1)
        #expect(count("class=\"dot\"", in: svg) == 2)
        #expect(svg.contains("ials: 0.4500 [0.4400, 0.4600] n = 2"))
        #expect(svg.contains("1 NaN value left out"))
    }

    @Test func heatMapColoursBySignAndEmphasisesSignificantCells() {
        var map = HeatMap(title: "t", rows: ["a", "b"], columns: ["a", "b"])
        map.cells = [[nil, .init(value: 1, text: "0.001", tooltip: "a vs b", emphasised: true)],
                     [.init(value: -1, text: "0.001", tooltip: "b vs a", emphasised: true), nil]]
        let svg = map.svg()
        #expect(svg.contains(Palette.diverging(1)) && svg.contains(Palette.diverging(-1)))
        #expect(count("stroke=\"#000\"", in: svg) == 2)
        #expect(Palette.diverging(0) == "#ffffff" && Palette.diverging(1) == "#b2182b" && Palette.diverging(-1) == "#2166ac")
        #expect(Palette.diverging(.nan) == "#dddddd" && Palette.diverging(5) == Palette.diverging(1))
    }

    @Test func numbersAreFormattedCompactly() {
        #expect(SVG.fixed(0.45361, 4) == "0.4536")
        #expect(SVG.fixed(-0.00001, 2) == "0.00")
        #expect(SVG.short(0.45361) == "0.4536" && SVG.short(1234.6) == "1235" && SVG.short(0.000012) == "1.20e-05")
        #expect(SVG.short(.nan) == "NaN")
        #expect(SVG.trimmed(1) == "1" && SVG.trimmed(20) == "20" && SVG.trimmed(0.05) == "0.05" && SVG.trimmed(100) == "100")
    }
}
