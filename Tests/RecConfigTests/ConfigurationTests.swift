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
        // A Float parameter refuses what single precision would round to 0 (found by the spec fuzzer:
        // a learning rate of 1e-320 passed "> 0" and reached Adam as 0); a subnormal is still a number.
        #expect(throws: ConfigurationError.invalid(name: "dropout", detail: "expected a number single precision holds (0, or a magnitude between 1.4e-45 and 3.4e38), got 1e-320")) {
            try ToyConfig.decode(["dropout": .double(1e-320)])
        }
        #expect((try? ToyConfig.decode(["dropout": .double(1e-40)]))?.dropout == Float(1e-40))
        #expect(Float(parameterValue: .double(1e-320)) == nil && Float(parameterValue: .double(0)) == 0)
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

/// Optional, list and either-kind parameters, a setting that is not a parameter, and a default that
/// depends on which keys were given.
private enum Column: Sendable, Hashable, ParameterValue {
    case index(Int), name(String)
    static var kind: ParameterKind { .oneOf([.int, .string]) }
    var parameterValue: ParamValue {
        switch self {
        case .index(let i): return .int(i)
        case .name(let n): return .string(n)
        }
    }
    init?(parameterValue v: ParamValue) {
        if let i = Int(parameterValue: v) { self = .index(i) } else if let s = v.stringValue { self = .name(s) } else { return nil }
    }
}

private struct LayoutConfig: Configuration {
    @Param(in: 0...1, doc: "shares") var ratios = [0.8, 0.2]
    @Param(in: .atLeast(0), doc: "rating column") var rating: Column? = nil
    @Param(in: .atLeast(1), doc: "count") var count: Int? = 1
    @Param(doc: "share instead of count") var share: Double? = nil
    @Param(doc: "seed") var seed: UInt64 = 0
    @Fixed var comment: String? = "#"
    init() {}
    mutating func resolveDefaults(given keys: Set<String>) { if !keys.contains("count") && share != nil { count = nil } }
}

@Suite struct ParameterKindTests {
    @Test func optionalListAndEitherKindsAreDeclared() {
        let p = LayoutConfig.parameters
        #expect(p.map(\.name) == ["ratios", "rating", "count", "share", "seed"])   // `comment` is no parameter
        #expect(p[0].kind == .list(.double) && p[0].defaultValue == .list([.double(0.8), .double(0.2)]))
        #expect(p[1].kind == .optional(.oneOf([.int, .string])) && p[1].defaultValue == .null)
        #expect(p[1].kind.description == "integer or string or null")
        #expect(p[1].expectation == "an integer ≥ 0 or a string or null")
        #expect(p[0].expectation == "a list of numbers between 0 and 1")
        #expect(p[4].kind == .int)
    }

    @Test func valuesAreCheckedElementByElement() throws {
        let c = try LayoutConfig.decode(["ratios": .list([.double(0.5), .int(1)]), "rating": .string("stars"), "seed": .int(7)])
        #expect(c.ratios == [0.5, 1] && c.rating == .name("stars") && c.seed == 7 && c.comment == "#")
        #expect(try LayoutConfig.decode(["rating": .int(2)]).rating == .index(2))
        #expect(throws: ConfigurationError.invalid(name: "ratios", detail: "element 1: expected a number between 0 and 1, got 2.0")) {
            try LayoutConfig.decode(["ratios": .list([.double(0.5), .double(2)])])
        }
        #expect(throws: ConfigurationError.invalid(name: "rating", detail: "expected an integer ≥ 0, got -1")) {
            try LayoutConfig.decode(["rating": .int(-1)])
        }
        #expect(throws: ConfigurationError.self) { try LayoutConfig.decode(["seed": .int(-1)]) }
        #expect(try LayoutConfig.decode(c.values) == c)
    }

    @Test func defaultsMayDependOnTheGivenKeys() throws {
        #expect(try LayoutConfig.decode([:]).count == 1)
        let share = try LayoutConfig.decode(["share": .double(0.2)])
        #expect(share.count == nil && share.share == 0.2)
        #expect(try LayoutConfig.decode(["share": .double(0.2), "count": .int(3)]).count == 3)
    }

    @Test func problemsOfAnInstanceBuiltInCode() {
        var c = LayoutConfig()
        #expect(c.problems.isEmpty)
        c.ratios = [0.5, 1.5]
        #expect(c.problems == [ConfigurationViolation("ratios", "element 1: expected a number between 0 and 1, got 1.5")])
        #expect(ConfigurationViolation("ratios", element: 1, "too big").description == "'ratios[1]': too big")
    }
}
