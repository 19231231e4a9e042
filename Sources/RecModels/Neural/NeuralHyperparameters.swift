import RecCore

/// The hyper-parameters shared by RecLab's neural recommenders (`NeuralMLP`, `NeuMF`), with their
/// validation. Spec parameters are scalars, so the hidden widths come as a comma-separated string.
///
/// ```swift
/// let h = NeuralHyperparameters(factors: 32, hidden: "64,32", negatives: 4)
/// try h.validate(model: "mlp")      // throws ModelError.invalidParameter on impossible values
/// h.hiddenWidths                    // [64, 32]
/// ```
public struct NeuralHyperparameters: Sendable, Equatable {
    /// Training objective: pointwise binary cross-entropy with sampled negatives (implicit feedback)
    /// or mean squared error on explicit ratings.
    public enum Objective: String, Sendable, CaseIterable { case bce, mse }

    /// Embedding dimension (typ. 8–128).
    public var factors: Int
    /// Hidden ReLU widths, comma-separated, at least one layer ("64,32").
    public var hidden: String
    /// Sampled negatives per positive in `bce` mode (typ. 1–10).
    public var negatives: Int
    /// Epochs (typ. 5–100).
    public var epochs: Int
    /// Samples per mini-batch (typ. 64–4096).
    public var batchSize: Int
    /// Adam step η (typ. 1e-4–1e-2).
    public var learningRate: Float
    /// L2 weight decay λ added to gradients (typ. 0–1e-4).
    public var weightDecay: Float
    /// Dropout rate on the last hidden layer during training, in [0, 1).
    public var dropout: Float
    /// Probability, per training sample, of replacing the user by the shared learned "unknown user"
    /// embedding and its cold profile row, in [0, 1).
    public var coldDropout: Float
    /// The same for the item, drawn independently ("unknown item"), in [0, 1). Item cold start needs
    /// it; for user cold start it only hides item identities, so 0 suits that task.
    public var itemColdDropout: Float
    /// β of user-balanced sampling of the positives, in [0, 1]: 0 visits every training interaction
    /// once per epoch (heavy users dominate); otherwise each epoch draws as many positives, the user
    /// with probability ∝ n_u^(1−β) and then one of their items uniformly, so β = 1 weighs every user
    /// the same — as per-user metrics do, and as a cold user, who brings no history, is best served.
    public var userBalance: Float
    /// k of the profile × item term (`ProfileInteraction`); 0 leaves it out. Needs profile features.
    public var profileFactors: Int
    /// Whether the user's profile features are input.
    public var useUserProfile: Bool
    /// Whether the item's features are input.
    public var useItemProfile: Bool
    /// "bce" or "mse" (see `Objective`).
    public var objective: String
    /// Seed of initialisation, sampling, dropout.
    public var seed: UInt64

    public init(factors: Int = 32, hidden: String = "64,32", negatives: Int = 4, epochs: Int = 20,
                batchSize: Int = 256, learningRate: Float = 0.001, weightDecay: Float = 0, dropout: Float = 0,
                coldDropout: Float = 0.1, itemColdDropout: Float = 0.1, userBalance: Float = 0,
                profileFactors: Int = 0, useUserProfile: Bool = true, useItemProfile: Bool = true,
                objective: String = "bce", seed: UInt64 = 0) {
        self.factors = factors; self.hidden = hidden; self.negatives = negatives; self.epochs = epochs
        self.batchSize = batchSize; self.learningRate = learningRate; self.weightDecay = weightDecay
        self.dropout = dropout; self.coldDropout = coldDropout; self.itemColdDropout = itemColdDropout
        self.userBalance = userBalance; self.profileFactors = profileFactors; self.useUserProfile = useUserProfile
        self.useItemProfile = useItemProfile; self.objective = objective; self.seed = seed
    }

    /// The hidden widths parsed from `hidden` (empty when unparsable; `validate` reports why).
    public var hiddenWidths: [Int] { Self.widths(hidden) ?? [] }

    /// Comma-separated positive layer widths ("64,32" → [64, 32], "" → []), nil when a part is not a
    /// positive integer. Shared by the neural models' `hidden` parameters.
    static func widths(_ text: String) -> [Int]? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: " ") }
        let widths = parts.compactMap { Int($0) }
        return widths.count == parts.count && widths.allSatisfy({ $0 >= 1 }) ? widths : nil
    }

    /// The parsed objective (nil when unknown).
    public var parsedObjective: Objective? { Objective(rawValue: objective.lowercased()) }

    /// Throws `ModelError.invalidParameter` naming the first impossible value.
    public func validate(model: String) throws {
        func require(_ ok: Bool, _ name: String, _ detail: String) throws {
            if !ok { throw ModelError.invalidParameter(model: model, name: name, detail: detail) }
        }
        try require(factors >= 1, "factors", "must be at least 1, got \(factors)")
        let widths = hiddenWidths
        try require(!widths.isEmpty && widths.allSatisfy { $0 >= 1 }, "hidden",
                    "must be comma-separated positive widths such as \"64,32\", got \"\(hidden)\"")
        try require(negatives >= 0, "negatives", "must be non-negative, got \(negatives)")
        try require(epochs >= 1, "epochs", "must be at least 1, got \(epochs)")
        try require(batchSize >= 1, "batchSize", "must be at least 1, got \(batchSize)")
        try require(learningRate > 0 && learningRate.isFinite, "learningRate", "must be positive, got \(learningRate)")
        try require(weightDecay >= 0 && weightDecay.isFinite, "weightDecay", "must be non-negative, got \(weightDecay)")
        try require(dropout >= 0 && dropout < 1, "dropout", "must be in [0, 1), got \(dropout)")
        try require(coldDropout >= 0 && coldDropout < 1, "coldDropout", "must be in [0, 1), got \(coldDropout)")
        try require(itemColdDropout >= 0 && itemColdDropout < 1, "itemColdDropout", "must be in [0, 1), got \(itemColdDropout)")
        try require(userBalance >= 0 && userBalance <= 1, "userBalance", "must be in [0, 1], got \(userBalance)")
        try require(profileFactors >= 0, "profileFactors", "must be non-negative, got \(profileFactors)")
        try require(profileFactors == 0 || useUserProfile || useItemProfile, "profileFactors",
                    "needs profile features: set useUserProfile (use_user_profile) or use 0")
        try require(parsedObjective != nil, "objective", "must be \"bce\" or \"mse\", got \"\(objective)\"")
    }
}

private extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
