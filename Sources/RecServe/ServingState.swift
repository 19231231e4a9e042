import Foundation
import RecCore
import RecData
import RecModels
import RecProfiles
import RecRunner

/// What `reclab serve` holds in memory: a saved model, every user's current history (the training
/// data it was fitted on plus the events folded in since), the users created from attributes, and
/// the write-ahead log that makes each change durable before it is acknowledged.
///
/// Reads (recommend, similar, profile) run concurrently; changes (events, users) take the lock
/// exclusively, append to the log, then update the history and — for a model that folds users in
/// (`FoldsInUsers`: iALS and biased MF re-solve the user's factors, item-kNN reads the new history) —
/// the model, so the next recommendation follows them.
public final class ServingState: @unchecked Sendable {
    /// How a recommendation was made.
    public enum Source: String, Codable, Sendable {
        /// The saved model's scores for a user it was trained on, unchanged.
        case model
        /// The model's scores after folding in the user's events.
        case foldIn = "fold_in"
        /// The user has no events: popularity among training users with the same attributes.
        case coldStart = "cold_start"
    }

    /// One ranked item.
    public struct Scored: Codable, Sendable, Equatable {
        /// External item id.
        public var item: String
        /// The model's score (larger is better).
        public var score: Float
    }

    /// A `/recommend` answer.
    public struct Recommendation: Codable, Sendable {
        public var user: String
        public var model: String
        public var source: Source
        public var items: [Scored]
    }

    /// What a change did (`POST /events`, `PUT /users`).
    public struct ChangeSummary: Codable, Sendable {
        /// Events folded in.
        public var events: Int
        /// Users the change created.
        public var newUsers: Int
        /// Users whose model state was recomputed (fold-in).
        public var foldedUsers: Int
    }

    /// The saved model's header.
    public let header: SavedModel.Header
    /// The model's dataset (its items are the catalogue; its users the training users).
    public let dataset: Dataset
    private let model: any Recommender
    private let foldIn: (any FoldsInUsers)?
    private let coldStart: ColdStartScorer
    // `/similar`'s co-consumption, built once at load: items × users and users × items (binary), and
    // each item's norm √(its users).
    private let itemUsers: CSRMatrix
    private let userItems: CSRMatrix
    private let itemNorms: [Float]
    private let ratingRange: ClosedRange<Float>?
    private let log: EventLog?
    /// Guards the mutable state below: readers share it; a change holds it only while it applies.
    private let lock = ReadWriteLock()
    /// Serialises changes: a change's log line and its application happen in the same order as every
    /// other change's, while readers go on during the log's flush to disk (the slow part).
    private let changes = NSLock()

    // Mutable state, guarded by `lock`.
    private var userIndex: [String: Int32] = [:]
    private var userIDs: [String?] = []                    // by index; nil once forgotten
    private var history: [[Int32: (value: Float, time: Int64)]] = []
    private var attributes: [Int32: [String: String]] = [:]  // users created or updated by PUT
    private var changed: Set<Int32> = []                    // users with events since training
    private var eventCount = 0

    /// The state of `saved` (which must carry its data), with `log` replayed into it when given.
    public init(saved: SavedModel, log: EventLog?, warn: (String) -> Void = { _ in }) throws {
        guard let data = saved.data else { throw SavedModelError(path: saved.header.model, detail: "the saved model carries no data to serve from") }
        header = saved.header
        dataset = data.dataset
        model = saved.model
        foldIn = saved.model as? any FoldsInUsers
        let train = data.split.train
        coldStart = ColdStartScorer(train: train, dataset: dataset)
        let byUser = train.byUser(userCount: dataset.userCount, itemCount: dataset.itemCount).binarized()
        let byItem = byUser.transposed()
        userItems = byUser
        itemUsers = byItem
        itemNorms = (0..<byItem.rows).map { Float(byItem.rowCount($0)).squareRoot() }
        if let r = train.ratings, let lo = r.min(), let hi = r.max() { ratingRange = lo...hi } else { ratingRange = nil }
        self.log = log
        userIDs = dataset.users.ids
        for (k, id) in dataset.users.ids.enumerated() { userIndex[id] = Int32(k) }
        history = Array(repeating: [:], count: dataset.userCount)
        for k in 0..<train.count {
            history[Int(train.users[k])][train.items[k]] = (train.ratings?[k] ?? 1, train.timestamps?[k] ?? 0)
        }
        if let foldIn, foldIn.foldInUserCount != dataset.userCount {
            throw SavedModelError(path: header.model, detail: "the model holds \(foldIn.foldInUserCount) users, its data \(dataset.userCount)")
        }
        if let log {
            for entry in try log.replay(warn: warn) { try apply(entry) }
        }
    }

