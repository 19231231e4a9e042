import Foundation
import RecTestSupport
import Testing
@testable import RecRunner
@testable import RecSpec

/// `reclab replay`: prequential evaluation in time order, checked on data whose answer is known.
@Suite struct StreamingReplayTests {
    /// Two groups of 10 users, each user taking all 5 items of their block before the cut; after it, a
    /// new user takes block b's 5 items one by one. Their first event cannot be scored (no history);
    /// of the other 4, a static model knows nothing of them (every score ties, so the first items by
    /// index — block a's — come first and each revealed item ranks 6th), while a model that folds the
    /// events in ranks the rest of block b on top.
    static func csv() -> String {
        var lines = ["user,item,rating,timestamp"]
        var t = 0
        for u in 0..<20 { for i in 0..<5 { t += 1; lines.append("u\(u),i\(u < 10 ? i : i + 5),5,\(t)") } }
        for i in 5..<10 { lines.append("walk_in,i\(i),5,\(1000 + i)") }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func foldInRanksTheNewUsersBlockWhileTheStaticModelCannot() throws {
        let dir = try Fixtures.temporaryDirectory("replay")
        let data = try Fixtures.write(Self.csv(), to: "ratings.csv", in: dir)
        let spec = try Fixtures.write("""
            {"name": "replay", "dataset": {"source": "\(data.path)"},
             "split": {"method": "temporal", "ratios": [0.8, 0.0, 0.2]},
             "models": [{"name": "knn", "type": "item_knn", "params": {"neighbours": 10}},
                        {"name": "ials", "type": "implicit_als", "params": {"factors": 2, "epochs": 5, "regularization": 0.1}}],
             "evaluation": {"metrics": ["ndcg@4"]},
             "streaming": {"cut": 0.9524, "cutoff": 4, "retrain_every": 2}}
            """, to: "spec.json", in: dir)
        let parsed = try ExperimentSpec.load(path: spec.path, context: ExperimentRunner.specContext)
        let result = try StreamingReplay(spec: parsed, datasetsRoot: dir.appendingPathComponent("datasets").path).run()
        #expect(result.trainEvents == 100 && result.replayedEvents == 5)
        func row(_ model: String, _ mode: String) throws -> StreamingReplay.Row {
            try #require(result.rows.first { $0.model == model && $0.mode == mode })
        }
        for model in ["knn", "ials"] {
            let still = try row(model, "static"), folded = try row(model, "fold_in")
            #expect(still.events == 4 && folded.events == 4)
            #expect(still.hit == 0 && still.ndcg == 0, "\(model) static: \(still)")
            #expect(folded.hit == 1, "\(model) fold_in: \(folded)")
        }
        // Retraining every 2 events: the 2nd and 3rd scored events come after one retrain, the 4th after two.
        #expect(try row("knn", "retrain").events == 4)
        // Fold-in of item-kNN by hand: after i5 the walk-in's scores are the similarities to i5, equal for
        // i6…i9 (same 10 users), so i6 ranks 1st; then i7 ranks 1st of i7…i9; and so on: ndcg 1.
        #expect(try row("knn", "fold_in").ndcg == 1)
        let md = result.markdown(command: "reclab replay spec.json")
        #expect(md.contains("| knn | fold_in | 4 | 1.0000 | 1.0000 |"))
    }

    @Test func rankCountsBetterAndEarlierTiesAmongUnseenItems() {
        let scores: [Float] = [0.5, 0.9, 0.5, 0.1, 0.7]
        #expect(StreamingReplay.rank(of: 2, in: scores, excluding: [:]) == 4)          // 0.9, 0.7, and the earlier 0.5
        #expect(StreamingReplay.rank(of: 2, in: scores, excluding: [1: 1, 0: 1]) == 2)  // only 0.7 left above it
        #expect(StreamingReplay.rank(of: 3, in: scores, excluding: [:]) == 5)
    }
}
