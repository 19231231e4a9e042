import RecCore
import RecTestSupport
import Testing
@testable import RecModels

/// Every model through the shared checkerboard conformance check (block recovery, same seed → same
/// scores, save → load → same scores). A new model is one more line here.
@Suite struct ConformanceTests {
    static let implicitBoard = Checkerboard(usersPerGroup: 20, itemsPerGroup: 15, heldOutPerUser: 2)
    static let explicitBoard = Checkerboard(usersPerGroup: 20, itemsPerGroup: 15, heldOutPerUser: 2, lowRatingsPerUser: 5)

    static let implicitModels: [(String, @Sendable () -> any Recommender)] = [
        ("ItemKNN cosine", { ItemKNN(similarity: .cosine, neighbours: 20) }),
        ("ItemKNN jaccard shrunk", { ItemKNN(similarity: .jaccard, neighbours: 20, shrinkage: 5) }),
        ("UserKNN cosine", { UserKNN(similarity: .cosine, neighbours: 20) }),
        ("UserKNN jaccard weighted", { UserKNN(similarity: .jaccard, neighbours: 20, scoring: .ratingWeightedSum) }),
        ("BPR", { BPR(factors: 8, epochs: 40, learningRate: 0.05, regularization: 0.001, seed: 11) }),
        ("PointwiseMF", { PointwiseMF(factors: 8, negatives: 4, epochs: 30, learningRate: 0.05, seed: 12) }),
        ("ImplicitALS cholesky", { ImplicitALS(factors: 4, iterations: 8, regularization: 0.1, alpha: 10, solver: .cholesky, seed: 13) }),
        ("ImplicitALS cg", { ImplicitALS(factors: 4, iterations: 8, regularization: 0.1, alpha: 10, solver: .cg, seed: 14) }),
        ("EASE", { EASE(lambda: 10) }),
    ]

    static let explicitModels: [(String, @Sendable () -> any Recommender)] = [
        ("BiasedMF", { BiasedMF(factors: 8, epochs: 60, learningRate: 0.02, regularization: 0.01, seed: 15) }),
        ("ItemKNN baseline", { ItemKNN(similarity: .cosine, neighbours: 20, scoring: .baseline) }),
        ("ItemKNN mean-centred pearson", { ItemKNN(similarity: .pearson, neighbours: 20, shrinkage: 2, scoring: .meanCentered) }),
        ("UserKNN mean-centred", { UserKNN(similarity: .cosine, neighbours: 20, scoring: .meanCentered) }),
        ("UserKNN baseline adjusted cosine", { UserKNN(similarity: .adjustedCosine, neighbours: 20, scoring: .baseline) }),
    ]

    @Test(arguments: implicitModels.indices)
    func implicitModelConforms(_ k: Int) throws {
        let (name, make) = Self.implicitModels[k]
        let failures = try ModelConformance.check(name, board: Self.implicitBoard, fit: conformanceFit(Self.implicitBoard, make))
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test(arguments: explicitModels.indices)
    func ratingModelConforms(_ k: Int) throws {
        let (name, make) = Self.explicitModels[k]
        let failures = try ModelConformance.check(name, board: Self.explicitBoard, fit: conformanceFit(Self.explicitBoard, make))
        #expect(failures.isEmpty, "\(failures)")
        #expect(make().predictsRatings)
    }
}

@Suite struct ConformanceCheckTests {
    @Test func checkRejectsAModelWithoutBlockStructure() throws {
        let board = ConformanceTests.implicitBoard
        let failures = try ModelConformance.check("random", board: board,
                                                  fit: conformanceFit(board, { RandomRecommender(seed: 1) }))
        #expect(failures.contains { $0.contains("block recovery") })
    }

    @Test func neighbourScoresForItemSubsetsMatchFullScores() throws {
        let board = ConformanceTests.explicitBoard
        for model in [UserKNN(similarity: .cosine, neighbours: 5, scoring: .baseline) as any Recommender,
                      ItemKNN(similarity: .cosine, neighbours: 5, scoring: .meanCentered)] {
            try model.fit(trainingData(board), observer: nil)
            let full = model.score(users: [3, 30], items: nil)
            let part = model.score(users: [3, 30], items: [17, 2, 29])
            #expect(part.storage == [full[0, 17], full[0, 2], full[0, 29], full[1, 17], full[1, 2], full[1, 29]])
            #expect(model.predict(users: [30], items: [2]) == [full[1, 2]])
        }
    }
}
