import Foundation
import Synchronization

/// Reports trial and epoch progress: on a terminal, one bar with ETA redrawn in place and cut to the
/// terminal's width; otherwise (logs, CI, `--plain`) one line per finished or failed trial, and with
/// `verbose` also each start, skip and epoch. Thread-safe; trials report from their own threads.
public final class ProgressReporter: Sendable {
    private struct State {
        var total = 0
        var done = 0
        var failed = 0
        var skipped = 0
        var running: [String: String] = [:]   // trial id → "model epoch 3/20"
        var start = Date()
        var lastDraw = Date.distantPast
    }
    private let state = Mutex(State())
    /// Whether standard output is a terminal (bar) or not (plain lines).
    public let interactive: Bool
    /// Whether to print anything at all.
    public let quiet: Bool
    /// Plain lines for starts, skips and epochs too, not only for finished trials.
    public let verbose: Bool

    /// A reporter for `total` trials; draws a bar when stdout is a terminal.
    public init(total: Int, quiet: Bool = false, interactive: Bool? = nil, verbose: Bool = false) {
        self.interactive = interactive ?? (isatty(STDOUT_FILENO) == 1)
        self.quiet = quiet
        self.verbose = verbose
        state.withLock { $0.total = total; $0.start = Date() }
    }

    /// Columns of the terminal on standard output (`COLUMNS`, else 80, when it cannot be asked).
    static var terminalWidth: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 80
    }

    /// `text` cut to `width` characters, with "…" when cut.
    static func fitted(_ text: String, width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(1, width - 1))) + "…"
    }

    /// Adds `count` trials to the total (refit trials, known only after the sweep).
    public func add(_ count: Int) {
        state.withLock { $0.total += count }
    }

    /// A trial was skipped because it had already finished (resume).
    public func skipped(_ id: String, label: String) {
        state.withLock { $0.skipped += 1; $0.done += 1 }
        if !interactive && verbose { line("skip  \(label) (finished earlier)") }
        redraw(force: true)
    }

    /// A trial started.
    public func started(_ id: String, label: String) {
        state.withLock { $0.running[id] = label }
        if !interactive && verbose { line("start \(label)") }
        redraw(force: true)
    }

    /// A trial finished one epoch.
    public func epoch(_ id: String, label: String, epoch: Int, of total: Int, loss: Double?) {
        let text = "\(label) epoch \(epoch)/\(total)" + (loss.map { String(format: " loss %.4f", $0) } ?? "")
        state.withLock { $0.running[id] = text }
        if !interactive && verbose { line("      \(text)") }
        redraw(force: false)
    }

    /// A trial ended (successfully or not).
    public func finished(_ id: String, label: String, seconds: Double, error: String?) {
        state.withLock {
            $0.running[id] = nil; $0.done += 1
            if error != nil { $0.failed += 1 }
        }
        if let error { line("FAIL  \(label): \(error)") }
        else if !interactive { line(String(format: "done  %@ (%.2f s)", label, seconds)) }
        redraw(force: true)
    }

    /// Ends the bar with a newline and a summary.
    public func close() {
        let s = state.withLock { $0 }
        if interactive && !quiet { print("\r\u{1B}[K", terminator: "") }
        let elapsed = Date().timeIntervalSince(s.start)
        line(String(format: "%d trials: %d run, %d skipped (finished earlier), %d failed, %.1f s",
                    s.total, s.done - s.skipped, s.skipped, s.failed, elapsed))
    }

    private func line(_ text: String) {
        guard !quiet else { return }
        if interactive { print("\r\u{1B}[K" + text) } else { print(text) }
        fflush(nil)
    }

    private func redraw(force: Bool) {
        guard interactive, !quiet else { return }
        let text: String? = state.withLock { s in
            let now = Date()
            if !force && now.timeIntervalSince(s.lastDraw) < 0.1 { return nil }
            s.lastDraw = now
            let width = 28
            let frac = s.total == 0 ? 1 : Double(s.done) / Double(s.total)
            let filled = Int(frac * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let elapsed = now.timeIntervalSince(s.start)
            let ran = s.done - s.skipped, left = s.total - s.done
            let eta = ran > 0 ? elapsed / Double(ran) * Double(left) : .nan
            let etaText = eta.isFinite ? formatDuration(eta) : "--"
            let current = s.running.values.sorted().first ?? ""
            return "\r\u{1B}[K" + Self.fitted("[\(bar)] \(s.done)/\(s.total) ETA \(etaText) \(current)", width: Self.terminalWidth - 1)
        }
        if let text { print(text, terminator: ""); fflush(nil) }
    }
}

/// `1h02m`, `3m05s`, `12s`.
func formatDuration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    if s >= 3600 { return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m" }
    if s >= 60 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
    return "\(s)s"
}
