/// A neural recommender built from `NeuralHyperparameters` (`NeuralMLP`, `NeuMF`), with an
/// initialiser that takes the hyper-parameters one by one.
///
/// ```swift
/// let mlp = NeuralMLP(factors: 16, hidden: "32,16", profileFactors: 8, seed: 1)
/// let same = NeuralMLP(NeuralHyperparameters(factors: 16, hidden: "32,16", profileFactors: 8, seed: 1))
/// ```
public protocol NeuralRecommender: EpochTrainable {
    /// A model with the given hyper-parameters.
    init(_ hyperparameters: NeuralHyperparameters)
}

extension NeuralRecommender {
    /// A model with hyper-parameters given one by one (meanings and ranges: `NeuralHyperparameters`).
    public init(factors: Int = 32, hidden: String = "64,32", negatives: Int = 4, epochs: Int = 20,
                batchSize: Int = 256, learningRate: Float = 0.001, weightDecay: Float = 0, dropout: Float = 0,
                coldDropout: Float = 0.1, itemColdDropout: Float = 0.1, userBalance: Float = 0,
                profileFactors: Int = 0, useUserProfile: Bool = true, useItemProfile: Bool = true,
                objective: String = "bce", seed: UInt64 = 0) {
        self.init(NeuralHyperparameters(
            factors: factors, hidden: hidden, negatives: negatives, epochs: epochs, batchSize: batchSize,
            learningRate: learningRate, weightDecay: weightDecay, dropout: dropout, coldDropout: coldDropout,
            itemColdDropout: itemColdDropout, userBalance: userBalance, profileFactors: profileFactors,
            useUserProfile: useUserProfile, useItemProfile: useItemProfile, objective: objective, seed: seed))
    }
}
