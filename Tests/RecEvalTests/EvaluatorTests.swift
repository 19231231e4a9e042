import Testing
import Foundation
import RecCore
import RecData
@testable import RecEval

/// Four users, six items.
/// train: u0 {0, 1}, u1 {2}, u2 {0}, u3 {}.
/// test:  u0 item 2 (rated 5), item 3 (rated 2); u1 item 0 (4); u3 item 5 (3); u2 none → skipped.
/// Scores give rankings (training items excluded, ties by index):
///   u0 [0.9, 0.8, 0.7, 0.1, 0.5, 0.2] → [2, 4, 5, 3]
///   u1 [0.1, 0.2, 0.9, 0.3, 0.3, 0.0] → [3, 4, 1, 0, 5]
///   u3 all 0                           → [0, 1, 2, 3, 4, 5]
@Suite struct EvaluatorTests {
    let train = CSRMatrix(rows: 4, cols: 6, rowIndices: [0, 0, 1, 2], colIndices: [0, 1, 2, 0], values: [1, 1, 1, 1])
    let test = InteractionTable(users: [0, 0, 1, 3], items: [2, 3, 0, 5], ratings: [5, 2, 4, 3])
    let allScores = DenseMatrix(rows: 4, cols: 6, storage: [
        0.9, 0.8, 0.7, 0.1, 0.5, 0.2,
        0.1, 0.2, 0.9, 0.3, 0.3, 0.0,
        0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
        0, 0, 0, 0, 0, 0,
    ])

    func scorer(_ batch: [Int32]) -> DenseMatrix {
        DenseMatrix(rows: batch.count, cols: 6, storage: batch.flatMap { Array(allScores.row(Int($0))) })
    }
    func close(_ a: Double, _ b: Double, _ tol: Double = 1e-12) -> Bool { abs(a - b) <= tol }

    @Test func fullRankingMetricsByHand() throws {
        var ev = Evaluator(train: train, test: test)
        ev.batchSize = 2   // two scorer calls
        #expect(ev.users == [0, 1, 3])
        let r = try ev.evaluate(try MetricRequest.parseList("hit@1 recall@2 ndcg@4 auc"), scorer: scorer)
        #expect(r.users == [0, 1, 3])
        #expect(r.columns == ["hit@1", "recall@2", "ndcg@4", "auc"])
        #expect(r.values("hit@1") == [1, 0, 0])
        #expect(r.values("recall@2") == [0.5, 0, 0])                      // u0 [2,4] finds 2 of {2,3}
        let ndcg = r.values("ndcg@4")!
        #expect(close(ndcg[0], (1 + 1 / log2(5.0)) / (1 + 1 / log2(3.0)))) // hits at ranks 1 and 4
        #expect(close(ndcg[1], 1 / log2(5.0)))                           // hit at rank 4
        #expect(ndcg[2] == 0)
        // AUC: u0 positives 2 (0.7), 3 (0.1) vs negatives 4 (0.5), 5 (0.2): 2/4.
        //      u1 positive 0 (0.1) beats only 5 (0.0) of {1, 3, 4, 5}: 1/4.
        //      u3 all tied: ½.
        #expect(r.values("auc") == [0.5, 0.25, 0.5])
        #expect(close(r.mean("hit@1")!, 1.0 / 3))
        #expect(r.rankings![0] == [2, 4, 5, 3] && r.rankings![1] == [3, 4, 1, 0])
    }

