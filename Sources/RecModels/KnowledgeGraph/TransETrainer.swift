import RecAutodiff
import RecCore
import RecData

/// Hyper-parameters of TransE training (`TransETrainer`). Defaults are Bordes et al.'s FB15k
/// choice (k = 50, γ = 1, L1, λ = 0.01), with 50 epochs over mini-batches of 1,024 triples.
///
/// ```swift
/// let options = TransEOptions(dimension: 32, epochs: 100, margin: 2, learningRate: 0.01, distance: .l2, seed: 7)
/// ```
public struct TransEOptions: Sendable, Equatable {
    /// k, width of entity and relation embeddings.
    public var dimension: Int
    /// Passes over the triples.
    public var epochs: Int
    /// γ of the margin ranking loss.
    public var margin: Float
    /// SGD step λ (per triple: the batch loss is a sum, so the step does not depend on the batch size).
    public var learningRate: Float
    /// L1 or L2 dissimilarity.
    public var distance: TransEDistance
    /// Triples per SGD step.
    public var batchSize: Int
    /// Seeds the initial tables, the shuffles and the corruptions.
    public var seed: UInt64

    public init(dimension: Int = 50, epochs: Int = 50, margin: Float = 1, learningRate: Float = 0.01,
                distance: TransEDistance = .l1, batchSize: Int = 1024, seed: UInt64 = 0) {
        self.dimension = dimension; self.epochs = epochs; self.margin = margin; self.learningRate = learningRate
        self.distance = distance; self.batchSize = batchSize; self.seed = seed
    }

    /// Throws `ModelError.invalidParameter` naming the spec parameter of `model`.
    func validate(model: String) throws {
        try FactorSupport.require((1...1024).contains(dimension), model, "transe_dim", "must be in 1…1024, got \(dimension)")
        try FactorSupport.require((1...10_000).contains(epochs), model, "transe_epochs", "must be in 1…10000, got \(epochs)")
        try FactorSupport.require(margin > 0 && margin.isFinite, model, "transe_margin", "must be a finite number > 0, got \(margin)")
        try FactorSupport.require(learningRate > 0 && learningRate.isFinite, model, "transe_lr", "must be a finite number > 0, got \(learningRate)")
        try FactorSupport.require(batchSize >= 1, model, "batchSize", "must be ≥ 1, got \(batchSize) (TransEOptions; not a spec parameter)")
    }
}

/// Trains `TransE` on a knowledge graph's triples (Bordes et al. 2013, Algorithm 1) with RecAutodiff:
/// each epoch shuffles the triples, pairs each with a corruption that replaces its head or its tail
/// (probability ½ each) by a uniformly drawn entity, and takes one SGD step per mini-batch on the
/// summed hinge. Before a step, the entities the batch looks up are renormalised to unit L2 norm —
/// the same as Algorithm 1's renormalisation of every entity per step, because a row's norm only
/// matters when it is looked up (and `entityEmbeddings` normalises all rows at the end).
///
/// Single-threaded and bit-reproducible under `options.seed`: epoch e draws from
/// `SeededGenerator.derived(seed:stream: e)`.
///
/// ```swift
/// let trainer = try TransETrainer(graph: graph, options: TransEOptions(seed: 3))
/// let losses = trainer.train()                 // one ["loss": …, "violations": …] per epoch
/// let vectors = trainer.entityEmbeddings        // entities × k, unit rows
/// ```
public final class TransETrainer {
    public let options: TransEOptions
    /// The model being trained.
    public private(set) var model: TransE
    /// Epochs done so far.
    public private(set) var epoch = 0
    let heads: [Int32], relations: [Int32], tails: [Int32]
    private let optimizer: SGD<TransE>

    /// A trainer over the graph's triples; throws on bad options or a graph without triples.
    public init(graph: KnowledgeGraph, options: TransEOptions, model name: String = "transe") throws {
        try options.validate(model: name)
        try FactorSupport.require(graph.tripleCount > 0 && graph.entities.count > 1, name, "dataset",
                                  "TransE needs a knowledge graph with triples and at least two entities")
        self.options = options
        heads = graph.heads; relations = graph.relationOfTriple; tails = graph.tails
        var rng = SeededGenerator(seed: options.seed)
        model = TransE(entityCount: graph.entities.count, relationCount: max(1, graph.relations.count),
                       dimension: options.dimension, distance: options.distance, margin: options.margin, generator: &rng)
        optimizer = SGD<TransE>(learningRate: options.learningRate)
    }

    /// Runs the remaining epochs; returns each epoch's losses.
    @discardableResult
    public func train() -> [[String: Double]] {
        var out: [[String: Double]] = []
        while epoch < options.epochs { out.append(trainEpoch()) }
        return out
    }

    /// One pass over the triples: `loss` is the mean hinge per triple, `violations` the share of
    /// pairs with a positive hinge (the corruption closer than the true triple plus γ).
    @discardableResult
    public func trainEpoch() -> [String: Double] {
        var rng = SeededGenerator.derived(seed: options.seed, stream: UInt64(epoch))
        let n = heads.count, entityCount = model.entities.count
        let order = rng.permutation(n)
        var model = self.model
        var total = 0.0, violations = 0
        // One batch's id lists, refilled in place for every mini-batch.
        var batch = TransE.Batch(heads: [], relations: [], tails: [], corruptedHeads: [], corruptedTails: [])
        let lists = [\TransE.Batch.heads, \.relations, \.tails, \.corruptedHeads, \.corruptedTails]
        for list in lists { batch[keyPath: list].reserveCapacity(min(n, options.batchSize)) }
        var start = 0
        while start < n {
            let end = min(n, start + options.batchSize)
            for list in lists { batch[keyPath: list].removeAll(keepingCapacity: true) }
            for k in start..<end {
                let t = order[k], h = heads[t], tail = tails[t]
                batch.heads.append(h); batch.relations.append(relations[t]); batch.tails.append(tail)
                let random = Int32(rng.nextInt(below: entityCount))
                if rng.next() & 1 == 0 {
                    batch.corruptedHeads.append(random); batch.corruptedTails.append(tail)
                } else {
                    batch.corruptedHeads.append(h); batch.corruptedTails.append(random)
                }
            }
            for ids in [batch.heads, batch.tails, batch.corruptedHeads, batch.corruptedTails] {
                model.entities.table.normalizeRows(ids)
            }
            let (hinges, pullback) = valueWithPullback(at: model) { m in m(batch) }
            var active = 0
            for v in hinges.scalars where v > 0 { active += 1; total += Double(v) }
            violations += active
            if active > 0 {   // otherwise every gradient is 0
                optimizer.update(&model, along: pullback(Tensor(rows: hinges.rows, cols: 1, repeating: 1)))
            }
            start = end
        }
        self.model = model
        epoch += 1
        return ["loss": total / Double(max(1, n)), "violations": Double(violations) / Double(max(1, n))]
    }

    /// The entity embeddings with every row scaled to unit L2 norm, `entities × k`.
    public var entityEmbeddings: DenseMatrix {
        var table = model.entities.table
        table.normalizeRows(0..<table.rows)
        return DenseMatrix(table)
    }
}
