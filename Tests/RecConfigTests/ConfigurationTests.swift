import Testing
@testable import RecConfig

/// A configuration with every kind of parameter, a nested group whose default the enclosing type
/// changes, and a cross-field rule.
private enum Shape: String, ChoiceParameter { case round, flatTop }

private struct Neighbourhood: ParameterGroup {
    @Param(in: 1...3, doc: "radius") var hops = 1
    @Param(doc: "balance relations") var relationBalance = false
    init() {}
}

private struct ToyConfig: Configuration {
    @Param(in: 1...4096, doc: "latent dimension") var factors = 64
    @Param(in: 0..<1, doc: "dropout rate") var dropout: Float = 0.005
    @Param("lr", in: .above(0), doc: "step size") var learningRate = 0.1
    @Param(doc: "a shape") var shape = Shape.round
    @Param(doc: "free text") var label = ""
    @Param(in: 1...100, doc: "k") var neighbours = 10
    @Param(in: 1...100, doc: "kept") var savedNeighbours = 20
    var hood = Neighbourhood()

    init() { hood.relationBalance = true }

    func violations() -> [ConfigurationViolation] {
        neighbours <= savedNeighbours ? [] : [ConfigurationViolation("neighbours", "exceeds saved_neighbours (\(savedNeighbours))")]
    }
}

@Suite struct ConfigurationTests {
    @Test func declarationsAreReadOffTheDefaultInstanceInOrder() {
        let p = ToyConfig.parameters
        #expect(p.map(\.name) == ["factors", "dropout", "lr", "shape", "label", "neighbours", "saved_neighbours", "hops", "relation_balance"])
        #expect(p[0] == ParameterDescriptor("factors", kind: .int, default: .int(64), bounds: Bounds(1...4096), doc: "latent dimension"))
        #expect(p[1].kind == .double && p[1].defaultValue == .double(0.005))     // Float widened through its text
        #expect(p[1].bounds == Bounds(lower: 0, upper: 1, includesUpper: false))
        #expect(p[3].kind == .choice(["round", "flat_top"]))
        #expect(p[8].defaultValue == .bool(true))                                  // the enclosing init's default
    }

    @Test func decodingFillsDefaultsAndReadsGivenValues() throws {
        let c = try ToyConfig.decode(["factors": .int(8), "shape": .string("flat_top"), "hops": .int(3), "dropout": .double(0.5)])
        #expect(c.factors == 8 && c.shape == .flatTop && c.hood.hops == 3 && c.dropout == 0.5)
        #expect(c.learningRate == 0.1 && c.hood.relationBalance)
        #expect(c.values["factors"] == .int(8) && c.values["relation_balance"] == .bool(true))
        #expect(try ToyConfig.decode(c.values) == c)
        #expect(ToyConfig { $0.factors = 8 }.factors == 8)
    }

    @Test func badValuesAreErrorsNamingTheKey() {
        #expect(throws: ConfigurationError.invalid(name: "factors", detail: "expected an integer between 1 and 4096, got 0")) {
            try ToyConfig.decode(["factors": .int(0)])
        }
        #expect(throws: ConfigurationError.invalid(name: "dropout", detail: "expected a number ≥ 0 and < 1, got 1.0")) {
            try ToyConfig.decode(["dropout": .double(1)])
        }
        #expect(throws: ConfigurationError.invalid(name: "lr", detail: "expected a number > 0, got 0.0")) {
            try ToyConfig.decode(["lr": .int(0)])
        }
        #expect(throws: ConfigurationError.unknownParameter(name: "factor", fix: "did you mean 'factors'?")) {
            try ToyConfig.decode(["factor": .int(8)])
        }
        #expect(throws: ConfigurationError.self) { try ToyConfig.decode(["shape": .string("square")]) }
        #expect(throws: ConfigurationError.self) { try ToyConfig.decode(["label": .int(3)]) }
        #expect(throws: ConfigurationError.violated([ConfigurationViolation("neighbours", "exceeds saved_neighbours (20)")])) {
            try ToyConfig.decode(["neighbours": .int(30)])
        }
    }

    @Test func boundsDescribeTheirEnds() {
        #expect(Bounds(0...1).description == "[0, 1]")
        #expect(Bounds(0..<1).description == "[0, 1)")
        #expect(Bounds.above(0).description == "(0, ∞)")
        #expect(Bounds.atLeast(1).phrase == " ≥ 1")
        #expect(!Bounds(0...1).contains(.nan))
    }
}
