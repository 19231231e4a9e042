/// Plain tables rendered as Markdown, LaTeX (booktabs) and CSV, shared by every result writer.
public struct ResultTable: Sendable, Equatable {
    /// Title (Markdown heading / LaTeX caption).
    public var title: String
    /// Column headers.
    public var header: [String]
    /// Cell text, row by row (each row as long as `header`).
    public var rows: [[String]]

    /// A table.
    public init(title: String, header: [String], rows: [[String]]) {
        self.title = title; self.header = header; self.rows = rows
    }

    /// GitHub-flavoured Markdown.
    public func markdown() -> String {
        var out = "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + header.map { _ in " --- " }.joined(separator: "|") + "|\n"
        for r in rows { out += "| " + r.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
        return out
    }

    /// Plain text for a terminal: the header and rows, each column padded to its widest cell and
    /// columns two spaces apart.
    public func alignedText() -> String {
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    /// A LaTeX `table` with `booktabs` rules; `**x**` in a cell becomes `\textbf{x}`.
    public func latex(label: String) -> String {
        func esc(_ s: String) -> String {
            var t = s
            for (a, b) in [("\\", "\\textbackslash{}"), ("&", "\\&"), ("%", "\\%"), ("_", "\\_"), ("#", "\\#"), ("±", "$\\pm$"), ("†", "$^\\dagger$"), ("@", "@")] {
                t = t.replacingOccurrences(of: a, with: b)
            }
            if t.hasPrefix("**") && t.hasSuffix("**") && t.count > 4 { t = "\\textbf{" + String(t.dropFirst(2).dropLast(2)) + "}" }
            return t
        }
        var out = "\\begin{table}[t]\n\\centering\n\\caption{\(esc(title))}\n\\label{\(label)}\n"
        out += "\\begin{tabular}{l" + String(repeating: "r", count: max(0, header.count - 1)) + "}\n\\toprule\n"
        out += header.map(esc).joined(separator: " & ") + " \\\\\n\\midrule\n"
        for r in rows { out += r.map(esc).joined(separator: " & ") + " \\\\\n" }
        out += "\\bottomrule\n\\end{tabular}\n\\end{table}\n"
        return out
    }
}

/// RFC 4180 CSV text: fields with commas, quotes or newlines are quoted.
public enum CSV {
    /// One CSV line (without the trailing newline).
    public static func line(_ fields: [String]) -> String {
        fields.map { f in
            f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }.joined(separator: ",")
    }

    /// Parses CSV text into rows of fields (quoted fields, doubled quotes, CRLF tolerated).
    public static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var inQuotes = false
        var it = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? { if let p = pending { pending = nil; return p }; return it.next() }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let d = next() { if d == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = d } }
                    else { inQuotes = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" { inQuotes = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else if c == "\r" { continue }
            else { field.unicodeScalars.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
