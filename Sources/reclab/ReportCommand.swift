import ArgumentParser
import Foundation
import RecCore
import RecReport

/// `reclab report RUN…`: the HTML report of one run, or of several overlaid.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the self-contained HTML report of one or more runs (several: overlaid where their data and split agree).",
        discussion: "Reads each run folder's report.json (written by `reclab run`). With one run and no --out, the page is the run's report.html.")

    @Argument(help: "Run folders (results/<name>/<id>).")
    var runs: [String]

    @Option(help: "Where to write the page (default: report.html in the run folder for one run, else ./report.html).")
    var out: String?

    func run() throws {
        guard !runs.isEmpty else { throw ValidationError("give at least one run folder") }
        let documents = try runs.map(ReportDocument.read)
        let folder = runs[0].hasSuffix(".json") ? (runs[0] as NSString).deletingLastPathComponent : runs[0]
        let path = out ?? (runs.count == 1 ? folder + "/report.html" : "report.html")
        try AtomicFile.write(Data(ReportRenderer(runs: documents).html().utf8), to: path)
        print(path)
    }
}
