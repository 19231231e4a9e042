extension ReportPage {
    /// The page. Text goes through `{{…}}` (HTML-escaped); SVG, CSS and the script through `{{{…}}}`.
    /// The first script records any JavaScript error on `<body data-errors>`, where the browser test reads it.
    static let template = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="generator" content="RecLab">
    <title>{{title}}</title>
    <script>window.addEventListener("error", function (e) { document.documentElement.setAttribute("data-errors", (document.documentElement.getAttribute("data-errors") || "") + e.message + ";"); });</script>
    <style>{{{css}}}</style>
    </head>
    <body>
    <header>
    <h1>{{title}}</h1>
    <p class="subtitle">{{subtitle}}</p>
    <p class="generated">{{generated}}</p>
    </header>
    <main>
    {{#parts}}
    <div class="part">
    {{#heading}}<h2 class="part-heading">{{heading}}</h2>{{/heading}}
    {{#note}}<p class="part-note">{{note}}</p>{{/note}}
    <nav>{{#sections}}<a href="#{{id}}">{{heading}}</a>{{/sections}}</nav>
    {{#sections}}
    <section id="{{id}}" data-section="{{id}}">
    <h2>{{heading}}</h2>
    {{#blocks}}
    {{#paragraph}}<p>{{.}}</p>{{/paragraph}}
    {{#table}}
    {{#collapsible}}<details><summary>{{caption}}</summary>{{/collapsible}}
    <div class="table-wrap"><table class="sortable" data-table="{{id}}">
    {{^collapsible}}<caption>{{caption}}</caption>{{/collapsible}}
    <thead><tr>{{#columns}}<th title="{{tip}}">{{name}}</th>{{/columns}}</tr></thead>
    <tbody>
    {{#rows}}<tr>{{#cells}}<td class="{{cls}}" data-value="{{sortValue}}" title="{{tip}}">{{text}}</td>{{/cells}}</tr>
    {{/rows}}
    </tbody>
    </table></div>
    {{#collapsible}}</details>{{/collapsible}}
    {{/table}}
    {{#hasCharts}}<div class="charts">{{#charts}}<figure>{{{svg}}}</figure>{{/charts}}</div>{{/hasCharts}}
    {{#details}}<details><summary>{{summary}}</summary><pre>{{text}}</pre></details>{{/details}}
    {{/blocks}}
    </section>
    {{/sections}}
    </div>
    {{/parts}}
    </main>
    <script>{{{script}}}</script>
    </body>
    </html>

    """

    /// Layout and chart styles (system fonts only: nothing is fetched).
    static let css = """
    body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1d1d1f;margin:0;background:#fafafa}
    header{background:#22313f;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}
    .subtitle{margin:4px 0 0;color:#d7e0e8}.generated{margin:2px 0 0;color:#9fb0bf;font-size:12px}
    main{padding:8px 28px 40px;max-width:1500px}
    nav{margin:12px 0;font-size:13px}nav a{margin-right:14px;color:#2c6da3;text-decoration:none}
    section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:10px 18px 16px;margin:14px 0}
    section h2{font-size:17px;margin:6px 0 8px}.part-heading{margin-top:26px}.part-note{color:#8a4b00}
    .table-wrap{overflow-x:auto}table{border-collapse:collapse;font-size:12.5px;margin:6px 0 10px}
    caption{text-align:left;color:#555;padding-bottom:4px;caption-side:top}
    th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
    th{cursor:pointer;background:#f3f5f7;position:sticky;top:0}th:hover{background:#e6ebf0}
    th[data-dir=asc]::after{content:" ▲"}th[data-dir=desc]::after{content:" ▼"}
    td.label,th:first-child{text-align:left}td.best{font-weight:600;background:#eef7ee}td.params{text-align:left;color:#555;white-space:normal;max-width:320px}
    .charts{display:flex;flex-wrap:wrap;gap:10px}figure{margin:0;background:#fff}
    svg.chart{font-size:11px;font-family:inherit;max-width:100%;height:auto}
    .chart-title{font-weight:600;font-size:12px}.tick{fill:#555;font-size:10px}.axis-label{fill:#333;font-size:11px}
    .grid{stroke:#eee}.axis{stroke:#888}.legend{font-size:10.5px;fill:#333}.note{fill:#8a4b00;font-size:10.5px}.empty{fill:#888}
    .cell-text{font-size:10.5px}
    details{margin:6px 0}summary{cursor:pointer;color:#2c6da3}pre{background:#f6f8fa;padding:10px;overflow:auto;max-height:480px;font-size:12px}
    """

    /// Sortable tables: a click on a header sorts by its cells' `data-value` (numbers numerically).
    static let script = """
    document.querySelectorAll("table.sortable").forEach(function (table) {
      table.querySelectorAll("th").forEach(function (th, column) {
        th.addEventListener("click", function () {
          var descending = th.getAttribute("data-dir") !== "desc";
          table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("data-dir"); });
          th.setAttribute("data-dir", descending ? "desc" : "asc");
          var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[column].getAttribute("data-value"), y = b.cells[column].getAttribute("data-value");
            var nx = parseFloat(x), ny = parseFloat(y);
            var order = (isNaN(nx) || isNaN(ny)) ? String(x).localeCompare(String(y)) : nx - ny;
            return descending ? -order : order;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
    document.documentElement.setAttribute("data-ready", "true");
    """
}
