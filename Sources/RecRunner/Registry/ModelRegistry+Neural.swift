import RecAutodiff
import RecModels
import RecSpec

extension ModelRegistry {
    /// Parameters shared by the MLP and NeuMF.
    static let neuralParameters: [ParameterDescriptor] = [
        factorsParameter(32),
        ParameterDescriptor("hidden", kind: .string, default: .string("64,32"), doc: "comma-separated widths of the ReLU layers"),
        ParameterDescriptor("negatives", kind: .int, default: .int(4), range: 1...1000, doc: "sampled negatives per positive (bce)"),
        epochsParameter(20),
        batchSizeParameter(256),
        learningRateParameter(0.001, doc: "Adam step size"),
        ParameterDescriptor("weight_decay", kind: .double, default: .double(0), range: 0...10, doc: "L2 weight decay"),
        ParameterDescriptor("dropout", kind: .double, default: .double(0), range: 0...0.95, doc: "dropout on hidden layers"),
        ParameterDescriptor("cold_dropout", kind: .double, default: .double(0.1), range: 0...1,
                            doc: "share of training rows whose user embedding and profile are replaced by the learned 'unknown user' and the cold profile (user cold start)"),
        ParameterDescriptor("item_cold_dropout", kind: .double, default: .double(0.1), range: 0...1,
                            doc: "the same for items, drawn independently (item cold start; 0 keeps every item's identity)"),
        ParameterDescriptor("user_balance", kind: .double, default: .double(0), range: 0...1,
                            doc: "β: positives drawn per user ∝ n_u^(1−β) (0: every interaction once per epoch; 1: every user equally)"),
        ParameterDescriptor("profile_factors", kind: .int, default: .int(0), range: 0...1024,
                            doc: "k of the bilinear profile × item term added to the logit (factorisation-machine style; 0 = off)"),
        ParameterDescriptor("use_user_profile", kind: .bool, default: .bool(true), doc: "feed the user profile features"),
        ParameterDescriptor("use_item_profile", kind: .bool, default: .bool(true), doc: "feed the item features"),
        ParameterDescriptor("objective", kind: .choice(["bce", "mse"]), default: .string("bce"),
                            doc: "bce: implicit feedback with sampled negatives; mse: rating prediction"),
    ]

    /// The neural hyper-parameters from a model entry's parameters (defaults as in `neuralParameters`).
    static func neuralHyperparameters(_ p: ModelParameters, seed: UInt64) -> NeuralHyperparameters {
        NeuralHyperparameters(
            factors: p.int("factors", default: 32), hidden: p.string("hidden", default: "64,32"),
            negatives: p.int("negatives", default: 4), epochs: p.int("epochs", default: 20),
            batchSize: p.int("batch_size", default: 256), learningRate: Float(p.double("learning_rate", default: 0.001)),
            weightDecay: Float(p.double("weight_decay", default: 0)), dropout: Float(p.double("dropout", default: 0)),
            coldDropout: Float(p.double("cold_dropout", default: 0.1)),
            itemColdDropout: Float(p.double("item_cold_dropout", default: 0.1)),
            userBalance: Float(p.double("user_balance", default: 0)),
            profileFactors: p.int("profile_factors", default: 0),
            useUserProfile: p.bool("use_user_profile", default: true), useItemProfile: p.bool("use_item_profile", default: true),
            objective: p.string("objective", default: "bce"), seed: seed)
    }

    /// MLP recommender, NeuMF and the catalogue-softmax MLP, trained with RecAutodiff.
    static let neural: [ModelFactory] = [
        ModelFactory(descriptor: ModelDescriptor(
            type: "mlp", summary: "MLP over user ⊕ item embeddings ⊕ user profile ⊕ item features (Adam, autodiff); scores cold users from their profile.",
            parameters: neuralParameters, epochTrained: true)) { p, seed in
            NeuralMLP(neuralHyperparameters(p, seed: seed))
        },
        ModelFactory(descriptor: ModelDescriptor(
            type: "neumf", summary: "Neural matrix factorisation (He et al. 2017): GMF branch ⊕ MLP branch with profile features.",
            parameters: neuralParameters, epochTrained: true)) { p, seed in
            NeuMF(neuralHyperparameters(p, seed: seed))
        },
        ModelFactory(descriptor: ModelDescriptor(
            type: "softmax_mlp",
            summary: "Profile MLP tower with a softmax over the whole catalogue (YouTube DNN, Covington et al. 2016); a user is their profile, so cold users are scored like warm ones.",
            parameters: softmaxMLPParameters, epochTrained: true)) { p, seed in
            SoftmaxMLP(.init(hidden: p.string("hidden", default: "64"), activation: p.string("activation", default: "tanh"),
                             epochs: p.int("epochs", default: 100), batchSize: p.int("batch_size", default: 64),
                             learningRate: Float(p.double("learning_rate", default: 0.01)), l2: Float(p.double("l2", default: 0.1)),
                             coldDropout: Float(p.double("cold_dropout", default: 1)),
                             averaging: Float(p.double("averaging", default: 0)), seed: seed))
        },
    ]

    /// Parameters of `softmax_mlp`.
    static let softmaxMLPParameters: [ParameterDescriptor] = [
        ParameterDescriptor("hidden", kind: .string, default: .string("64"),
                            doc: "comma-separated widths of the user tower's hidden layers (\"\" for none: multinomial logistic regression)"),
        ParameterDescriptor("activation", kind: .choice(Activation.allCases.map(\.rawValue)), default: .string("tanh"),
                            doc: "hidden-layer nonlinearity"),
        epochsParameter(100),
        batchSizeParameter(64, doc: "users per mini-batch"),
        learningRateParameter(0.01, doc: "Adam step size"),
        ParameterDescriptor("l2", kind: .double, default: .double(0.1), range: 0...1000,
                            doc: "λ of λ·Σ‖W‖² on the weight matrices (the loss sums over a user's items; the item prior is not shrunk)"),
        ParameterDescriptor("cold_dropout", kind: .double, default: .double(1), range: 0...1,
                            doc: "probability that a training user is shown with their cold profile row in an epoch (1: attributes only, for user cold start)"),
        ParameterDescriptor("averaging", kind: .double, default: .double(0), range: 0...0.9999,
                            doc: "β of the moving average of the weights that scores, w̄ ← β w̄ + (1 − β) w per step (0: the last weights)"),
    ]
}
