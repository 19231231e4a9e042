import RecAutodiff
import RecCore

/// What the shared trainer needs from a neural recommender's network: construction under a seed,
/// a logit per sample, and the pieces the fast scorer reads (the tower, the output layer, the GMF
/// tables when there are any).
protocol NeuralNetwork: Module where Input == NeuralBatch, Output == Tensor {
    init(users: Int, items: Int, factors: Int, features: Int, hidden: [Int], interactionFactors: Int,
         generator: inout SeededGenerator)
    var tower: FeatureTower { get }
    /// The profile × item term (`ProfileInteraction.enabled` false when off).
    var interaction: ProfileInteraction { get }
    var output: Dense { get }
    /// GMF user and item tables (NeuMF), nil for the plain MLP.
    var gmfTables: (users: Tensor, items: Tensor)? { get }
}

/// The MLP recommender's network: `ŷ = w·h + b` over the feature tower's last layer `h`, plus the
/// profile × item term `t(u, i)` when it is on (`ProfileInteraction`).
struct MLPNetwork: NeuralNetwork {
    var tower: FeatureTower
    var output: Dense
    var interaction: ProfileInteraction

    init(users: Int, items: Int, factors: Int, features: Int, hidden: [Int], interactionFactors: Int,
         generator: inout SeededGenerator) {
        tower = FeatureTower(users: users, items: items, factors: factors, features: features, hidden: hidden, generator: &generator)
        output = Dense(inputSize: tower.outputWidth, outputSize: 1, generator: &generator)
        interaction = ProfileInteraction(features: features, items: items, factors: interactionFactors, generator: &generator)
    }

    var gmfTables: (users: Tensor, items: Tensor)? { nil }

    @differentiable(reverse, wrt: self)
    func callAsFunction(_ batch: NeuralBatch) -> Tensor {
        interaction.adding(to: output(tower(batch)), batch)
    }

    mutating func visitParameters<V: ParameterVisitor>(_ visitor: inout V, along direction: TangentVector) {
        tower.visitParameters(&visitor, along: direction.tower)
        output.visitParameters(&visitor, along: direction.output)
        interaction.visitParameters(&visitor, along: direction.interaction)
    }
}

/// NeuMF's network (He et al. 2017, eq. 12): `ŷ = wᵀ [p^G_u ⊙ q^G_i ⊕ h^MLP_ui] + b` — a generalised
/// matrix factorisation branch with its own embeddings beside the feature tower, fused by one output layer
/// — plus the profile × item term when it is on.
struct NeuMFNetwork: NeuralNetwork {
    var gmfUsers: Embedding
    var gmfItems: Embedding
    var tower: FeatureTower
    var output: Dense
    var interaction: ProfileInteraction

    init(users: Int, items: Int, factors: Int, features: Int, hidden: [Int], interactionFactors: Int,
         generator: inout SeededGenerator) {
        gmfUsers = Embedding(count: users + 1, dimension: factors, generator: &generator)
        gmfItems = Embedding(count: items + 1, dimension: factors, generator: &generator)
        tower = FeatureTower(users: users, items: items, factors: factors, features: features, hidden: hidden, generator: &generator)
        output = Dense(inputSize: factors + tower.outputWidth, outputSize: 1, generator: &generator)
        interaction = ProfileInteraction(features: features, items: items, factors: interactionFactors, generator: &generator)
    }

    var gmfTables: (users: Tensor, items: Tensor)? { (gmfUsers.table, gmfItems.table) }

    @differentiable(reverse, wrt: self)
    func callAsFunction(_ batch: NeuralBatch) -> Tensor {
        interaction.adding(to: output(concatFeatures(gmfUsers(batch.users) * gmfItems(batch.items), tower(batch))), batch)
    }

    mutating func visitParameters<V: ParameterVisitor>(_ visitor: inout V, along direction: TangentVector) {
        gmfUsers.visitParameters(&visitor, along: direction.gmfUsers)
        gmfItems.visitParameters(&visitor, along: direction.gmfItems)
        tower.visitParameters(&visitor, along: direction.tower)
        output.visitParameters(&visitor, along: direction.output)
        interaction.visitParameters(&visitor, along: direction.interaction)
    }
}
