import Testing
@Test func runnerPlaceholder() { #expect(Bool(true)) }
