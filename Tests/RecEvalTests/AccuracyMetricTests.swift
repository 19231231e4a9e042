import Testing
@testable import RecEval

/// Hand-worked case used throughout: relevant R = {1, 4, 9} over 10 items, list L = [3, 1, 4, 7, 9].
/// Hits sit at ranks 2, 3 and 5.
@Suite struct AccuracyMetricTests {
    let rel = RelevantItems([9, 4, 1])
    var user: UserRanking { UserRanking(ranked: [3, 1, 4, 7, 9], relevant: rel, itemCount: 10) }
    var empty: UserRanking { UserRanking(ranked: [], relevant: rel, itemCount: 10) }

    func close(_ a: Double, _ b: Double, _ tol: Double = 1e-12) -> Bool { abs(a - b) <= tol }

    @Test func precisionDividesByK() {
        #expect(Precision(cutoff: 1).value(user) == 0)          // [3]: no hit
        #expect(close(Precision(cutoff: 3).value(user), 2.0 / 3))  // [3,1,4]: 2 hits / 3
        #expect(close(Precision(cutoff: 5).value(user), 3.0 / 5))
        #expect(close(Precision(cutoff: 10).value(user), 3.0 / 10)) // K > |L|: still / K
        #expect(Precision(cutoff: 5).value(empty) == 0)
    }

    @Test func recallDividesByRelevantCount() {
        #expect(close(Recall(cutoff: 3).value(user), 2.0 / 3))
        #expect(Recall(cutoff: 5).value(user) == 1)
        #expect(Recall(cutoff: 10).value(user) == 1)
        #expect(Recall(cutoff: 5).value(empty) == 0)
    }

    @Test func f1IsPerUserHarmonicMean() {
        #expect(close(F1(cutoff: 3).value(user), 2.0 / 3))     // P = R = 2/3
        #expect(close(F1(cutoff: 5).value(user), 0.75))         // 2·0.6·1 / 1.6
        #expect(F1(cutoff: 1).value(user) == 0)                 // P = R = 0
        #expect(F1(cutoff: 5).value(empty) == 0)
    }

    @Test func ndcgUsesIdealOverMinRelevantAndK() {
        // K=3: DCG = 1/log2(3) + 1/log2(4); IDCG = 1 + 1/log2(3) + 1/2 → 0.530721…
        #expect(close(NDCG(cutoff: 3).value(user), 0.5307212739772434))
        // K=5: DCG adds 1/log2(6); IDCG still over min(3, 5) = 3 items → 0.712263…
        #expect(close(NDCG(cutoff: 5).value(user), 0.7122630665145961))
        #expect(close(NDCG(cutoff: 10).value(user), 0.7122630665145961))
        // K=1: IDCG over min(3,1)=1 item, no hit → 0.
        #expect(NDCG(cutoff: 1).value(user) == 0)
        // A perfect list scores 1 even though |R| > K.
        #expect(NDCG(cutoff: 2).value(UserRanking(ranked: [9, 1], relevant: rel, itemCount: 10)) == 1)
        // Binary NDCG does not read ratings: relevant items rated 0 (or below) score as those rated 1.
        for rating: Float in [0, -1, 5] {
            let rated = RelevantItems(rel.items, gains: [Float](repeating: rating, count: rel.items.count))
            #expect(close(NDCG(cutoff: 5).value(UserRanking(ranked: [3, 1, 4, 7, 9], relevant: rated, itemCount: 10)), 0.7122630665145961))
        }
        #expect(NDCG(cutoff: 5).value(empty) == 0)
    }

