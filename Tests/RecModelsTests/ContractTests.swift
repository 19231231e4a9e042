import Foundation
import RecConfig
import RecCore
import RecData
import RecTestSupport
import Testing
@testable import RecModels

/// The contract every registered model type keeps, in the manner of implicit's `RecommenderBase`
/// test mixin and LensKit's `ScorerTests`: the suite is driven by `ModelTypes.all`, so a new type
/// fails `everyRegisteredTypeHasAContractEntry` until it is given an entry here (one line).
///
/// The data is the checkerboard with side information that matches its blocks (a user attribute
/// `gender`, an item attribute `group`, a knowledge graph whose genre is the block), so content,
/// demographic, knowledge-graph and profile models can recover the blocks as collaborative ones do.
@Suite struct ContractTests {
    /// What the suite builds for one type: a quick configuration and, for composites, components.
    struct Entry: Sendable {
        var values: [String: ParamValue] = [:]
        var components: [(name: String, type: String, values: [String: ParamValue])] = []
        /// Fraction of users whose held-out block items all outrank the other block (nil: no floor).
        var minRecovery: Double? = 0.8
        /// Whether an item without training interactions may still be recommended (content and
        /// knowledge-graph scoring exist to do so; random scores ignore data).
        var scoresColdItems = false
        /// Whether the model needs ratings: it trains on the explicit board (in-block 5, a few
        /// out-of-block 1s); the others train on the implicit one.
        var explicit = false
    }

    static let quickMF: [String: ParamValue] = ["factors": .int(8), "epochs": .int(40), "learning_rate": .double(0.05)]

    /// One entry per registered type.
    static let entries: [String: Entry] = [
        "random": Entry(minRecovery: nil, scoresColdItems: true),
        "popularity": Entry(minRecovery: nil),
        "demographic_popularity": Entry(values: ["attributes": .string("gender")]),
        "item_knn": Entry(values: ["neighbours": .int(20)]),
        "user_knn": Entry(values: ["neighbours": .int(20)]),
        "rp3beta": Entry(values: ["neighbours": .int(20)]),
        "biased_mf": Entry(values: ["factors": .int(8), "epochs": .int(60), "learning_rate": .double(0.02), "regularization": .double(0.01)],
                           scoresColdItems: true, explicit: true),
        "svdpp": Entry(values: ["factors": .int(8), "epochs": .int(60), "learning_rate": .double(0.02), "regularization": .double(0.01)],
                       scoresColdItems: true, explicit: true),
        "bayesian_mf": Entry(values: ["factors": .int(4), "burn_in": .int(10), "samples": .int(20)], scoresColdItems: true, explicit: true),
        "bpr": Entry(values: quickMF),
        // Uniform negative sampling pushes an item nobody trained on no lower than the other unseen
        // items of a tiny board (it lands among a user's top two for one user in 39), so only its
        // finite scores are checked.
        "pointwise_mf": Entry(values: ["factors": .int(8), "epochs": .int(30), "learning_rate": .double(0.05), "regularization": .double(0.01)],
                              scoresColdItems: true),
        "implicit_als": Entry(values: ["factors": .int(4), "epochs": .int(8), "regularization": .double(0.1), "alpha": .double(10)]),
        "ease": Entry(values: ["lambda": .double(10)]),
        "slim": Entry(values: ["l1": .double(0.1), "l2": .double(1)]),
        "kg_boost": Entry(values: ["alpha": .double(0.5)], components: [("base", "item_knn", ["neighbours": .int(20)])],
                          scoresColdItems: true),
        "content_based": Entry(values: ["attributes": .string("group")], scoresColdItems: true),
        "hybrid": Entry(values: ["weights": .string("a:0.75,b:0.25")],
                        components: [("a", "item_knn", ["neighbours": .int(20)]), ("b", "popularity", [:])]),
        "mlp": Entry(values: ["factors": .int(8), "hidden": .string("16"), "epochs": .int(15), "learning_rate": .double(0.01),
                              "batch_size": .int(64)], minRecovery: 0.7, scoresColdItems: true),
        "neumf": Entry(values: ["factors": .int(8), "hidden": .string("16"), "epochs": .int(15), "learning_rate": .double(0.01),
                                "batch_size": .int(64)], minRecovery: 0.7, scoresColdItems: true),
        "softmax_mlp": Entry(values: ["hidden": .string(""), "epochs": .int(40), "learning_rate": .double(0.1), "l2": .double(0.01)],
                             scoresColdItems: true),
        "mult_vae": Entry(values: ["hidden": .string("16"), "latent": .int(8), "epochs": .int(60), "learning_rate": .double(0.01),
                                   "batch_size": .int(16), "total_anneal_steps": .int(100)]),
        // An item without edges is never propagated to or from: its embedding only shrinks under the L2
        // term and is pushed off both blocks' users as a negative, so it scores near 0, above the other
        // block's items, which BPR turns against the user (LightGCN has no item bias to sink it, as BPR's does).
        "lightgcn": Entry(values: ["factors": .int(8), "layers": .int(2), "epochs": .int(40), "learning_rate": .double(0.05),
                                   "batch_size": .int(64)], scoresColdItems: true),
    ]

