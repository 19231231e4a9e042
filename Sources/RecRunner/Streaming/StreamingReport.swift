import Foundation
import RecCore

extension StreamingReplay.Result {
    /// The Markdown tables: every model and mode over the whole replay, then ndcg@k per time window.
    public func markdown(command: String) -> String {
        let k = cutoff
        var lines = ["Prequential replay of \(dataset): trained on the first \(trainEvents) interactions in time order, then "
                     + "\(replayedEvents) replayed from \(Self.date(cutTime)); each scored before it is revealed "
                     + "(events of users with no earlier interaction and repeats are not scored). `retrain`: trained again every \(retrainEvery) events.",
                     "", "```sh", command, "```", "",
                     "| model | mode | scored events | hit@\(k) | ndcg@\(k) | replay s |", "|---|---|---:|---:|---:|---:|"]
        for r in rows {
            lines.append("| \(r.model) | \(r.mode) | \(r.events) | \(String(format: "%.4f", r.hit)) | \(String(format: "%.4f", r.ndcg)) | \(String(format: "%.1f", r.seconds)) |")
        }
        let starts = Array(Set(rows.flatMap { $0.windows.map(\.start) })).sorted()
        if starts.count > 1 {
            lines += ["", "ndcg@\(k) by window (start date, scored events of the first row):", "",
                      "| window | events | " + rows.map { "\($0.model) \($0.mode)" }.joined(separator: " | ") + " |",
                      "|---|---:|" + String(repeating: "---:|", count: rows.count)]
            for s in starts {
                let n = rows.first?.windows.first { $0.start == s }?.events ?? 0
                let cells = rows.map { r in r.windows.first { $0.start == s }.map { String(format: "%.4f", $0.ndcg) } ?? "–" }
                lines.append("| \(Self.date(s)) | \(n) | " + cells.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `replay.json` and `replay.md` into `folder` (atomically).
    public func write(to folder: String, command: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: folder + "/replay.json")
        try AtomicFile.write(markdown(command: command), to: folder + "/replay.md")
    }

    static func date(_ t: Int64) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "UTC"); f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(t)))
    }
}
