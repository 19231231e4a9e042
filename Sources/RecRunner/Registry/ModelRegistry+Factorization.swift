import RecModels
import RecSpec

extension ModelRegistry {
    static func factorsParameter(_ d: Int) -> ParameterDescriptor {
        ParameterDescriptor("factors", kind: .int, default: .int(d), range: 1...4096, doc: "latent dimension")
    }
    static func epochsParameter(_ d: Int) -> ParameterDescriptor {
        ParameterDescriptor("epochs", kind: .int, default: .int(d), range: 1...100_000, doc: "training epochs (at most, with early stopping)")
    }
    static func learningRateParameter(_ d: Double, doc: String = "SGD step size") -> ParameterDescriptor {
        ParameterDescriptor("learning_rate", kind: .double, default: .double(d), range: 1e-9...10, doc: doc)
    }
    static func batchSizeParameter(_ d: Int, doc: String = "mini-batch size") -> ParameterDescriptor {
        ParameterDescriptor("batch_size", kind: .int, default: .int(d), range: 1...1_000_000, doc: doc)
    }
    static func regularizationParameter(_ d: Double, doc: String = "L2 penalty on factors") -> ParameterDescriptor {
        ParameterDescriptor("regularization", kind: .double, default: .double(d), range: 0...1e6, doc: doc)
    }
    static func initStdParameter(_ d: Double) -> ParameterDescriptor {
        ParameterDescriptor("init_std", kind: .double, default: .double(d), range: 0...10, doc: "standard deviation of the Gaussian factor initialisation")
    }
    static let threadsParameter = ParameterDescriptor("threads", kind: .int, default: .int(1), range: 1...64,
                                                      doc: "Hogwild threads (1 = bit-exact under the seed)")

    /// Matrix factorisation: biased MF (ratings), BPR and pointwise logistic MF (implicit), iALS.
    static let factorization: [ModelFactory] = [
        ModelFactory(descriptor: ModelDescriptor(
            type: "biased_mf", summary: "Biased matrix factorisation by SGD (Funk SVD; Koren et al. 2009) for rating prediction.",
            parameters: [factorsParameter(100), epochsParameter(20), learningRateParameter(0.005), regularizationParameter(0.02),
                         ParameterDescriptor("bias_regularization", kind: .double, default: .double(0.02), range: 0...1e6, doc: "L2 penalty on user and item biases"),
                         initStdParameter(0.1),
                         ParameterDescriptor("learning_rate_decay", kind: .double, default: .double(1), range: 1e-6...1,
                                             doc: "step size multiplier per epoch (1 = constant)")],
            epochTrained: true)) { p, seed in
            BiasedMF(factors: p.int("factors", default: 100), epochs: p.int("epochs", default: 20),
                     learningRate: Float(p.double("learning_rate", default: 0.005)),
                     regularization: Float(p.double("regularization", default: 0.02)),
                     biasRegularization: Float(p.double("bias_regularization", default: 0.02)),
                     initStd: Float(p.double("init_std", default: 0.1)),
                     learningRateDecay: Float(p.double("learning_rate_decay", default: 1)), seed: seed)
        },
        ModelFactory(descriptor: ModelDescriptor(
            type: "bpr", summary: "Bayesian personalised ranking MF with uniform negative sampling (Rendle et al. 2009).",
            parameters: [factorsParameter(64), epochsParameter(30), learningRateParameter(0.05), regularizationParameter(0.001),
                         ParameterDescriptor("item_bias", kind: .bool, default: .bool(true), doc: "learn an item bias"),
                         initStdParameter(0.1), threadsParameter],
            epochTrained: true)) { p, seed in
            BPR(factors: p.int("factors", default: 64), epochs: p.int("epochs", default: 30),
                learningRate: Float(p.double("learning_rate", default: 0.05)),
                regularization: Float(p.double("regularization", default: 0.001)),
                itemBias: p.bool("item_bias", default: true), initStd: Float(p.double("init_std", default: 0.1)),
                threads: p.int("threads", default: 1), seed: seed)
        },
        ModelFactory(descriptor: ModelDescriptor(
            type: "pointwise_mf", summary: "MF with sigmoid + binary cross-entropy on each positive and k sampled negatives.",
            parameters: [factorsParameter(32),
                         ParameterDescriptor("negatives", kind: .int, default: .int(4), range: 1...1000, doc: "sampled negatives per positive"),
                         epochsParameter(20), learningRateParameter(0.05), regularizationParameter(0.001), initStdParameter(0.1)],
            epochTrained: true)) { p, seed in
            PointwiseMF(factors: p.int("factors", default: 32), negatives: p.int("negatives", default: 4),
                        epochs: p.int("epochs", default: 20), learningRate: Float(p.double("learning_rate", default: 0.05)),
                        regularization: Float(p.double("regularization", default: 0.001)),
                        initStd: Float(p.double("init_std", default: 0.1)), seed: seed)
        },
        ModelFactory(descriptor: ModelDescriptor(
            type: "implicit_als", summary: "Weighted ALS for implicit feedback, confidence 1 + α·r (Hu, Koren & Volinsky 2008).",
            parameters: [factorsParameter(64),
                         ParameterDescriptor("epochs", kind: .int, default: .int(15), range: 1...10_000, doc: "ALS iterations (user and item half-steps each)"),
                         regularizationParameter(0.01, doc: "L2 penalty λ on factors"),
                         ParameterDescriptor("alpha", kind: .double, default: .double(40), range: 0...1e6, doc: "confidence scale α"),
                         ParameterDescriptor("solver", kind: .choice(ALSSolver.allCases.map(\.rawValue)), default: .string("cholesky"),
                                             doc: "cholesky (exact, LAPACKE) or cg (conjugate gradient, Takács et al. 2011)"),
                         ParameterDescriptor("cg_steps", kind: .int, default: .int(3), range: 1...100, doc: "conjugate-gradient steps per solve"),
                         initStdParameter(0.01)],
            epochTrained: true)) { p, seed in
            let solverName = p.string("solver", default: "cholesky")
            guard let solver = ALSSolver(rawValue: solverName) else {
                throw ModelError.invalidParameter(model: "implicit_als", name: "solver", detail: "unknown '\(solverName)'")
            }
            return ImplicitALS(factors: p.int("factors", default: 64), iterations: p.int("epochs", default: 15),
                               regularization: Float(p.double("regularization", default: 0.01)),
                               alpha: Float(p.double("alpha", default: 40)), solver: solver,
                               cgSteps: p.int("cg_steps", default: 3), initStd: Float(p.double("init_std", default: 0.01)), seed: seed)
        },
    ]
}