    static let implicitBoard = Checkerboard(usersPerGroup: 20, itemsPerGroup: 15, heldOutPerUser: 2)
    static let explicitBoard = Checkerboard(usersPerGroup: 20, itemsPerGroup: 15, heldOutPerUser: 2, lowRatingsPerUser: 5)
    static func board(_ entry: Entry) -> Checkerboard { entry.explicit ? explicitBoard : implicitBoard }
    static let typeNames = ModelTypes.all.map { $0.typeName }

    @Test func everyRegisteredTypeHasAContractEntry() {
        for name in Self.typeNames { #expect(Self.entries[name] != nil, "no contract entry for registered type '\(name)'") }
        for name in Self.entries.keys { #expect(Self.typeNames.contains(name), "contract entry '\(name)' names no registered type") }
        #expect(Set(Self.typeNames).count == Self.typeNames.count)
    }

    @Test(arguments: typeNames)
    func recoversBlocksDeterministicallyAndSurvivesSaveLoad(_ name: String) throws {
        let entry = try #require(Self.entries[name])
        let board = Self.board(entry)
        let data = ContractFixture.data(board)
        let first = try Self.make(name, entry, seed: 5), second = try Self.make(name, entry, seed: 5)
        try first.fit(data, observer: nil)
        try second.fit(data, observer: nil)
        let users = (0..<Int32(data.userCount)).map { $0 }
        let scores = first.score(users: users, items: nil)
        #expect(scores.rows == data.userCount && scores.cols == data.itemCount)
        #expect(scores.storage.allSatisfy { $0.isFinite }, "\(name): non-finite scores")
        #expect(second.score(users: users, items: nil) == scores, "\(name): the same seed gave different scores")
        if let floor = entry.minRecovery {
            let recovery = board.blockRecovery(scores)
            #expect(recovery >= floor, "\(name): block recovery \(recovery) < \(floor)")
        }
        let restored = try Self.make(name, entry, seed: 5)
        try saveAndLoad(first, into: restored)
        #expect(restored.score(users: users, items: nil) == scores, "\(name): save → load changed the scores")
        // A subset of items scores as the matching columns of the full matrix: the same value up to
        // float rounding, since BLAS sums a 4-column and a 30-column product in different orders
        // (OpenBLAS's kernels for some processors differ in the last bit); a different
        // normalisation or a missing term is far larger.
        let subset: [Int32] = [29, 0, 7, 15]
        let part = first.score(users: [3, 25], items: subset)
        for (r, u) in [3, 25].enumerated() {
            for (c, i) in subset.enumerated() {
                let full = scores[u, Int(i)]
                #expect(abs(part[r, c] - full) <= 1e-5 * max(1, abs(full)),
                        "\(name): score(\(u), \(i)) is \(part[r, c]) for a subset and \(full) for all items")
            }
        }
    }

    @Test(arguments: typeNames)
    func aUserAndAnItemWithoutHistoryAreHandled(_ name: String) throws {
        let entry = try #require(Self.entries[name])
        let (data, user, item) = ContractFixture.withoutHistory(Self.board(entry))
        let model = try Self.make(name, entry, seed: 2)
        try model.fit(data, observer: nil)
        let scores = model.score(users: (0..<Int32(data.userCount)).map { $0 }, items: nil)
        #expect(scores.storage.allSatisfy { $0.isFinite }, "\(name): non-finite scores with an empty user row and item column")
        #expect(model.score(users: [user], items: nil).storage.allSatisfy { $0.isFinite })
        guard !entry.scoresColdItems else { return }
        let seen = data.userItem
        for u in 0..<data.userCount where u != Int(user) {
            let row = (0..<data.itemCount).map { scores[u, $0] }
            let unseen = Set(0..<Int32(data.itemCount)).subtracting(seen.row(u).indices)
            // The top of the list is where the user's held-out block items belong (block recovery); an
            // item nobody trained on must not push in there.
            let top = unseen.sorted { row[Int($0)] != row[Int($1)] ? row[Int($0)] > row[Int($1)] : $0 < $1 }.prefix(2)
            #expect(!top.contains(item), "\(name): user \(u) was recommended the item with no training interactions")
        }
    }

    @Test(arguments: typeNames)
    func everyBoundEndpointIsAcceptedOrRejectedByName(_ name: String) throws {
        guard let type = ModelTypes.named(name) else { Issue.record("unregistered \(name)"); return }
        for p in type.parameters {
            guard let bounds = p.bounds else { continue }
            for (end, included) in [(bounds.lower, bounds.includesLower), (bounds.upper, bounds.includesUpper)] where end.isFinite {
                let value: ParamValue = p.kind == .int ? .int(Int(end)) : .double(end)
                let problem = Self.decodeProblem(type, [p.name: value])
                if included {
                    #expect(problem == nil,
                            "\(name).\(p.name) = \(value.text) is in \(bounds) but was rejected: \(problem ?? "")")
                } else {
                    #expect(problem?.contains("'\(p.name)'") == true, "\(name).\(p.name) = \(value.text) is outside \(bounds) but was accepted")
                }
                let step = p.kind == .int ? 1.0 : max(abs(end) * 1e-6, 1e-9)
                let beyond = end == bounds.lower ? end - step : end + step
                let outside: ParamValue = p.kind == .int ? .int(Int(beyond)) : .double(beyond)
                #expect(Self.decodeProblem(type, [p.name: outside])?.contains("'\(p.name)'") == true,
                        "\(name).\(p.name) = \(outside.text) is outside \(bounds) but was accepted")
            }
        }
    }

    /// Parameters whose end can fail only against the data (plan does not load it): EASE's item
    /// limit below the catalogue size; content features all pruned by a level count above the data's.
    static let dataDependent: Set<String> = ["ease.max_items", "slim.max_items", "content_based.min_level_count"]

    /// What passes validation also runs: at every included end of every bounded parameter (over the
    /// entry's quick values), the model fits the board and scores every item with finite values, or
    /// stops with `ModelError.diverged` (a step size of 10 may diverge: the trial is then recorded
    /// as failed, which is a result, not a validation miss). Epoch training is stopped after two
    /// epochs, so an `epochs` end of 100 000 costs two.
    @Test(arguments: typeNames)
    func everyAcceptedEndpointFitsAndScores(_ name: String) throws {
        guard let type = ModelTypes.named(name), let entry = Self.entries[name] else { Issue.record("unregistered \(name)"); return }
        let data = ContractFixture.data(Self.board(entry))
        let users = (0..<Int32(data.userCount)).map { $0 }
        for p in type.parameters {
            guard let bounds = p.bounds else { continue }
            for (end, included) in [(bounds.lower, bounds.includesLower), (bounds.upper, bounds.includesUpper)] where end.isFinite && included {
                let value: ParamValue = p.kind == .int ? .int(Int(end)) : .double(end)
                var at = entry
                at.values[p.name] = value
                // A cross-field rule may object to this end next to the entry's other values; plan reports those.
                guard type.violations(of: at.values).isEmpty, Self.decodeProblem(type, at.values) == nil else { continue }
                let model = try Self.make(name, at, seed: 1)
                do {
                    try model.fit(data, observer: StopAfterEpochs(2))
                } catch let error as ModelError {
                    if case .diverged = error { continue }
                    // A limit checked against the data, which plan has not loaded.
                    if Self.dataDependent.contains("\(name).\(p.name)"), case .invalidParameter = error { continue }
                    Issue.record("\(name).\(p.name) = \(value.text) was accepted but fit failed: \(error)")
                    continue
                }
                let scores = model.score(users: users, items: nil)
                #expect(scores.storage.allSatisfy { $0.isFinite },
                        "\(name).\(p.name) = \(value.text): non-finite scores without a divergence error")
            }
        }
    }

    // MARK: - Helpers

    static func make(_ name: String, _ entry: Entry, seed: UInt64) throws -> any Recommender {
        var components: [(name: String, model: any Recommender)] = []
        for c in entry.components {
            components.append((name: c.name, model: try build(c.type, c.values, ModelContext(seed: seed))))
        }
        return try build(name, entry.values, ModelContext(seed: seed, components: components))
    }

    static func build(_ name: String, _ values: [String: ParamValue], _ context: ModelContext) throws -> any Recommender {
        guard let type = ModelTypes.named(name) else { throw ModelError.invalidParameter(model: name, name: "type", detail: "unregistered") }
        return try type.make(values: values, context: context)
    }

    /// The decoding error's text, or nil when each value is of its kind and in its bounds (a broken
    /// cross-field rule, such as `neighbours` above the default `saved_neighbours`, is not a bound).
    static func decodeProblem(_ type: any RecommenderType.Type, _ values: [String: ParamValue]) -> String? {
        func decode<M: RecommenderType>(_ m: M.Type) -> String? {
            do { _ = try M.Config.decode(values); return nil } catch {
                if case .violated = error { return nil }
                return error.description
            }
        }
        return decode(type)
    }
}

