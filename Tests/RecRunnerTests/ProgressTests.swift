import Testing
@testable import RecRunner

/// The progress bar fits the terminal: a long label is cut, never wrapped.
@Suite struct ProgressTests {
    @Test func linesAreCutToTheWidth() {
        let long = "[████████····] 3/18 ETA 1m05s kg_boost [" + String(repeating: "alpha=0.5, ", count: 40) + "] seed=0"
        let fitted = ProgressReporter.fitted(long, width: 79)
        #expect(fitted.count == 79 && fitted.hasSuffix("…") && fitted.hasPrefix("[████████····] 3/18"))
        #expect(ProgressReporter.fitted("short", width: 79) == "short")
        #expect(ProgressReporter.terminalWidth > 0)
    }
}
