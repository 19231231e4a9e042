import RecCore
import RecData
import Testing
@testable import RecModels

@Suite struct RP3betaTests {
    /// 3 users × 3 items: u0 {0, 1}, u1 {1, 2}, u2 {0, 1, 2}; |u| = 2, 2, 3 and pop = 2, 3, 2.
    static func tiny() -> TrainingData {
        trainingData(users: 3, items: 3, table: InteractionTable(users: [0, 0, 1, 1, 2, 2, 2], items: [0, 1, 1, 2, 0, 1, 2]))
    }

    @Test func weightsAreTheThreeStepWalkOverPopularityToTheBeta() throws {
        let rp3 = RP3beta(RP3betaConfig { $0.alpha = 1; $0.beta = 0.5; $0.neighbours = 3 })
        try rp3.fit(Self.tiny(), observer: nil)
        // W_ij = (1/|i|) Σ_{u ∈ i ∩ j} 1/|u| / √pop(j), by hand:
        let r2 = Float(2).squareRoot(), r3 = Float(3).squareRoot()
        let expected: [[Float]] = [
            [0, (1.0 / 2) * (1.0 / 2 + 1.0 / 3) / r3, (1.0 / 2) * (1.0 / 3) / r2],   // i0: via u0, u2 → i1; via u2 → i2
            [(1.0 / 3) * (1.0 / 2 + 1.0 / 3) / r2, 0, (1.0 / 3) * (1.0 / 2 + 1.0 / 3) / r2],
            [(1.0 / 2) * (1.0 / 3) / r2, (1.0 / 2) * (1.0 / 2 + 1.0 / 3) / r3, 0],
        ]
        for i in 0..<3 { for j in 0..<3 {
            #expect(abs((rp3.weights.value(row: i, col: j) ?? 0) - expected[i][j]) < 1e-6, "W[\(i), \(j)]")
        } }
        #expect((0..<3).allSatisfy { rp3.weights.value(row: $0, col: $0) == nil }, "the diagonal is not stored")
        // S_u = X_u W: u0 has items 0 and 1.
        let s = rp3.score(users: [0], items: nil)
        for j in 0..<3 { #expect(abs(s[0, j] - (expected[0][j] + expected[1][j])) < 1e-6) }
    }

    @Test func eachRowKeepsItsTopNeighbours() throws {
        let rp3 = RP3beta(RP3betaConfig { $0.alpha = 1; $0.beta = 0.5; $0.neighbours = 1 })
        try rp3.fit(Self.tiny(), observer: nil)
        // Row 0: 5/(12√3) ≈ 0.241 beats 1/(6√2) ≈ 0.118; row 1 ties (5/(18√2) twice): the smaller index stays.
        #expect(rp3.weights.row(0).indices.elementsEqual([1]))
        #expect(rp3.weights.row(1).indices.elementsEqual([0]))
        #expect(rp3.weights.row(2).indices.elementsEqual([1]))
    }

    @Test func alphaSharpensAndBetaZeroIgnoresPopularity() throws {
        let rp3 = RP3beta(RP3betaConfig { $0.alpha = 2; $0.beta = 0; $0.neighbours = 3 })
        try rp3.fit(Self.tiny(), observer: nil)
        // W_01 = (1/2)² · ((1/2)² + (1/3)²) = 13/144
        #expect(abs((rp3.weights.value(row: 0, col: 1) ?? 0) - 13.0 / 144) < 1e-7)
    }
}
