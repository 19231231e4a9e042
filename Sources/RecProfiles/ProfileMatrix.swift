import RecCore

/// User or item profiles as one dense matrix: one row per entity (dense index of the dataset, then
/// any entity appended by fold-in), one column per feature, grouped into named column ranges.
///
/// `values` is what models consume: normalised and finite for every row, including entities with no
/// training interaction (their undefined dynamic features take the training mean, and `is_cold` is 1).
/// `raw` holds the same features before normalisation, with NaN where a feature is undefined.
/// The normaliser, fitted on training entities, stays fixed when rows are folded in or appended.
///
/// ```swift
/// let users = try ProfileBuilder(.defaults(for: .users)).build(dataset: data, training: split.train)
/// let x = users.values                                  // users × features, row-major Float
/// let genres = users.group(named: "genre_affinity")!    // columns x[u, genres.range]
/// let input = embedding + Array(users.values.row(u))    // concatenate to a model's embedding
/// ```
public struct ProfileMatrix: Sendable {
    /// Users or items.
    public let entity: ProfileEntity
    /// The configuration that built it.
    public let config: ProfileConfig
    /// External id of each row.
    public internal(set) var ids: [String]
    /// Name of each column (`gender=F`, `age=[18,25)`, `genre_affinity=Drama`, `rating_mean`, …).
    public let featureNames: [String]
    /// Column groups in column order.
    public let groups: [FeatureGroup]
    /// Normalised features (rows × features).
    public internal(set) var values: DenseMatrix
    /// Unnormalised features, NaN where undefined.
    public internal(set) var raw: DenseMatrix
    /// The normaliser fitted on the training entities.
    public let normaliser: FittedNormaliser
    /// Sufficient statistics behind the dynamic features (what fold-in updates).
    public internal(set) var statistics: ProfileStatistics
    /// Genres of the counterpart items (user profiles with genre features; nil otherwise).
    public let genres: GenreIndex?
    /// Number of counterpart entities (items for user profiles, users for item profiles) at build time.
    public let counterpartCount: Int
    /// Reference time of recency: the latest training timestamp, advanced by later fold-ins.
    public internal(set) var referenceTime: Int64?
    /// `ProfileConfig` fingerprint (see `ProfileFingerprint.config`).
    public let configFingerprint: String
    /// Fingerprint of the training interactions the profiles were built from.
    public let trainingFingerprint: String
    /// Number of interactions folded in after the build.
    public internal(set) var foldedInteractions: Int
    /// Features the data could not support and that were left out, in words.
    public let notes: [String]

    /// Number of rows.
    public var rowCount: Int { values.rows }
    /// Number of columns.
    public var featureCount: Int { values.cols }

    /// The group called `name`.
    public func group(named name: String) -> FeatureGroup? { groups.first { $0.name == name } }

    /// The row of external id `id`.
    public func row(of id: String) -> Int? { rowIndex[id] }

    /// Whether row `r` had no interactions (training or folded in).
    public func isCold(_ r: Int) -> Bool { statistics.count[r] == 0 }

    /// Rows with at least one interaction (training or folded in).
    public var warmRows: [Bool] { statistics.count.map { $0 > 0 } }

    /// Lookup from id to row, kept in step with `ids`.
    var rowIndex: [String: Int]

    /// Assembles a profile matrix from its parts (the builder and the HDF5 reader call this).
    init(entity: ProfileEntity, config: ProfileConfig, ids: [String], featureNames: [String], groups: [FeatureGroup],
         values: DenseMatrix, raw: DenseMatrix, normaliser: FittedNormaliser, statistics: ProfileStatistics,
         genres: GenreIndex?, counterpartCount: Int, referenceTime: Int64?, configFingerprint: String,
         trainingFingerprint: String, foldedInteractions: Int, notes: [String]) {
        self.entity = entity; self.config = config; self.ids = ids; self.featureNames = featureNames
        self.groups = groups; self.values = values; self.raw = raw; self.normaliser = normaliser
        self.statistics = statistics; self.genres = genres; self.counterpartCount = counterpartCount
        self.referenceTime = referenceTime; self.configFingerprint = configFingerprint
        self.trainingFingerprint = trainingFingerprint; self.foldedInteractions = foldedInteractions; self.notes = notes
        var index = [String: Int](minimumCapacity: ids.count)
        for (r, id) in ids.enumerated() where index[id] == nil { index[id] = r }
        rowIndex = index
    }

    /// Columns the normaliser rescales.
    static func continuousMask(_ groups: [FeatureGroup], width: Int) -> [Bool] {
        var mask = [Bool](repeating: false, count: width)
        for g in groups { for j in g.normalisedColumns { mask[j] = true } }
        return mask
    }
}
