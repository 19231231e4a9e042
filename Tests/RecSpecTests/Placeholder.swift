import Testing

@Test func RecSpecTestsBuilds() { #expect(Bool(true)) }
