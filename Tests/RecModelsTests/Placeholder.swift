import Testing

@Test func RecModelsTestsBuilds() { #expect(Bool(true)) }
