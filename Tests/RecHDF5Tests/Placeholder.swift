import Testing

@Test func RecHDF5TestsBuilds() { #expect(Bool(true)) }
