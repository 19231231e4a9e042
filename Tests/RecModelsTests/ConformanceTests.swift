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
        ("ItemKNN cosine", { ItemKNN(KNNConfig { $0.similarity = .cosine; $0.neighbours = 20 }) }),
        ("ItemKNN jaccard shrunk", { ItemKNN(KNNConfig { $0.similarity = .jaccard; $0.neighbours = 20; $0.shrinkage = 5 }) }),
        ("UserKNN cosine", { UserKNN(KNNConfig { $0.similarity = .cosine; $0.neighbours = 20 }) }),
        ("UserKNN jaccard weighted", { UserKNN(KNNConfig { $0.similarity = .jaccard; $0.neighbours = 20; $0.scoring = .ratingWeightedSum }) }),
        ("BPR", { BPR(BPRConfig { $0.factors = 8; $0.epochs = 40; $0.learningRate = 0.05; $0.regularization = 0.001 }, seed: 11) }),
        ("PointwiseMF", { PointwiseMF(PointwiseMFConfig { $0.factors = 8; $0.negatives = 4; $0.epochs = 30; $0.learningRate = 0.05 }, seed: 12) }),
        ("ImplicitALS cholesky", { ImplicitALS(ImplicitALSConfig { $0.factors = 4; $0.epochs = 8; $0.regularization = 0.1; $0.alpha = 10; $0.solver = .cholesky }, seed: 13) }),
        ("ImplicitALS cg", { ImplicitALS(ImplicitALSConfig { $0.factors = 4; $0.epochs = 8; $0.regularization = 0.1; $0.alpha = 10; $0.solver = .cg }, seed: 14) }),
        ("EASE", { EASE(EASEConfig { $0.lambda = 10 }) }),
    ]

    static let explicitModels: [(String, @Sendable () -> any Recommender)] = [
        ("BiasedMF", { BiasedMF(BiasedMFConfig { $0.factors = 8; $0.epochs = 60; $0.learningRate = 0.02; $0.regularization = 0.01 }, seed: 15) }),
        ("SVDpp", { SVDpp(SVDppConfig { $0.factors = 8; $0.epochs = 60; $0.learningRate = 0.02; $0.regularization = 0.01 }, seed: 16) }),
        ("BayesianMF", { BayesianMF(BayesianMFConfig { $0.factors = 4; $0.burnIn = 10; $0.samples = 20 }, seed: 17) }),
        ("ItemKNN baseline", { ItemKNN(KNNConfig { $0.similarity = .cosine; $0.neighbours = 20; $0.scoring = .baseline }) }),
        ("ItemKNN mean-centred pearson", { ItemKNN(KNNConfig { $0.similarity = .pearson; $0.neighbours = 20; $0.shrinkage = 2; $0.scoring = .meanCentered }) }),
        ("UserKNN mean-centred", { UserKNN(KNNConfig { $0.similarity = .cosine; $0.neighbours = 20; $0.scoring = .meanCentered }) }),
        ("UserKNN baseline adjusted cosine", { UserKNN(KNNConfig { $0.similarity = .adjustedCosine; $0.neighbours = 20; $0.scoring = .baseline }) }),
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
        for model in [UserKNN(KNNConfig { $0.similarity = .cosine; $0.neighbours = 5; $0.scoring = .baseline }) as any Recommender,
                      ItemKNN(KNNConfig { $0.similarity = .cosine; $0.neighbours = 5; $0.scoring = .meanCentered })] {
            try model.fit(trainingData(board), observer: nil)
            let full = model.score(users: [3, 30], items: nil)
            let part = model.score(users: [3, 30], items: [17, 2, 29])
            #expect(part.storage == [full[0, 17], full[0, 2], full[0, 29], full[1, 17], full[1, 2], full[1, 29]])
            #expect(model.predict(users: [30], items: [2]) == [full[1, 2]])
        }
    }
}
