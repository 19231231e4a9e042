import Testing

@Test func RecDataTestsBuilds() { #expect(Bool(true)) }
