import Mustache

/// The view model the HTML template renders: a page of parts (one per group of runs that share
/// their data and split), each a list of sections made of blocks — a paragraph, a sortable table,
/// a grid of charts, or collapsible text. Everything here is plain text or SVG the chart module
/// made; the template escapes the text and inserts the SVG as is.
struct ReportPage {
    var title: String
    var subtitle: String
    var generated: String
    var parts: [Part]
    var css = ReportPage.css
    var script = ReportPage.script

    struct Part {
        /// Nil when the page has one part.
        var heading: String?
        var note: String?
        var sections: [Section]
    }

    struct Section {
        var id: String
        var heading: String
        var blocks: [Block]
    }

    /// One of: paragraph, table, charts, details (the others empty or nil).
    struct Block {
        var paragraph: String?
        var table: Table?
        var charts: [Chart] = []
        var details: Details?
        /// Whether `charts` has any (the template wraps them in one grid; stored, as the template reads stored properties only).
        var hasCharts = false

        static func text(_ s: String) -> Block { Block(paragraph: s) }
        static func table(_ t: Table) -> Block { Block(table: t) }
        static func charts(_ c: [String]) -> Block { Block(charts: c.map(Chart.init(svg:)), hasCharts: !c.isEmpty) }
        static func details(_ summary: String, _ text: String) -> Block { Block(details: Details(summary: summary, text: text)) }
    }

    struct Table {
        var id: String
        var caption: String
        var columns: [Column]
        var rows: [Row]
        /// Shown folded under its caption.
        var collapsible = false
    }

    struct Column {
        var name: String
        var tip: String
    }

    struct Row {
        var cells: [Cell]
    }

    struct Cell {
        var text: String
        /// What sorting by the column compares (a number where there is one).
        var sortValue: String
        var tip: String
        var cls: String
    }

    struct Chart {
        var svg: String
    }

    struct Details {
        var summary: String
        var text: String
    }

    /// The page as HTML.
    func render() throws -> String {
        try MustacheTemplate(string: ReportPage.template).render(self)
    }
}
