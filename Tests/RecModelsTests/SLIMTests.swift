import RecCore
import RecData
import Testing
@testable import RecModels

@Suite struct SLIMTests {
    /// 4 users × 3 items: x0 = (1, 1, 0, 0), x1 = (0, 0, 1, 1), x2 = (1, 1, 1, 1) = x0 + x1, so
    /// G = XᵀX = [[2, 0, 2], [0, 2, 2], [2, 2, 4]].
    static func tiny() -> TrainingData {
        trainingData(users: 4, items: 3, table: InteractionTable(users: [0, 0, 1, 1, 2, 2, 3, 3], items: [0, 2, 0, 2, 1, 2, 1, 2]))
    }

    static func fit(l1: Float, l2: Float) throws -> SLIM {
        let slim = SLIM(SLIMConfig { $0.l1 = l1; $0.l2 = l2; $0.maxIter = 1000; $0.tol = 1e-7 })
        try slim.fit(tiny(), observer: nil)
        return slim
    }

    static func w(_ m: SLIM, _ i: Int, _ j: Int) -> Float { m.weights.value(row: i, col: j) ?? 0 }

    @Test func withoutL1AndATinyL2ItIsTheLeastSquaresFit() throws {
        let slim = try Self.fit(l1: 0, l2: 1e-4)
        // Column 2: x2 = x0 + x1 exactly, so least squares gives w02 = w12 = 1.
        #expect(abs(Self.w(slim, 0, 2) - 1) < 1e-3 && abs(Self.w(slim, 1, 2) - 1) < 1e-3)
        // Column 0: unconstrained least squares would be x0 = x2 − x1 (w10 = −1); non-negativity
        // leaves w10 = 0 and w20 = G20 / G22 = 1/2 (the gradient on w10, G10 − G12 w20 = −1, keeps it at 0).
        #expect(Self.w(slim, 1, 0) == 0 && abs(Self.w(slim, 2, 0) - 0.5) < 1e-3)
        #expect(Self.w(slim, 0, 1) == 0 && abs(Self.w(slim, 2, 1) - 0.5) < 1e-3)
    }

    @Test func penaltiesShrinkByTheClosedForm() throws {
        // G_SS is diagonal for column 2, so one sweep is exact: w = max(0, G_k2 − λ₁) / (G_kk + λ₂).
        let slim = try Self.fit(l1: 0.5, l2: 1)
        #expect(abs(Self.w(slim, 0, 2) - 1.5 / 3) < 1e-6 && abs(Self.w(slim, 1, 2) - 1.5 / 3) < 1e-6)
        // Column 0 (w10 = 0): w20 = (2 − 0.5) / (4 + 1).
        #expect(abs(Self.w(slim, 2, 0) - 1.5 / 5) < 1e-6)
        // An L1 penalty above every correlation empties the model.
        #expect(try Self.fit(l1: 10, l2: 1).weights.nnz == 0)
    }

    @Test func weightsAreNonNegativeWithAZeroDiagonalAndScoresAreXW() throws {
        let slim = try Self.fit(l1: 0.1, l2: 0.5)
        #expect(slim.weights.values.allSatisfy { $0 > 0 })
        #expect((0..<3).allSatisfy { slim.weights.value(row: $0, col: $0) == nil })
        let s = slim.score(users: [0, 2], items: nil)   // u0 has {0, 2}, u2 has {1, 2}
        for j in 0..<3 {
            #expect(abs(s[0, j] - (Self.w(slim, 0, j) + Self.w(slim, 2, j))) < 1e-6)
            #expect(abs(s[1, j] - (Self.w(slim, 1, j) + Self.w(slim, 2, j))) < 1e-6)
        }
    }
}
