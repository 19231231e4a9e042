import Testing

@Test func RecRunnerTestsBuilds() { #expect(Bool(true)) }
