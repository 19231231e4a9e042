import RecAutodiff
import RecCore
import RecData
import RecTestSupport
import Testing
@testable import RecModels

@Suite struct TransETests {
    /// Deterministic tables in ±[0.05, 1].
    static func model(_ distance: TransEDistance, margin: Float, entities: [Float], relations: [Float], k: Int) -> TransE {
        TransE(entities: Embedding(table: Tensor(rows: entities.count / k, cols: k, scalars: entities)),
               relations: Embedding(table: Tensor(rows: relations.count / k, cols: k, scalars: relations)),
               distance: distance, margin: margin)
    }

    /// Σ_b w_b · hinge_b with distinct weights, so no entry of the gradient hides behind symmetry.
    @differentiable(reverse, wrt: m)
    static func loss(_ m: TransE, _ batch: TransE.Batch) -> Float {
        let weights = withoutDerivative(at: Tensor(column: (1...batch.heads.count).map(Float.init)))
        return sum(m(batch) * weights)
    }

    /// TransE gradient check: the automatic gradient of the weighted margin loss with respect to both
    /// tables (entities looked up four times, including repeated ids; the relation twice per triple)
    /// against central differences, for L1 and L2.
    @Test(arguments: TransEDistance.allCases)
    func transeGradientMatchesFiniteDifferences(_ distance: TransEDistance) throws {
        let k = 3, entityCount = 5, relationCount = 2
        let e = GradientCheck.randomValues(count: entityCount * k, seed: 11, scale: 1, margin: 0.05)
        let r = GradientCheck.randomValues(count: relationCount * k, seed: 12, scale: 1, margin: 0.05)
        // Triple 3 repeats triple 0's head (entity 0 gets gradient from several rows).
        let batch = TransE.Batch(heads: [0, 1, 2, 0], relations: [0, 1, 0, 1], tails: [1, 3, 4, 2],
                                 corruptedHeads: [3, 1, 2, 4], corruptedTails: [1, 0, 3, 2])
        // Margins chosen so the hinges mix active and inactive triples, none near the kink.
        let m0 = Self.model(distance, margin: 1, entities: e, relations: r, k: k)
        let pos = m0.dissimilarity(heads: batch.heads, relations: batch.relations, tails: batch.tails).scalars
        let neg = m0.dissimilarity(heads: batch.corruptedHeads, relations: batch.relations, tails: batch.corruptedTails).scalars
        for margin: Float in [0.3, 3] {
            for b in 0..<4 { try #require(abs(margin + pos[b] - neg[b]) > 0.02, "hinge \(b) at its kink") }
            // L1 residual components stay away from 0 so |·| is smooth within the step.
            for (h, rr, t) in [(batch.heads, batch.relations, batch.tails), (batch.corruptedHeads, batch.relations, batch.corruptedTails)] {
                for b in 0..<4 { for c in 0..<k {
                    let x = e[Int(h[b]) * k + c] + r[Int(rr[b]) * k + c] - e[Int(t[b]) * k + c]
                    try #require(distance == .l2 || abs(x) > 0.005)
                }}
            }
            let m = Self.model(distance, margin: margin, entities: e, relations: r, k: k)
            let g = gradient(at: m) { m in Self.loss(m, batch) }
            let analyticE = g.entities.densified(tableRows: entityCount, dimension: k).scalars
            let analyticR = g.relations.densified(tableRows: relationCount, dimension: k).scalars
            let numericE = GradientCheck.numericalGradient(at: e, step: 1e-3) { x in
                Double(Self.loss(Self.model(distance, margin: margin, entities: x, relations: r, k: k), batch))
            }
            let numericR = GradientCheck.numericalGradient(at: r, step: 1e-3) { x in
                Double(Self.loss(Self.model(distance, margin: margin, entities: e, relations: x, k: k), batch))
            }
            #expect(GradientCheck.maxError(analytic: analyticE, numeric: numericE) < 2e-3, "\(distance) γ \(margin) entities")
            #expect(GradientCheck.maxError(analytic: analyticR, numeric: numericR) < 2e-3, "\(distance) γ \(margin) relations")
            #expect(analyticE.contains { $0 != 0 } && analyticR.contains { $0 != 0 })
        }
        // A large margin makes every hinge active: the loss is then Σ w_b (γ + d⁺ − d⁻).
        let all = Self.model(distance, margin: 100, entities: e, relations: r, k: k)
        var expected: Float = 0
        for b in 0..<4 { expected += Float(b + 1) * (100 + pos[b] - neg[b]) }
        #expect(abs(Self.loss(all, batch) - expected) < 1e-3)
    }

    /// Films → directors and genres; 12 films, 3 directors, 2 genres (N-to-1 relations).
    static func filmGraph() -> KnowledgeGraph {
        var names = (0..<12).map { "film\($0)" }
        names += ["d0", "d1", "d2", "g0", "g1"]
        var heads: [Int32] = [], rels: [Int32] = [], tails: [Int32] = []
        for f in 0..<12 {
            heads.append(Int32(f)); rels.append(0); tails.append(Int32(12 + f % 3))
            heads.append(Int32(f)); rels.append(1); tails.append(Int32(15 + f % 2))
        }
        return KnowledgeGraph(entities: IndexMap(names), relations: IndexMap(["directed_by", "genre"]),
                              heads: heads, relationOfTriple: rels, tails: tails, itemEntity: (0..<12).map { Int32($0) })
    }

    /// On a small graph TransE must learn h + r ≈ t: the loss falls by far and, for every (held-in)
    /// triple, the true tail is the entity nearest to h + r.
    @Test func transeLearnsTranslationsOnASmallGraph() throws {
        let graph = Self.filmGraph()
        let trainer = try TransETrainer(graph: graph, options: TransEOptions(dimension: 16, epochs: 150, margin: 1,
                                                                             learningRate: 0.01, batchSize: 8, seed: 5))
        let losses = trainer.train()
        #expect(losses.count == 150)
        let first = losses[0]["loss"]!, last = losses[149]["loss"]!
        // Not to 0: a corruption that swaps in a film of the same director or genre is a true triple
        // (about a quarter of the corrupted heads here), whose hinge stays at γ.
        #expect(last < 0.2 * first, "loss \(first) → \(last)")
        let m = trainer.model
        let entityCount = graph.entities.count
        let candidates = (0..<Int32(entityCount)).map { $0 }
        for t in 0..<graph.tripleCount {
            let d = m.dissimilarity(heads: [Int32](repeating: graph.heads[t], count: entityCount),
                                    relations: [Int32](repeating: graph.relationOfTriple[t], count: entityCount),
                                    tails: candidates).scalars
            let best = d.indices.min { d[$0] < d[$1] }!
            #expect(best == Int(graph.tails[t]), "triple \(t): nearest \(best), true \(graph.tails[t])")
        }
        // Bit-reproducible under the seed.
        let again = try TransETrainer(graph: graph, options: trainer.options)
        again.train()
        #expect(again.entityEmbeddings == trainer.entityEmbeddings)
        let rows = trainer.entityEmbeddings
        for e in 0..<rows.rows {
            var s: Float = 0
            for c in 0..<rows.cols { s += rows[e, c] * rows[e, c] }
            #expect(abs(s - 1) < 1e-5)
        }
    }

    @Test func rejectsBadOptions() {
        let graph = Self.filmGraph()
        for bad in [TransEOptions(dimension: 0), TransEOptions(epochs: 0), TransEOptions(margin: 0),
                    TransEOptions(learningRate: -1), TransEOptions(batchSize: 0)] {
            #expect(throws: ModelError.self) { try TransETrainer(graph: graph, options: bad) }
        }
    }
}
