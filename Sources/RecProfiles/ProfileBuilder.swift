import RecCore
import RecData

/// Builds user or item profiles from a dataset's static attributes and a table of training
/// interactions. Dynamic features and the normaliser see `training` only — never validation or
/// test — so profiles built for a split cannot leak held-out interactions.
///
/// Columns come in this order: static attribute groups (config order), dynamic groups (config
/// order), then `is_cold`. Rows are the dataset's dense user (or item) indices.
///
/// ```swift
/// let prepared = try DataPipeline().prepare(request)
/// let users = try ProfileBuilder(.defaults(for: .users)).build(dataset: prepared.dataset, training: prepared.split.train)
/// let items = try ProfileBuilder(.defaults(for: .items)).build(dataset: prepared.dataset, training: prepared.split.train)
/// ```
public struct ProfileBuilder: Sendable {
    /// The configuration.
    public let config: ProfileConfig

    /// A builder for `config`.
    public init(_ config: ProfileConfig) { self.config = config }

    /// Profiles of every user (or item) of `dataset`, with dynamic features from `training`.
    /// - Throws: `ProfileError` for an invalid configuration, an attribute the dataset lacks, or
    ///   interactions whose indices do not fit the dataset.
    public func build(dataset: Dataset, training: InteractionTable) throws -> ProfileMatrix {
        try config.validate()
        let users = config.entity == .users
        let rows = users ? dataset.userCount : dataset.itemCount
        let counterparts = users ? dataset.itemCount : dataset.userCount
        try check(training, userCount: dataset.userCount, itemCount: dataset.itemCount)

        let table = users ? dataset.userAttributes : dataset.itemAttributes
        var notes: [String] = []
        let staticGroups = try StaticFeatures.plan(config.attributes, table: table, entity: config.entity, start: 0)
        let needsGenres = users && config.dynamic.contains { $0.usesGenres }
        let genres = needsGenres ? try DynamicFeatures.genreIndex(dataset.itemAttributes, name: config.genreAttribute) : nil
        if let genres, genres.itemCount != dataset.itemCount {
            throw ProfileError.invalidConfig("genre attribute covers \(genres.itemCount) items, the dataset has \(dataset.itemCount)")
        }
        let dynamicGroups = DynamicFeatures.plan(config, training: training, genres: genres,
                                                 start: staticGroups.last?.end ?? 0, notes: &notes)
        let groups = staticGroups + dynamicGroups
        if let dup = Dictionary(grouping: groups, by: \.name).first(where: { $0.value.count > 1 })?.key {
            throw ProfileError.invalidConfig("two feature groups are called '\(dup)'; give one a different name")
        }
        let width = groups.last?.end ?? 0
        var names: [String] = []
        for g in groups {
            names += g.kind.isDynamic ? DynamicFeatures.columnNames(g, unitSeconds: config.recencyUnitSeconds)
                                      : StaticFeatures.columnNames(g)
        }

        var raw = DenseMatrix(rows: rows, cols: width)
        for g in staticGroups { StaticFeatures.fill(g, from: table[g.attribute!]!, into: &raw) }

        var statistics = ProfileStatistics(entities: rows, genreCount: genres?.levels.count ?? 0,
                                           ratingWeighted: config.affinityWeighting == .rating)
        accumulate(training, into: &statistics, genres: genres)
        let reference = training.timestamps?.max()
        for e in 0..<rows {
            DynamicFeatures.write(dynamicGroups, entity: e, statistics: statistics, reference: reference,
                                  unitSeconds: config.recencyUnitSeconds, into: &raw)
        }

        let normaliser = FittedNormaliser.fit(raw: raw, fitRows: statistics.count.map { $0 > 0 },
                                              continuous: ProfileMatrix.continuousMask(groups, width: width),
                                              method: config.normalisation)
        var values = DenseMatrix(rows: rows, cols: width)
        normaliser.apply(raw: raw, rows: 0..<rows, into: &values)
        return ProfileMatrix(entity: config.entity, config: config, ids: users ? dataset.users.ids : dataset.items.ids,
                             featureNames: names, groups: groups, values: values, raw: raw, normaliser: normaliser,
                             statistics: statistics, genres: genres, counterpartCount: counterparts,
                             referenceTime: reference, configFingerprint: ProfileFingerprint.config(config),
                             trainingFingerprint: ProfileFingerprint.training(training), foldedInteractions: 0, notes: notes)
    }

    /// Adds every interaction of `table` to the statistics of its user (or item).
    private func accumulate(_ table: InteractionTable, into s: inout ProfileStatistics, genres: GenreIndex?) {
        let entities = config.entity == .users ? table.users : table.items
        let items = table.items, ratings = table.ratings, timestamps = table.timestamps
        let indptr = genres?.indptr ?? [], codes = genres?.codes ?? []
        let useGenres = config.entity == .users && genres != nil
        for k in 0..<table.count {
            let item = Int(items[k])
            let g = useGenres ? codes[indptr[item]..<indptr[item + 1]] : codes[0..<0]
            s.add(entity: Int(entities[k]), genres: g, rating: ratings?[k], timestamp: timestamps?[k])
        }
    }

    private func check(_ t: InteractionTable, userCount: Int, itemCount: Int) throws {
        for k in 0..<t.count where t.users[k] < 0 || Int(t.users[k]) >= userCount || t.items[k] < 0 || Int(t.items[k]) >= itemCount {
            throw ProfileError.invalidInteractions("row \(k) has user \(t.users[k]) / item \(t.items[k]) outside the dataset's \(userCount) users × \(itemCount) items")
        }
    }
}