/// The checkerboard dressed with side information that follows its blocks.
enum ContractFixture {
    static func data(_ board: Checkerboard) -> TrainingData {
        TrainingData(dataset: dressed(board.dataset, board: board), train: board.train,
                     validation: InteractionTable.empty(like: board.train))
    }

    /// The board without user 0's interactions and without the last item's.
    static func withoutHistory(_ board: Checkerboard) -> (TrainingData, user: Int32, item: Int32) {
        let user: Int32 = 0, item = Int32(board.itemCount - 1)
        let t = board.train
        let keep = (0..<t.count).filter { t.users[$0] != user && t.items[$0] != item }
        let train = InteractionTable(users: keep.map { t.users[$0] }, items: keep.map { t.items[$0] },
                                     ratings: t.ratings.map { r in keep.map { r[$0] } })
        var dataset = dressed(board.dataset, board: board)
        dataset.interactions = train
        return (TrainingData(dataset: dataset, train: train, validation: InteractionTable.empty(like: train)), user, item)
    }

    static func dressed(_ dataset: Dataset, board: Checkerboard) -> Dataset {
        var out = dataset
        let n = board.itemCount, half = n / 2, users = board.userCount
        var entities = IndexMap((0..<n).map { "film\($0)" })
        let g0 = entities.insert("group0"), g1 = entities.insert("group1")
        out.knowledgeGraph = KnowledgeGraph(
            entities: entities, relations: IndexMap(["genre"]),
            heads: (0..<Int32(n)).map { $0 }, relationOfTriple: [Int32](repeating: 0, count: n),
            tails: (0..<n).map { $0 < half ? g0 : g1 }, itemEntity: (0..<Int32(n)).map { $0 })
        var items = AttributeTable()
        items.append("group", .categorical(codes: (0..<n).map { $0 < half ? 0 : 1 }, levels: ["a", "b"]))
        out.itemAttributes = items
        // Named `gender` so that the default user profile (which one-hot encodes it) carries the block.
        var people = AttributeTable()
        people.append("gender", .categorical(codes: (0..<users).map { $0 < users / 2 ? 0 : 1 }, levels: ["a", "b"]))
        out.userAttributes = people
        return out
    }
}

/// Stops epoch training after a number of epochs (what early stopping does with patience 0).
final class StopAfterEpochs: TrainingObserver {
    let epochs: Int
    init(_ epochs: Int) { self.epochs = epochs }
    func epochEnded(epoch: Int, losses: [String: Double], model: any Recommender) -> Bool { epoch < epochs }
}
