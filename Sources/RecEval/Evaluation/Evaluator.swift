import RecCore
import RecData

/// Evaluates a model's rankings (or rating predictions) against one split's held-out interactions.
///
/// Setup fixes, once: the training matrix (its rows are excluded from each user's ranking, its column
/// counts give item popularity), the relevant test items per user, and optionally sampled negative
/// candidates. Users with no relevant test item are skipped; `users` lists the evaluated ones.
///
/// ```swift
/// let ev = Evaluator(train: trainCSR, test: split.test, relevanceThreshold: 4)
/// let requests = try MetricRequest.parseList("ndcg@5,10,20 recall@10 auc")
/// let result = try ev.evaluate(requests) { batch in model.scores(users: batch) }
/// result.mean("ndcg@10")
/// ```
public struct Evaluator: Sendable {
    /// Users × items training matrix.
    public let train: CSRMatrix
    /// The held-out interactions (test or validation).
    public let test: InteractionTable
    /// Evaluated users: those with at least one relevant test item, ascending.
    public let users: [Int32]
    /// Relevant items of each evaluated user (aligned with `users`).
    public let relevant: [RelevantItems]
    /// Per-user candidate lists (sampled evaluation: negatives ∪ relevant items); nil = full ranking.
    public let candidates: CSRMatrix?
    /// Training interactions per item, c_i.
    public let itemCounts: [Int]
    /// Item feature vectors for `diversity`.
    public var itemFeatures: ItemFeatures?
    /// Users scored per scorer call.
    public var batchSize = 256
    /// Worker threads for ranking and metrics.
    public var threads = Parallelism.maxThreads

    /// Number of items.
    public var itemCount: Int { train.cols }

    /// Prepares evaluation.
    /// - relevanceThreshold: with explicit ratings, only test interactions rated ≥ threshold are
    ///   relevant; nil (default) makes every test interaction relevant. Gains are the ratings (1 when
    ///   implicit), used by graded NDCG.
    /// - negatives: users × items sampled negatives (`NegativeSampler`); when given, each user ranks
    ///   only their negatives plus their relevant items.
    public init(train: CSRMatrix, test: InteractionTable, relevanceThreshold: Float? = nil,
                negatives: CSRMatrix? = nil, itemFeatures: ItemFeatures? = nil) {
        self.train = train; self.test = test; self.itemFeatures = itemFeatures
        itemCounts = train.columnCounts()
        var byUser = [[Int32]](repeating: [], count: train.rows)
        var gainsByUser = [[Float]](repeating: [], count: train.rows)
        for k in 0..<test.count {
            let r = test.ratings?[k]
            if let t = relevanceThreshold, let r, r < t { continue }
            let u = Int(test.users[k])
            byUser[u].append(test.items[k]); gainsByUser[u].append(r ?? 1)
        }
        var users: [Int32] = [], relevant: [RelevantItems] = []
        for u in 0..<train.rows where !byUser[u].isEmpty {
            users.append(Int32(u)); relevant.append(RelevantItems(byUser[u], gains: gainsByUser[u]))
        }
        self.users = users; self.relevant = relevant
        if let neg = negatives {
            precondition(neg.rows == train.rows && neg.cols == train.cols, "negatives must be users × items")
            var rows: [Int32] = [], cols: [Int32] = []
            for (u, rel) in zip(users, relevant) {
                let merged = Set(neg.row(Int(u)).indices).union(rel.items).sorted()
                rows.append(contentsOf: repeatElement(u, count: merged.count)); cols.append(contentsOf: merged)
            }
            candidates = CSRMatrix(rows: train.rows, cols: train.cols, rowIndices: rows, colIndices: cols,
                                   values: [Float](repeating: 1, count: cols.count))
        } else { candidates = nil }
    }

    /// The candidate set of user `u`.
    func candidateSet(_ u: Int) -> CandidateSet {
        if let c = candidates { return .only(c.indices[c.indptr[u]..<c.indptr[u + 1]]) }
        return .allExcept(train.indices[train.indptr[u]..<train.indptr[u + 1]])
    }

