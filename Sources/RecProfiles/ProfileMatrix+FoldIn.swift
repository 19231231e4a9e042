import RecCore
import RecData

/// One new interaction to fold into a profile: the counterpart (an item for a user profile, a user
/// for an item profile, as a dense index of the dataset), with its rating and time when known.
///
/// ```swift
/// try users.foldIn(user: "196", interactions: [ProfileInteraction(item: 41, rating: 4, timestamp: 893_286_638)])
/// ```
public struct ProfileInteraction: Sendable, Equatable {
    /// Dense index of the item (user profiles) or user (item profiles).
    public var counterpart: Int32
    /// Rating, required when the profile was built from rated interactions.
    public var rating: Float?
    /// Seconds since the epoch, required when the profile has a recency column.
    public var timestamp: Int64?

    /// An interaction with item `item` (for user profiles).
    public init(item: Int32, rating: Float? = nil, timestamp: Int64? = nil) {
        counterpart = item; self.rating = rating; self.timestamp = timestamp
    }

    /// An interaction with user `user` (for item profiles).
    public init(user: Int32, rating: Float? = nil, timestamp: Int64? = nil) {
        counterpart = user; self.rating = rating; self.timestamp = timestamp
    }
}

/// Incremental update: new interactions change the sufficient statistics of their entity, its
/// dynamic columns are recomputed from them, and the row is normalised with the fitted normaliser
/// (which is not refitted). Folding interactions in gives the same raw features as rebuilding from
/// the training table with those interactions appended.
///
/// Recency is measured from the latest timestamp seen; when a folded interaction is later than it,
/// the reference advances and every row's recency column moves with it (as a rebuild would).
extension ProfileMatrix {
    /// Folds `interactions` into user `id`'s row; an unknown id appends a new row whose static
    /// attributes come from `attributes` (attribute name → value; missing ones are missing).
    /// `attributes` is ignored for users already present. Returns the row.
    @discardableResult
    public mutating func foldIn(user id: String, interactions: [ProfileInteraction],
                                attributes: [String: AttributeValue] = [:]) throws -> Int {
        guard entity == .users else { throw ProfileError.invalidConfig("foldIn(user:) called on item profiles; use foldIn(item:)") }
        return try foldIn(id: id, interactions: interactions, attributes: attributes)
    }

    /// Folds `interactions` (with users) into item `id`'s row, appending a new item when unknown.
    @discardableResult
    public mutating func foldIn(item id: String, interactions: [ProfileInteraction],
                                attributes: [String: AttributeValue] = [:]) throws -> Int {
        guard entity == .items else { throw ProfileError.invalidConfig("foldIn(item:) called on user profiles; use foldIn(user:)") }
        return try foldIn(id: id, interactions: interactions, attributes: attributes)
    }

    /// Folds a whole table in: each row goes to its user (user profiles) or item (item profiles),
    /// as a dense index that must already be a row of this matrix.
    public mutating func foldIn(_ table: InteractionTable) throws {
        let users = entity == .users
        var folded: [(Int, ProfileInteraction)] = []
        folded.reserveCapacity(table.count)
        for k in 0..<table.count {
            let e = Int(users ? table.users[k] : table.items[k])
            guard e >= 0 && e < rowCount else {
                throw ProfileError.invalidInteractions("row \(k): \(users ? "user" : "item") index \(e) is not a profile row (0..<\(rowCount))")
            }
            let x = ProfileInteraction(item: users ? table.items[k] : table.users[k],
                                       rating: table.ratings?[k], timestamp: table.timestamps?[k])
            try validate(x)
            folded.append((e, x))
        }
        var moved = false
        for (e, x) in folded { moved = add(x, to: e) || moved }
        refresh(rows: Set(folded.map(\.0)).sorted(), all: moved)
    }

    // MARK: - Implementation

    private mutating func foldIn(id: String, interactions: [ProfileInteraction], attributes: [String: AttributeValue]) throws -> Int {
        for x in interactions { try validate(x) }
        let r = row(of: id) ?? appendRow(id: id, attributes: attributes)
        var moved = false
        for x in interactions { moved = add(x, to: r) || moved }
        refresh(rows: [r], all: moved)
        return r
    }

    /// Checks one interaction against what the profile needs.
    private func validate(_ x: ProfileInteraction) throws {
        let side = entity == .users ? "item" : "user"
        guard x.counterpart >= 0, Int(x.counterpart) < counterpartCount else {
            throw ProfileError.invalidInteractions("\(side) index \(x.counterpart) is outside the dataset's \(counterpartCount) \(side)s")
        }
        if x.rating == nil, groups.contains(where: { $0.kind == .ratingMean || $0.kind == .ratingVariance }) {
            throw ProfileError.invalidInteractions("the profile has rating features, so folded interactions need ratings")
        }
        if x.timestamp == nil, groups.contains(where: { $0.kind == .recency }) {
            throw ProfileError.invalidInteractions("the profile has a recency feature, so folded interactions need timestamps")
        }
    }

    /// Adds one validated interaction to row `e`; returns whether recency's reference time advanced.
    private mutating func add(_ x: ProfileInteraction, to e: Int) -> Bool {
        let empty: ArraySlice<Int32> = []
        let item = Int(x.counterpart)
        let g = genres.map { $0.codes[$0.indptr[item]..<$0.indptr[item + 1]] } ?? empty
        statistics.add(entity: e, genres: g, rating: x.rating, timestamp: x.timestamp)
        foldedInteractions += 1
        guard let t = x.timestamp, groups.contains(where: { $0.kind == .recency }), t > (referenceTime ?? .min) else { return false }
        referenceTime = t
        return true
    }

    /// Appends a row with static columns from `attributes` and empty statistics.
    private mutating func appendRow(id: String, attributes: [String: AttributeValue]) -> Int {
        var row = [Float](repeating: 0, count: featureCount)
        for g in groups where !g.kind.isDynamic {
            StaticFeatures.encode(g, value: g.attribute.flatMap { attributes[$0] }, into: &row)
        }
        let r = statistics.appendEntity()
        ids.append(id); rowIndex[id] = r
        raw = DenseMatrix(rows: r + 1, cols: featureCount, storage: raw.storage + row)
        values = DenseMatrix(rows: r + 1, cols: featureCount, storage: values.storage + row)
        return r
    }

    /// Recomputes the dynamic columns of `rows` (of every row when `all`, after recency's reference
    /// moved) and normalises them.
    private mutating func refresh(rows: [Int], all: Bool) {
        let dynamic = groups.filter { $0.kind.isDynamic }
        let targets = all ? Array(0..<rowCount) : rows
        for r in targets {
            DynamicFeatures.write(dynamic, entity: r, statistics: statistics, reference: referenceTime,
                                  unitSeconds: config.recencyUnitSeconds, into: &raw)
        }
        normaliser.apply(raw: raw, rows: targets, into: &values)
    }
}
