import Foundation
import RecReport
import RecTestSupport
import Testing
@testable import RecRunner

/// `scripts/browser.sh` (headless Chromium), from the package root.
private enum Browser {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/browser.sh").path
    /// Chromium is on this machine.
    static var available: Bool { ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains(where: FileManager.default.isExecutableFile) }
    /// CI sets this: a missing browser is then a failure, not a skipped test.
    static var required: Bool { ProcessInfo.processInfo.environment["RECLAB_REQUIRE_BROWSER"] == "1" }

    /// Runs the script; standard output and error.
    static func run(_ arguments: [String]) throws -> (out: String, err: String, status: Int32) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [script] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self), p.terminationStatus)
    }
}

@Suite(.serialized, .enabled(if: Browser.available || Browser.required, "chromium is not installed (scripts/setup.sh installs it; CI requires it)"))
struct ReportBrowserTests {
    @Test func aRealRunsReportRendersInHeadlessChromium() throws {
        #expect(Browser.available, "chromium is required here (RECLAB_REQUIRE_BROWSER=1) but not installed")
        let dir = try Fixtures.temporaryDirectory("report-browser")
        let folder = try runSpecText(reportSpec, in: dir)
        let doc = try ReportDocument.read(folder)
        let page = folder + "/report.html"

        let dom = try Browser.run(["dom", page])
        #expect(dom.status == 0, "chromium failed: \(dom.err.suffix(500))")
        // Scripts ran to the end and raised nothing; the console logged no error.
        #expect(dom.out.contains("data-ready=\"true\""))
        #expect(!dom.out.contains("data-errors="))
        let consoleErrors = dom.err.split(separator: "\n").filter { $0.contains(":CONSOLE") && ($0.contains("Uncaught") || $0.contains("Error")) }
        #expect(consoleErrors.isEmpty, "console: \(consoleErrors)")
        for id in ["overview", "table", "metrics", "training", "sweeps", "significance", "subgroups", "provenance"] {
            #expect(dom.out.contains("data-section=\"\(id)\""), "section \(id) missing from the DOM")
        }
        // A bar chart per test metric, a training chart for BPR, sweep scatters for kNN and iALS, one heat map.
        let table = try #require(doc.testTable)
        #expect(dom.out.components(separatedBy: "data-chart=\"bars\"").count - 1 >= table.metrics.count + doc.subgroups.count)
        #expect(dom.out.contains("data-chart=\"line\" data-title=\"bpr-1\""))
        #expect(dom.out.contains("data-title=\"knn: neighbours\"") && dom.out.contains("data-title=\"ials: regularization\""))
        #expect(dom.out.components(separatedBy: "data-chart=\"heatmap\"").count - 1 == 1)
        // The run's numbers: every model's test ndcg@10 as the table shows it.
        let k = try #require(table.metrics.firstIndex(of: "ndcg@10"))
        let testTable = tableHTML(dom.out, "test")
        for row in table.rows {
            #expect(testTable.contains(">" + String(format: "%.4f", try #require(row.cells[k]).mean)), "\(row.model)'s ndcg@10 in the test table")
        }
        // The charts have marks, not only frames: a bar per model and metric, lines for the traces.
        #expect(dom.out.components(separatedBy: "<rect class=\"bar\"").count - 1 >= table.rows.count * table.metrics.count)
        #expect(dom.out.components(separatedBy: "<path class=\"series\"").count - 1 >= 2)

        let png = dir.appendingPathComponent("report.png").path
        let shot = try Browser.run(["screenshot", page, png, "1280x1600"])
        #expect(shot.status == 0, "chromium failed: \(shot.err.suffix(500))")
        let image = try PNGImage(contentsOf: png)
        #expect(image.width == 1280 && image.height == 1600)
        // The header's colour where the header is; and not blank: beyond the header (about 6% of
        // this page) a good part is drawn (tables, charts) in many colours.
        #expect(image.rgb(5, 5) == (0x22, 0x31, 0x3f))
        let (ink, colours) = image.inkAndColours(background: (0xfa, 0xfa, 0xfa))
        #expect(ink > 0.10, "only \(ink) of the pixels differ from the background")
        #expect(colours > 50)
    }
}