    /// Whether the model takes new events into its scores (else only histories and profiles follow them).
    public var foldsIn: Bool { foldIn != nil }
    /// Whether the model was trained on explicit ratings (events must then carry one).
    public var needsRatings: Bool { ratingRange != nil }
    /// Events folded in since the server started (replayed ones included).
    public var eventsFolded: Int { lock.reading { eventCount } }
    /// Users the server knows.
    public var userCount: Int { lock.reading { userIndex.count } }

    // MARK: - Reads

    /// The top `n` items for `user`, excluding what they already have when `excludeSeen`.
    public func recommend(user: String, n: Int, excludeSeen: Bool) throws -> Recommendation {
        try lock.reading {
            guard let u = userIndex[user] else { throw unknownUser(user) }
            var (scores, source) = scoresOf(u)
            // Seen items are masked in one pass over the user's history, not looked up per item.
            if excludeSeen { for item in history[Int(u)].keys { scores[Int(item)] = -.infinity } }
            let top = TopN.select(scores, n: n) { _ in false }
            return Recommendation(user: user, model: header.model, source: source,
                                  items: top.map { Scored(item: dataset.items.id(at: Int32($0)), score: scores[$0]) })
        }
    }

    /// The `n` items most often chosen by the same training users as `item` (cosine over users).
    public func similar(item: String, n: Int) throws -> [Scored] {
        guard let i = dataset.items.index(of: item) else {
            throw ServeError.notFound("unknown item '\(item)' (the catalogue has \(dataset.itemCount) items, e.g. '\(dataset.items.ids.first ?? "")')", field: "item")
        }
        let norms = itemNorms
        var overlap = [Float](repeating: 0, count: itemUsers.rows)
        // Users of `item`, then every item those users chose: sparse, the cost of the item's audience.
        for u in itemUsers.row(Int(i)).indices { for j in userItems.row(Int(u)).indices { overlap[Int(j)] += 1 } }
        let scores = (0..<itemUsers.rows).map { j in norms[j] > 0 && norms[Int(i)] > 0 ? overlap[j] / (norms[j] * norms[Int(i)]) : 0 }
        return TopN.select(scores, n: n) { $0 == Int(i) || scores[$0] <= 0 }.map { Scored(item: dataset.items.id(at: Int32($0)), score: scores[$0]) }
    }

    /// `reclab profile`'s report of `user` over their current history (training data and events).
    public func profile(user: String) throws -> UserProfileReport {
        try lock.reading {
            guard let u = userIndex[user] else { throw unknownUser(user) }
            // The profile of one user over the current data: a dataset of the users still known, each with
            // their attributes (a user created by PUT has theirs), and every current history.
            var users = IndexMap(), rows: [Int] = []
            var table = InteractionTable(users: [], items: [], ratings: dataset.hasRatings ? [] : nil, timestamps: [])
            for (k, id) in userIDs.enumerated() {
                guard let id else { continue }
                let index = users.insert(id)
                rows.append(k < dataset.userCount ? k : -1)
                for (item, entry) in history[k] {
                    table.users.append(index); table.items.append(item)
                    table.ratings?.append(entry.value); table.timestamps?.append(entry.time)
                }
            }
            let current = Dataset(name: dataset.name, users: users, items: dataset.items, interactions: table,
                                  userAttributes: dataset.userAttributes.reindexed(rows), itemAttributes: dataset.itemAttributes)
            let profiles = try ProfileBuilder(.defaults(for: .users)).build(dataset: current, training: table)
            var report = try UserProfileReport(profiles: profiles, dataset: current, user: user, scope: "the served history")
            if let given = attributes[u] {
                for (name, value) in given.sorted(by: { $0.key < $1.key }) {
                    if let k = report.attributes.firstIndex(where: { $0.name == name }) { report.attributes[k].value = value }
                    else { report.attributes.append(UserProfileReport.Attribute(name: name, value: value)) }
                }
            }
            return report
        }
    }

