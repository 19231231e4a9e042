import RecConfig

/// The parameters shared by RecLab's pointwise neural recommenders (`mlp`, `neumf`). Spec parameters
/// are scalars, so the hidden widths come as a comma-separated string, checked with the other
/// cross-field rules in `violations()`.
///
/// ```swift
/// let h = NeuralConfig { $0.factors = 32; $0.hidden = "64,32" }
/// h.hiddenWidths                    // [64, 32]
/// ```
public struct NeuralConfig: Configuration {
    /// Training objective: pointwise binary cross-entropy with sampled negatives (implicit feedback)
    /// or mean squared error on explicit ratings.
    public enum Objective: String, Sendable, CaseIterable, ChoiceParameter { case bce, mse }

    @Param(in: 1...4096, doc: "latent dimension")
    public var factors = 32
    @Param(doc: "comma-separated widths of the ReLU layers")
    public var hidden = "64,32"
    @Param(in: 1...1000, doc: "sampled negatives per positive (bce)")
    public var negatives = 4
    @Param(in: 1...100_000, doc: "training epochs (at most, with early stopping)")
    public var epochs = 20
    @Param(in: 1...1_000_000, doc: "mini-batch size")
    public var batchSize = 256
    @Param(in: Bounds(lower: 0, upper: 10, includesLower: false), doc: "Adam step size")
    public var learningRate: Float = 0.001
    @Param(in: 0...10, doc: "L2 weight decay")
    public var weightDecay: Float = 0
    @Param(in: 0..<1, doc: "dropout on the last hidden layer")
    public var dropout: Float = 0
    /// Probability, per training sample, of replacing the user by the shared learned "unknown user"
    /// embedding and its cold profile row.
    @Param(in: 0..<1, doc: "share of training rows whose user embedding and profile are replaced by the learned 'unknown user' and the cold profile (user cold start)")
    public var coldDropout: Float = 0.1
    /// Item cold start needs it; for user cold start it only hides item identities, so 0 suits that task.
    @Param(in: 0..<1, doc: "the same for items, drawn independently (item cold start; 0 keeps every item's identity)")
    public var itemColdDropout: Float = 0.1
    /// 0 visits every training interaction once per epoch (heavy users dominate); otherwise each epoch
    /// draws as many positives, the user with probability ∝ n_u^(1−β), then one of their items.
    @Param(in: 0...1, doc: "β: positives drawn per user ∝ n_u^(1−β) (0: every interaction once per epoch; 1: every user equally)")
    public var userBalance: Float = 0
    @Param(in: 0...1024, doc: "k of the bilinear profile × item term added to the logit (factorisation-machine style; 0 = off)")
    public var profileFactors = 0
    @Param(doc: "feed the user profile features")
    public var useUserProfile = true
    @Param(doc: "feed the item features")
    public var useItemProfile = true
    @Param(doc: "bce: implicit feedback with sampled negatives; mse: rating prediction")
    public var objective = Objective.bce

    public init() {}

    /// The hidden widths (validated: at least one, each ≥ 1).
    public var hiddenWidths: [Int] { Self.widths(hidden) ?? [] }

    /// Positive widths from `"64, 32"`, or nil when the text is not such a list ("" gives []).
    static func widths(_ text: String) -> [Int]? {
        if text.allSatisfy({ $0 == " " }) { return [] }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.filter { $0 != " " } }
        let widths = parts.compactMap { Int($0) }
        return widths.count == parts.count && widths.allSatisfy({ (1...65_536).contains($0) }) ? widths : nil
    }

    public func violations() -> [ConfigurationViolation] {
        var out: [ConfigurationViolation] = []
        if (Self.widths(hidden) ?? []).isEmpty {
            out.append(ConfigurationViolation("hidden", "\"\(hidden)\" is not a list of layer widths", fix: "use comma-separated widths such as \"64,32\""))
        }
        if profileFactors > 0 && !useUserProfile && !useItemProfile {
            out.append(ConfigurationViolation("profile_factors", "needs profile features", fix: "set use_user_profile or use_item_profile, or profile_factors 0"))
        }
        return out
    }
}
