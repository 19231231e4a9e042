import RecCore
import RecData
import Testing
@testable import RecModels

@Suite struct EASETests {
    /// 4 users × 3 items:  u0 {0, 1}, u1 {1, 2}, u2 {0, 1, 2}, u3 {2}.
    static func tiny() -> TrainingData {
        let table = InteractionTable(users: [0, 0, 1, 1, 2, 2, 2, 3], items: [0, 1, 1, 2, 0, 1, 2, 2])
        return trainingData(users: 4, items: 3, table: table)
    }

    @Test func weightsMatchDenseClosedForm() throws {
        let lambda: Float = 2
        let ease = EASE(EASEConfig { $0.lambda = lambda })
        try ease.fit(Self.tiny(), observer: nil)
        // G = XᵀX + λI by hand: counts 2, 3, 3 on the diagonal; co-occurrences 01: 2, 02: 1, 12: 2.
        let g: [[Double]] = [[2 + 2, 2, 1], [2, 3 + 2, 2], [1, 2, 3 + 2]]
        // P = G⁻¹ column by column, then B_ij = −P_ij / P_jj, B_jj = 0 (Steck 2019, eq. 8).
        var p = [[Double]](repeating: [0, 0, 0], count: 3)
        for j in 0..<3 {
            let col = denseSolve(g, (0..<3).map { $0 == j ? 1 : 0 })
            for i in 0..<3 { p[i][j] = col[i] }
        }
        for i in 0..<3 {
            for j in 0..<3 {
                let expected = i == j ? 0 : -p[i][j] / p[j][j]
                #expect(abs(Double(ease.weights[i, j]) - expected) < 1e-5, "B[\(i), \(j)]")
            }
        }
        // scores = X_u · B: user 3 has only item 2, so its scores are row 2 of B
        let s = ease.score(users: [3, 0], items: nil)
        #expect(Array(s.row(0)) == Array(ease.weights.row(2)))
        for j in 0..<3 { #expect(abs(s[1, j] - (ease.weights[0, j] + ease.weights[1, j])) < 1e-6) }
        #expect(ease.score(users: [0], items: [2]).storage[0] == s[1, 2])
    }

    @Test func refusesCataloguesTooLargeForADenseMatrix() {
        let ease = EASE(EASEConfig { $0.lambda = 10; $0.maxItems = 2 })
        #expect(throws: ModelError.self) { try ease.fit(Self.tiny(), observer: nil) }
        do { try ease.fit(Self.tiny(), observer: nil) } catch {
            #expect("\(error)".contains("3 items"))
        }
    }
}