    /// Ranks every evaluated user with `scorer` (called once per batch of `batchSize` users; it returns
    /// batch × items scores) and computes the requested ranking metrics.
    public func evaluate(_ requests: [MetricRequest],
                         scorer: (_ userBatch: [Int32]) throws -> DenseMatrix) throws -> EvaluationResult {
        let plan = try EvaluationPlan(requests: requests, evaluator: self)
        let n = users.count, k = plan.maxK
        var values = [Double](repeating: 0, count: plan.metrics.count * n)
        var padded = [Int32](repeating: 0, count: n * k)
        var lengths = [Int](repeating: 0, count: n)
        for start in stride(from: 0, to: n, by: max(1, batchSize)) {
            let end = min(n, start + max(1, batchSize))
            let batch = Array(users[start..<end])
            let scores = try scorer(batch)
            guard scores.rows == batch.count, scores.cols == itemCount else {
                throw MetricError.badScoreShape(expected: "\(batch.count) × \(itemCount)", got: "\(scores.rows) × \(scores.cols)")
            }
            let ev = self
            values.withUnsafeMutableBufferPointer { vbuf in
                padded.withUnsafeMutableBufferPointer { pbuf in
                    lengths.withUnsafeMutableBufferPointer { lbuf in
                        let vw = SharedPointer(vbuf), items = SharedPointer(pbuf), counts = SharedPointer(lbuf)
                        Ranker.forEachTopK(scores: scores, k: k, threads: threads, minChunk: 8,
                                           candidates: { r in ev.candidateSet(Int(ev.users[start + r])) }) { ranked in
                            let pos = start + ranked.row
                            let view = UserRanking(ranked: ranked.items, relevant: ev.relevant[pos], itemCount: ev.itemCount,
                                                   candidates: ranked.candidates, scores: ranked.scores)
                            for (c, m) in plan.metrics.enumerated() { vw.write(m.value(view), at: c * n + pos) }
                            RankedLists.write(ranked.items, row: pos, k: k, items: items, lengths: counts)
                        }
                    }
                }
            }
        }
        return plan.result(users: users, values: values, lists: RankedLists(users: users, k: k, padded: padded, lengths: lengths))
    }

    /// Computes the requested ranking metrics from stored top-K lists (a user missing from `rankings`
    /// has an empty list). AUC then treats unlisted candidates as tied below the list.
    public func evaluate(_ requests: [MetricRequest], rankings: RankedLists) throws -> EvaluationResult {
        try evaluate(requests, rankings: rankings, users: users, relevant: relevant)
    }

    /// Shared path for stored lists over any user subset and relevance sets (item-group evaluation).
    func evaluate(_ requests: [MetricRequest], rankings: RankedLists, users: [Int32],
                  relevant: [RelevantItems]) throws -> EvaluationResult {
        let plan = try EvaluationPlan(requests: requests, evaluator: self)
        var rowIndex = [Int](repeating: -1, count: train.rows)
        for (r, u) in rankings.users.enumerated() { rowIndex[Int(u)] = r }
        let rowOf = rowIndex
        let n = users.count
        var values = [Double](repeating: 0, count: plan.metrics.count * n)
        let ev = self
        values.withUnsafeMutableBufferPointer { vbuf in
            let vw = SharedPointer(vbuf)
            Parallelism.forEachChunk(count: n, threads: threads, minChunk: 64) { range in
                for pos in range {
                    let u = Int(users[pos])
                    let list = rowOf[u] >= 0 ? rankings[rowOf[u]] : []
                    let view = UserRanking(ranked: list, relevant: relevant[pos], itemCount: ev.itemCount,
                                           candidates: ev.candidateSet(u), scores: nil)
                    for (c, m) in plan.metrics.enumerated() { vw.write(m.value(view), at: c * n + pos) }
                }
            }
        }
        let own = RankedLists(users: users, lists: users.map { rowOf[Int($0)] >= 0 ? Array(rankings[rowOf[Int($0)]]) : [] },
                              k: rankings.k)
        return plan.result(users: users, values: values, lists: own)
    }
}
