import RecCore
import RecData

/// Plans the dynamic (training-interaction) columns and computes them from `ProfileStatistics`.
/// A value that is undefined for an entity (no interactions, no rated or timed interaction) is NaN
/// in the raw matrix; counts are defined for everyone (ln(1 + 0) = 0).
enum DynamicFeatures {
    /// The dynamic groups from `start`, plus the `is_cold` group when configured. Features the data
    /// cannot support are skipped with a note (ratings on implicit data, recency without timestamps,
    /// genre features when no genre attribute was found automatically).
    static func plan(_ config: ProfileConfig, training: InteractionTable, genres: GenreIndex?,
                     start: Int, notes: inout [String]) -> [FeatureGroup] {
        var groups: [FeatureGroup] = [], next = start
        func add(_ name: String, _ kind: FeatureKind, levels: [String] = [], width: Int = 1) {
            groups.append(FeatureGroup(name: name, kind: kind, start: next, end: next + width, levels: levels))
            next += width
        }
        for f in config.dynamic {
            switch f {
            case .genreAffinity, .diversity:
                guard let genres else { notes.append("\(f.rawValue) omitted: the items have no genre attribute"); continue }
                if f == .genreAffinity { add("genre_affinity", .genreAffinity, levels: genres.levels, width: genres.levels.count) }
                else { add("diversity", .diversity) }
            case .activity: add("activity", .activity)
            case .popularity: add("popularity", .popularity)
            case .ratingMean, .ratingVariance:
                guard training.ratings != nil else { notes.append("\(f.rawValue) omitted: the interactions have no ratings"); continue }
                add(f.rawValue, f == .ratingMean ? .ratingMean : .ratingVariance)
            case .recency:
                guard training.timestamps != nil else { notes.append("recency omitted: the interactions have no timestamps"); continue }
                add("recency", .recency)
            }
        }
        if config.coldIndicator { add("is_cold", .coldIndicator) }
        return groups
    }

    /// Column names of a dynamic group.
    static func columnNames(_ g: FeatureGroup, unitSeconds: Double) -> [String] {
        switch g.kind {
        case .genreAffinity: return g.levels.map { "genre_affinity=\($0)" }
        case .activity, .popularity: return ["\(g.name):log_count"]
        case .recency: return [unitSeconds == 86_400 ? "recency:days" : "recency:units_of_\(Int64(unitSeconds))s"]
        case .diversity: return ["diversity:entropy"]
        default: return [g.name]
        }
    }

    /// Writes every dynamic group of entity `e` into row `e` of `raw`.
    static func write(_ groups: [FeatureGroup], entity e: Int, statistics s: ProfileStatistics,
                      reference: Int64?, unitSeconds: Double, into raw: inout DenseMatrix) {
        let base = e * raw.cols
        let undefined = Float.nan
        for g in groups {
            switch g.kind {
            case .genreAffinity:
                let shares = s.genreShares(e)
                for j in 0..<g.width { raw.storage[base + g.start + j] = shares.map { Float($0[j]) } ?? undefined }
            case .activity, .popularity: raw.storage[base + g.start] = Float(s.logCount(e))
            case .ratingMean: raw.storage[base + g.start] = s.ratingMean(e).map(Float.init) ?? undefined
            case .ratingVariance: raw.storage[base + g.start] = s.ratingVariance(e).map(Float.init) ?? undefined
            case .recency:
                raw.storage[base + g.start] = s.recency(e, reference: reference, unitSeconds: unitSeconds).map(Float.init) ?? undefined
            case .diversity: raw.storage[base + g.start] = s.genreEntropy(e).map(Float.init) ?? undefined
            case .coldIndicator: raw.storage[base + g.start] = s.count[e] == 0 ? 1 : 0
            default: break
            }
        }
    }

    /// The genre index from the item attribute `name` (or the first conventional genre attribute
    /// when `name` is nil); nil when automatic lookup finds none.
    static func genreIndex(_ items: AttributeTable, name: String?) throws -> GenreIndex? {
        let candidates = name.map { [$0] } ?? ["genres", "genre", "class", "category", "categories"]
        guard let found = candidates.first(where: { items[$0] != nil }), let column = items[found] else {
            if let name { throw ProfileError.unknownAttribute(name: name, entity: .items, available: items.names) }
            return nil
        }
        switch column {
        case let .multiCategorical(indptr, codes, levels): return GenreIndex(indptr: indptr, codes: codes, levels: levels)
        case let .categorical(codes, levels):
            var indptr = [0], out = [Int32]()
            for c in codes { if c >= 0 { out.append(c) }; indptr.append(out.count) }
            return GenreIndex(indptr: indptr, codes: out, levels: levels)
        case .numeric:
            throw ProfileError.invalidConfig("genre attribute '\(found)' is numeric; it must be categorical or multi-categorical")
        }
    }
}