    @Test func storedListsGiveTheSameValues() throws {
        let ev = Evaluator(train: train, test: test)
        let req = try MetricRequest.parseList("precision@1,2 recall@2 ndcg@4 map@4 mrr@4 coverage@2 gini@2")
        let fromScores = try ev.evaluate(req, scorer: scorer)
        let fromLists = try ev.evaluate(req, rankings: fromScores.rankings!)
        #expect(fromLists.perUser == fromScores.perUser)
        #expect(fromLists.summary == fromScores.summary)
        // Coverage@2: lists {2,4}, {3,4}, {0,1} → 5 of 6 items.
        #expect(close(fromScores.mean("coverage@2")!, 5.0 / 6))
        #expect(fromScores.summaryNames == ["precision@1", "precision@2", "recall@2", "ndcg@4", "map@4", "mrr@4",
                                             "coverage@2", "gini@2"])
        // A user missing from the stored lists has an empty list and scores 0.
        let partial = RankedLists(users: [0], lists: [[2, 4]], k: 2)
        #expect(try ev.evaluate(req, rankings: partial).values("precision@1") == [1, 0, 0])
    }

    @Test func relevanceThresholdDropsLowRatingsAndUsers() throws {
        let ev = Evaluator(train: train, test: test, relevanceThreshold: 4)
        #expect(ev.users == [0, 1])                   // u3's only test rating is 3
        let r = try ev.evaluate([try MetricRequest.parse("hit@1")], scorer: scorer)
        #expect(r.values("hit@1") == [1, 0])
    }

    @Test func sampledEvaluationRanksNegativesPlusRelevant() throws {
        // Negatives: u0 {4}, u1 {5}, u3 {0}. Candidates: u0 {2,3,4} → [2, 4, 3]; u1 {0, 5} → [0, 5];
        // u3 {0, 5} tied → [0, 5]. hit@1 = [1, 1, 0].
        let negs = CSRMatrix(rows: 4, cols: 6, rowIndices: [0, 1, 3], colIndices: [4, 5, 0], values: [1, 1, 1])
        let ev = Evaluator(train: train, test: test, negatives: negs)
        let r = try ev.evaluate(try MetricRequest.parseList("hit@1,3 auc"), scorer: scorer)
        #expect(r.values("hit@1") == [1, 1, 0])
        #expect(r.rankings![0] == [2, 4, 3])
        // AUC over candidates: u0 2 beats 4, 3 loses → ½; u1 0 beats 5 → 1; u3 tie → ½.
        #expect(r.values("auc") == [0.5, 1, 0.5])
    }

    @Test func ratingMetricsPerUserAndPooled() throws {
        let ev = Evaluator(train: train, test: test)
        let r = try ev.evaluateRatings([try MetricRequest.parse("rmse"), try MetricRequest.parse("mae")]) { u, _ in
            [Float](repeating: 3, count: u.count)
        }
        // Errors vs constant 3: u0 (5, 2) → 2, 1; u1 (4) → 1; u3 (3) → 0.
        #expect(r.users == [0, 1, 3])
        #expect(close(r.values("rmse")![0], 2.5.squareRoot()))
        #expect(r.values("rmse")![1] == 1 && r.values("rmse")![2] == 0)
        #expect(close(r.mean("rmse")!, 1.5.squareRoot()))          // √((4 + 1 + 1 + 0) / 4)
        #expect(r.mean("mae") == 1)                                // (2 + 1 + 1 + 0) / 4
        #expect(throws: MetricError.self) { try ev.evaluate([try MetricRequest.parse("rmse")], scorer: scorer) }
    }

    @Test func itemGroupsRestrictTheRelevantSet() throws {
        let ev = Evaluator(train: train, test: test)
        let req = [try MetricRequest.parse("recall@2")]
        let lists = try ev.evaluate(req, scorer: scorer).rankings!
        let groups = Grouping(name: "popularity", labels: ["head", "tail"], groupOf: [0, 0, 0, 1, 1, 1])
        let byGroup = try ev.evaluate(req, rankings: lists, itemGroups: groups)
        // head: u0 R = {2}, list [2, 4] → 1; u1 R = {0}, list [3, 4] → 0. u3 has no head item.
        #expect(byGroup["head"]!.users == [0, 1] && byGroup["head"]!.values("recall@2") == [1, 0])
        // tail: u0 R = {3} → 0; u3 R = {5}, list [0, 1] → 0.
        #expect(byGroup["tail"]!.users == [0, 3] && byGroup["tail"]!.mean("recall@2") == 0)
    }

    @Test func negativeSamplerIsDeterministicAndExcludesSeenItems() {
        var rng = SeededGenerator(seed: 11)
        var ru: [Int32] = [], ri: [Int32] = [], tu: [Int32] = [], ti: [Int32] = []
        for u in 0..<30 {
            for _ in 0..<rng.nextInt(below: 20) { ru.append(Int32(u)); ri.append(Int32(rng.nextInt(below: 60))) }
            if u % 3 != 0 { for _ in 0..<3 { tu.append(Int32(u)); ti.append(Int32(rng.nextInt(below: 60))) } }
        }
        let tr = CSRMatrix(rows: 30, cols: 60, rowIndices: ru, colIndices: ri, values: [Float](repeating: 1, count: ru.count))
        let te = InteractionTable(users: tu, items: ti)
        let a = NegativeSampler.sample(train: tr, test: te, itemCount: 60, negativesPerUser: 10, seed: 5)
        let b = NegativeSampler.sample(train: tr, test: te, itemCount: 60, negativesPerUser: 10, seed: 5)
        let c = NegativeSampler.sample(train: tr, test: te, itemCount: 60, negativesPerUser: 10, seed: 6)
        #expect(a == b)
        #expect(a != c)
        let testByUser = te.positionsByUser(userCount: 30)
        for u in 0..<30 {
            let row = Array(a.row(u).indices)
            if testByUser[u].isEmpty { #expect(row.isEmpty); continue }
            let seen = Set(tr.row(u).indices).union(testByUser[u].map { te.items[$0] })
            #expect(row.count == min(10, 60 - seen.count))
            #expect(Set(row).isDisjoint(with: seen))
            #expect(row == row.sorted() && Set(row).count == row.count)
        }
        // Asking for more than remain returns every allowed item.
        let all = NegativeSampler.sample(train: tr, test: te, itemCount: 60, negativesPerUser: 100, seed: 5)
        let seen1 = Set(tr.row(1).indices).union(testByUser[1].map { te.items[$0] })
        #expect(all.rowCount(1) == 60 - seen1.count)
    }

    @Test func metricRequestsParseAndSuggest() throws {
        let r = try MetricRequest.parse("NDCG@5, 10,20")
        #expect(r.kind == .ndcg && r.cutoffs == [5, 10, 20] && r.description == "ndcg@5,10,20")
        #expect(try MetricRequest.parse("hr@10").kind == .hit)
        #expect(throws: MetricError.unknownMetric(name: "ndgc", suggestion: "ndcg")) { try MetricRequest.parse("ndgc@10") }
        #expect(throws: MetricError.unknownMetric(name: "recal", suggestion: "recall")) { try MetricRequest.parse("recal@10") }
        #expect(throws: MetricError.missingCutoff(metric: "ndcg")) { try MetricRequest.parse("ndcg") }
        #expect(throws: MetricError.unexpectedCutoff(metric: "auc")) { try MetricRequest.parse("auc@10") }
        #expect(throws: MetricError.invalidCutoff(text: "ndcg@0")) { try MetricRequest.parse("ndcg@0") }
        let list = try MetricRequest.parseList("ndcg@5,10,recall@20 auc; map@3")
        #expect(list.map(\.description) == ["ndcg@5,10", "recall@20", "auc", "map@3"])
        let message = MetricError.unknownMetric(name: "ndgc", suggestion: "ndcg").description
        #expect(message.contains("did you mean 'ndcg'"))
    }

    @Test func diversityWithoutFeaturesIsAnError() throws {
        let ev = Evaluator(train: train, test: test)
        #expect(throws: MetricError.self) { try ev.evaluate([try MetricRequest.parse("diversity@3")], scorer: scorer) }
    }

    /// 943 users × 1682 items (ML-100K's shape), 5 metrics × 3 cutoffs. Prints the time; the bound is
    /// loose because tests build in debug (release timing is in docs/metrics.md).
    @Test func fullRankingAtMovieLensScaleIsFast() throws {
        let users = 943, items = 1682
        var rng = SeededGenerator(seed: 1)
        var ru: [Int32] = [], ri: [Int32] = [], tu: [Int32] = [], ti: [Int32] = []
        for u in 0..<users {
            for _ in 0..<85 { ru.append(Int32(u)); ri.append(Int32(rng.nextInt(below: items))) }
            for _ in 0..<21 { tu.append(Int32(u)); ti.append(Int32(rng.nextInt(below: items))) }
        }
        let tr = CSRMatrix(rows: users, cols: items, rowIndices: ru, colIndices: ri, values: [Float](repeating: 1, count: ru.count))
        let ev = Evaluator(train: tr, test: InteractionTable(users: tu, items: ti))
        let scores = DenseMatrix(rows: users, cols: items, storage: (0..<(users * items)).map { _ in rng.nextFloat() })
        let req = try MetricRequest.parseList("ndcg@5,10,20 recall@5,10,20 precision@5,10,20 map@5,10,20 hit@5,10,20")
        let clock = ContinuousClock()
        var result: EvaluationResult?
        let elapsed = try clock.measure {
            result = try ev.evaluate(req) { batch in
                var m = DenseMatrix(rows: batch.count, cols: items)
                m.storage.withUnsafeMutableBufferPointer { out in
                    scores.storage.withUnsafeBufferPointer { src in
                        for (r, u) in batch.enumerated() {
                            out.baseAddress!.advanced(by: r * items)
                                .update(from: src.baseAddress!.advanced(by: Int(u) * items), count: items)
                        }
                    }
                }
                return m
            }
        }
        print("RecEval speed: \(users) users × \(items) items, 15 metric columns: \(elapsed)")
        #expect(result!.users.count == users)
        #expect(elapsed < .seconds(20))
    }
}