    /// Scores of user `u` over every item, and how they were made. Caller holds the lock.
    private func scoresOf(_ u: Int32) -> ([Float], Source) {
        let trained = Int(u) < dataset.userCount
        if history[Int(u)].isEmpty {
            return (coldStart.scores(attributes: attributesOf(u)), .coldStart)
        }
        if trained || foldIn != nil {
            let row = model.score(users: [u], items: nil)
            return (row.storage, foldIn != nil && changed.contains(u) ? .foldIn : .model)
        }
        // A new user with events, and a model that cannot take them: their group's popularity.
        return (coldStart.scores(attributes: attributesOf(u)), .coldStart)
    }

    private func attributesOf(_ u: Int32) -> [String: String] {
        if let given = attributes[u] { return given }
        guard Int(u) < dataset.userCount else { return [:] }
        var out: [String: String] = [:]
        for (name, column) in zip(dataset.userAttributes.names, dataset.userAttributes.columns) {
            if let v = UserProfileReport.text(column, row: Int(u)) { out[name] = v }
        }
        return out
    }

    private func unknownUser(_ user: String) -> ServeError {
        ServeError.notFound("unknown user '\(user)': post their events to /events or their attributes to PUT /users/\(user) first", field: "user")
    }

    // MARK: - Changes

    /// Folds `events` in (all or none: every event is checked before any is logged or applied).
    @discardableResult
    public func post(_ events: [ServeEvent]) throws -> ChangeSummary {
        changes.lock()
        defer { changes.unlock() }
        // Checked against what never changes (the catalogue, the rating range): no lock needed.
        for (k, e) in events.enumerated() {
            guard dataset.items.index(of: e.item) != nil else {
                throw ServeError.badRequest("unknown item '\(e.item)' in events[\(k)]: the model can only fold in items of its catalogue", field: "events[\(k)].item")
            }
            if let range = ratingRange {
                guard let r = e.rating else {
                    throw ServeError.badRequest("events[\(k)] has no rating: the model was trained on ratings \(range.lowerBound)…\(range.upperBound)", field: "events[\(k)].rating")
                }
                guard range.contains(r) else {
                    throw ServeError.badRequest("events[\(k)].rating \(r) is outside the training ratings \(range.lowerBound)…\(range.upperBound)", field: "events[\(k)].rating")
                }
            } else if e.rating != nil {
                throw ServeError.badRequest("events[\(k)] has a rating, but the model was trained on implicit feedback: leave it out", field: "events[\(k)].rating")
            }
        }
        try log?.append(.events(events))
        return try lock.writing { try apply(.events(events)) }
    }

    /// Creates user `id` from attributes, or replaces a known user's given attributes.
    @discardableResult
    public func putUser(_ id: String, attributes given: [String: String]) throws -> ChangeSummary {
        changes.lock()
        defer { changes.unlock() }
        let known = Set(coldStart.attributeNames)
        for name in given.keys.sorted() where !known.contains(name) {
            throw ServeError.badRequest("unknown user attribute '\(name)'; the dataset's are \(known.sorted().joined(separator: ", "))", field: name)
        }
        try log?.append(.user(id: id, attributes: given))
        return try lock.writing { try apply(.user(id: id, attributes: given)) }
    }

