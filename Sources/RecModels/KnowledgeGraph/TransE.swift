import RecAutodiff
import RecCore

/// The dissimilarity TransE measures between `h + r` and `t`.
public enum TransEDistance: String, Sendable, CaseIterable {
    /// `‖h + r − t‖₁ = Σ_c |h_c + r_c − t_c|` (Bordes et al. used it on FB15k).
    case l1
    /// `‖h + r − t‖₂ = √(Σ_c (h_c + r_c − t_c)² + 10⁻¹²)` (the tiny constant keeps the derivative finite at 0).
    case l2
}

/// TransE (Bordes, Usunier, García-Durán, Weston & Yakhnenko, "Translating Embeddings for Modeling
/// Multi-relational Data", NIPS 2013): entities and relations share one k-dimensional space, and a
/// true triple `(h, r, t)` should satisfy `h + r ≈ t`. Trained with the margin ranking loss over a
/// true triple and a corrupted one (head or tail replaced by a random entity),
///
///     L = Σ_{(h,r,t), (h',r,t')} [γ + d(h + r, t) − d(h' + r, t')]₊,
///
/// with `d` the L1 or L2 distance (`TransEDistance`) and `γ` the margin. Both tables start uniform in
/// ±6/√k, relations normalised once, entities renormalised to unit L2 norm before every step
/// (`TransETrainer`).
///
/// Built from RecAutodiff's primitives only: the entity table is looked up four times per batch
/// (`Embedding`, sparse row gradients), the distance is `rowSums(abs(·))` or `sqrt(rowSums(· * ·) + ε)`,
/// the hinge `relu`.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let model = TransE(entityCount: 8, relationCount: 3, dimension: 16, generator: &rng)
/// let hinges = model(TransE.Batch(heads: [0], relations: [0], tails: [1], corruptedHeads: [0], corruptedTails: [5]))
/// ```
public struct TransE: Module, Sendable {
    /// Entity embeddings, `entities × k`.
    public var entities: Embedding
    /// Relation embeddings, `relations × k`.
    public var relations: Embedding
    /// L1 or L2.
    @noDerivative public let distance: TransEDistance
    /// γ, the margin between a true triple's distance and its corruption's.
    @noDerivative public let margin: Float

    /// A mini-batch of true triples, each paired with one corruption (same relation).
    public struct Batch: Sendable {
        public var heads: [Int32], relations: [Int32], tails: [Int32]
        public var corruptedHeads: [Int32], corruptedTails: [Int32]

        public init(heads: [Int32], relations: [Int32], tails: [Int32], corruptedHeads: [Int32], corruptedTails: [Int32]) {
            precondition(heads.count == relations.count && heads.count == tails.count
                         && heads.count == corruptedHeads.count && heads.count == corruptedTails.count, "TransE.Batch: ragged")
            self.heads = heads; self.relations = relations; self.tails = tails
            self.corruptedHeads = corruptedHeads; self.corruptedTails = corruptedTails
        }
    }

    /// Wraps given tables.
    public init(entities: Embedding, relations: Embedding, distance: TransEDistance = .l1, margin: Float = 1) {
        precondition(entities.dimension == relations.dimension, "TransE: entity and relation widths differ")
        self.entities = entities; self.relations = relations; self.distance = distance; self.margin = margin
    }

    /// Tables drawn uniform in ±6/√k with unit-norm relations (Bordes et al., Algorithm 1, lines 1–3).
    public init(entityCount: Int, relationCount: Int, dimension: Int, distance: TransEDistance = .l1, margin: Float = 1,
                generator: inout SeededGenerator) {
        let limit = 6 / Float(dimension).squareRoot()
        let e = Embedding(count: entityCount, dimension: dimension, initializer: .uniform(limit: limit), generator: &generator)
        var r = Embedding(count: relationCount, dimension: dimension, initializer: .uniform(limit: limit), generator: &generator)
        r.table.normalizeRows(0..<relationCount)
        self.init(entities: e, relations: r, distance: distance, margin: margin)
    }

    /// Embedding width k.
    public var dimension: Int { entities.dimension }

    /// `d(h + r, t)` per triple, `batch × 1`.
    @differentiable(reverse, wrt: self)
    public func dissimilarity(heads: [Int32], relations ids: [Int32], tails: [Int32]) -> Tensor {
        Self.measure(entities(heads) + relations(ids) - entities(tails), distance)
    }

    /// The per-triple hinge `[γ + d(h + r, t) − d(h' + r, t')]₊`, `batch × 1`; the loss is its sum.
    @differentiable(reverse, wrt: self)
    public func callAsFunction(_ batch: Batch) -> Tensor {
        let positive = dissimilarity(heads: batch.heads, relations: batch.relations, tails: batch.tails)
        let negative = dissimilarity(heads: batch.corruptedHeads, relations: batch.relations, tails: batch.corruptedTails)
        return relu(positive - negative + margin)
    }

    /// Row-wise L1 or L2 norm of the translation residuals.
    @differentiable(reverse, wrt: residual)
    static func measure(_ residual: Tensor, _ distance: TransEDistance) -> Tensor {
        switch distance {
        case .l1: return rowSums(abs(residual))
        case .l2: return sqrt(rowSums(residual * residual) + 1e-12)
        }
    }

    public mutating func visitParameters<V: ParameterVisitor>(_ visitor: inout V, along direction: TangentVector) {
        entities.visitParameters(&visitor, along: direction.entities)
        relations.visitParameters(&visitor, along: direction.relations)
    }
}

extension Tensor {
    /// Scales rows `range` to unit L2 norm in place (rows of norm 0 stay 0).
    mutating func normalizeRows(_ range: Range<Int>) {
        let d = cols
        scalars.withUnsafeMutableBufferPointer { t in
            for r in range { normalizeRow(t.baseAddress! + r * d, width: d) }
        }
    }

    /// Scales the rows listed in `ids` to unit L2 norm in place (repeats are harmless: idempotent).
    mutating func normalizeRows(_ ids: [Int32]) {
        let d = cols
        scalars.withUnsafeMutableBufferPointer { t in
            for id in ids { normalizeRow(t.baseAddress! + Int(id) * d, width: d) }
        }
    }
}

@inline(__always)
private func normalizeRow(_ p: UnsafeMutablePointer<Float>, width d: Int) {
    var s: Float = 0
    for c in 0..<d { s += p[c] * p[c] }
    guard s > 0 else { return }
    let inv = 1 / s.squareRoot()
    for c in 0..<d { p[c] *= inv }
}