    @Test func gradedNDCGUsesRatingsAsGain() {
        let graded = RelevantItems([1, 4, 9], gains: [5, 3, 4])
        let u = UserRanking(ranked: [3, 1, 4], relevant: graded, itemCount: 10)
        // DCG = 5/log2 3 + 3/2; IDCG = 5 + 4/log2 3 + 3/2 → 0.515823…
        #expect(close(NDCG(cutoff: 3, gain: .graded).value(u), 0.5158237707189592))
        // Exponential: gains 31, 15, 7 → (31/log2 3 + 7/2) / (31 + 15/log2 3 + 7/2) → 0.524493…
        #expect(close(NDCG(cutoff: 3, gain: .exponential).value(u), 0.5244939160259543))
        #expect(NDCG(cutoff: 3, gain: .graded).name == "ndcg_graded@3")
    }

    @Test func mapNormalisesByMinRelevantAndK() {
        #expect(MAP(cutoff: 1).value(user) == 0)
        #expect(close(MAP(cutoff: 2).value(user), 0.25))            // (1/2) / min(3, 2)
        #expect(close(MAP(cutoff: 3).value(user), 7.0 / 18))        // (1/2 + 2/3) / 3
        #expect(close(MAP(cutoff: 5).value(user), (0.5 + 2.0 / 3 + 0.6) / 3))
        #expect(MAP(cutoff: 5).value(empty) == 0)
    }

    @Test func mrrAndHitRateLookForTheFirstHit() {
        #expect(MRR(cutoff: 1).value(user) == 0)
        #expect(MRR(cutoff: 3).value(user) == 0.5)
        #expect(HitRate(cutoff: 1).value(user) == 0)
        #expect(HitRate(cutoff: 2).value(user) == 1)
        #expect(MRR(cutoff: 5).value(empty) == 0 && HitRate(cutoff: 5).value(empty) == 0)
    }

    @Test func aucFromListTiesUnlistedCandidates() {
        // Full list of positives: 3 positives, 7 negatives. Negatives below each positive:
        // item 1: 6, item 4: 6, item 9: 5 → 17 / 21.
        #expect(close(AUC().value(user), 17.0 / 21))
        // Truncated list [3, 1]: item 1 beats 6 negatives; 4 and 9 unlisted tie with the 6 unlisted
        // negatives: ½·2·6 = 6 → (6 + 6) / 21.
        let short = UserRanking(ranked: [3, 1], relevant: rel, itemCount: 10)
        #expect(close(AUC().value(short), 12.0 / 21))
        #expect(AUC().value(empty) == 0)
    }

    @Test func aucFromScoresCountsTiesAsHalf() {
        let s: [Float] = [0.1, 0.8, 0.1, 0.9, 0.8, 0.1, 0.1, 0.5, 0.1, 0.1]
        s.withUnsafeBufferPointer { buf in
            let u = UserRanking(ranked: [3, 1, 4, 7, 0], relevant: rel, itemCount: 10, scores: buf)
            // Positives 1, 4 (0.8) beat negatives 0,2,5,6,7,8 → 6 each; 9 (0.1) ties 0,2,5,6,8 → 2.5.
            #expect(close(AUC().value(u), 14.5 / 21))
            // Excluding item 3 (a training item) leaves 6 negatives: (6 + 6 + 2.5) / 18.
            let ex = UserRanking(ranked: [1, 4, 7, 0, 2], relevant: rel, itemCount: 10,
                                 candidates: .allExcept([3]), scores: buf)
            #expect(close(AUC().value(ex), 14.5 / 18))
            // Sampled candidates {0, 1, 3, 9}: positives 1 (beats 0) and 9 (ties 0) → 1.5 / (2·2).
            let sampled = UserRanking(ranked: [3, 1], relevant: rel, itemCount: 10,
                                      candidates: .only([0, 1, 3, 9]), scores: buf)
            #expect(close(AUC().value(sampled), 1.5 / 4))
        }
    }

    @Test func relevantItemsSortAndMergeDuplicates() {
        let r = RelevantItems([5, 2, 5], gains: [3, 1, 4])
        #expect(r.items == [2, 5] && r.gains == [1, 4])
        #expect(r.contains(5) && !r.contains(3) && r.gain(of: 3) == 0)
    }
}