    /// Forgets user `id`: history, attributes and model state leave memory, and every line about them
    /// leaves the log.
    public func deleteUser(_ id: String) throws {
        changes.lock()
        defer { changes.unlock() }
        guard lock.reading({ userIndex[id] != nil }) else { throw unknownUser(id) }
        if let log {
            var kept: [EventLog.Entry] = []
            for entry in try log.replay(warn: { _ in }) {
                switch entry {
                case .events(let events):
                    let others = events.filter { $0.user != id }
                    if !others.isEmpty { kept.append(.events(others)) }
                case .user(let u, _), .delete(let u):
                    if u != id { kept.append(entry) }
                }
            }
            // A user of the saved data keeps a bare tombstone: without it a restart would bring
            // back their training history.
            if dataset.users.index(of: id) != nil { kept.append(.delete(id: id)) }
            try log.rewrite(kept)
        }
        _ = try lock.writing { try apply(.delete(id: id)) }
    }

    /// Applies one logged change. Caller holds the lock (or is the initialiser).
    @discardableResult
    private func apply(_ entry: EventLog.Entry) throws -> ChangeSummary {
        switch entry {
        case .events(let events):
            var created = 0, touched = Set<Int32>()
            for e in events {
                guard let item = dataset.items.index(of: e.item) else { continue }
                let (u, new) = user(e.user)
                if new { created += 1 }
                history[Int(u)][item] = (e.rating ?? 1, e.timestamp)
                touched.insert(u)
            }
            for u in touched.sorted() { refold(u) }
            changed.formUnion(touched)
            eventCount += events.count
            return ChangeSummary(events: events.count, newUsers: created, foldedUsers: foldIn == nil ? 0 : touched.count)
        case .user(let id, let given):
            let (u, new) = user(id)
            attributes[u] = given
            return ChangeSummary(events: 0, newUsers: new ? 1 : 0, foldedUsers: 0)
        case .delete(let id):
            guard let u = userIndex.removeValue(forKey: id) else { return ChangeSummary(events: 0, newUsers: 0, foldedUsers: 0) }
            userIDs[Int(u)] = nil
            history[Int(u)] = [:]
            attributes[u] = nil
            changed.remove(u)
            refold(u)   // an empty history: zero factors, no neighbours
            return ChangeSummary(events: 0, newUsers: 0, foldedUsers: 0)
        }
    }

    /// The index of user `id`, created (with empty model state) when new.
    private func user(_ id: String) -> (Int32, Bool) {
        if let u = userIndex[id] { return (u, false) }
        let u = Int32(userIDs.count)
        userIDs.append(id); history.append([:]); userIndex[id] = u
        foldIn?.foldIn(user: u, items: [], values: [])
        return (u, true)
    }

    /// Recomputes user `u`'s model state from their current history (models that fold in).
    private func refold(_ u: Int32) {
        guard let foldIn else { return }
        let entries = history[Int(u)].sorted { $0.key < $1.key }
        foldIn.foldIn(user: u, items: entries.map(\.key), values: entries.map(\.value.value))
    }
}

/// The best `n` indices of a score row, skipping `excluded` ones; ties go to the lower index.
enum TopN {
    static func select(_ scores: [Float], n: Int, excluded: (Int) -> Bool) -> [Int] {
        var best: [Int] = []
        best.reserveCapacity(n + 1)
        func better(_ a: Int, _ b: Int) -> Bool { scores[a] != scores[b] ? scores[a] > scores[b] : a < b }
        for i in scores.indices where !excluded(i) && scores[i].isFinite {
            if best.count == n, let last = best.last, !better(i, last) { continue }
            // Insertion into a short sorted list: n is small next to the catalogue.
            var k = best.count
            while k > 0 && better(i, best[k - 1]) { k -= 1 }
            best.insert(i, at: k)
            if best.count > n { best.removeLast() }
        }
        return best
    }
}
