import Testing

@Test func RecEvalTestsBuilds() { #expect(Bool(true)) }
