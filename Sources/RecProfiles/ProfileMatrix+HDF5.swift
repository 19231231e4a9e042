import Foundation
import RecCore
import RecData
import RecHDF5

/// Profiles in HDF5 (layout in `docs/profiles.md`), readable with h5py: `values` and `raw` are 2-D
/// float32 datasets, names and ids string arrays, the configuration and groups JSON attributes.
///
/// ```swift
/// try users.save(to: file.root.createGroup("profiles/users"))
/// let again = try ProfileMatrix.load(from: file.root.openGroup("profiles/users"))
/// ```
extension ProfileMatrix {
    /// Layout version of a stored profile.
    public static let formatVersion: Int64 = 1

    /// Writes the profile into `group` (which should be empty).
    public func save(to group: HDF5Group) throws {
        try group.setAttribute("format", "reclab-profile")
        try group.setAttribute("version", Self.formatVersion)
        try group.setAttribute("entity", entity.rawValue)
        try group.setAttribute("config", String(decoding: ProfileFingerprint.canonicalJSON(config), as: UTF8.self))
        try group.setAttribute("groups", String(decoding: ProfileFingerprint.canonicalJSON(groups), as: UTF8.self))
        try group.setAttribute("config_fingerprint", configFingerprint)
        try group.setAttribute("training_fingerprint", trainingFingerprint)
        try group.setAttribute("folded_interactions", Int64(foldedInteractions))
        try group.setAttribute("counterparts", Int64(counterpartCount))
        if let referenceTime { try group.setAttribute("reference_time", referenceTime) }
        try group.writeStrings("notes", notes)
        try group.writeStrings("ids", ids)
        try group.writeStrings("feature_names", featureNames)
        try group.write("values", matrix: values)
        try group.write("raw", matrix: raw)

        let n = try group.createGroup("normaliser")
        try n.setAttribute("method", normaliser.method.rawValue)
        try n.write("offset", normaliser.offset)
        try n.write("scale", normaliser.scale)
        try n.write("fill", normaliser.fill)

        let s = try group.createGroup("statistics")
        try s.setAttribute("genres", Int64(statistics.genreCount))
        try s.setAttribute("rating_weighted", Int64(statistics.ratingWeighted ? 1 : 0))
        try s.write("count", statistics.count)
        try s.write("weight_sum", statistics.weightSum)
        try s.write("rating_sum", statistics.ratingSum)
        try s.write("rating_squares", statistics.ratingSquares)
        try s.write("last_timestamp", statistics.lastTimestamp)
        try s.write("genre_weight", statistics.genreWeight)

        if let genres {
            let g = try group.createGroup("genres")
            try g.write("indptr", genres.indptr.map { Int64($0) })
            try g.write("codes", genres.codes)
            try g.writeStrings("levels", genres.levels)
        }
    }

    /// Reads a profile written by `save(to:)`, checking its structure.
    /// - Throws: `ProfileError.corruptProfile` when the group is not a profile of this version or
    ///   its parts disagree; `HDF5Error` when a part is missing.
    public static func load(from group: HDF5Group) throws -> ProfileMatrix {
        let fail = { (detail: String) in ProfileError.corruptProfile(path: "\(group.filePath):\(group.path)", detail: detail) }
        let format: String? = try group.attribute("format"), version: Int64? = try group.attribute("version")
        guard format == "reclab-profile", version == formatVersion else { throw fail("not a reclab-profile of version \(formatVersion)") }
        let decoder = JSONDecoder()
        guard let entityText: String = try group.attribute("entity"), let entity = ProfileEntity(rawValue: entityText),
              let configText: String = try group.attribute("config"), let groupsText: String = try group.attribute("groups"),
              let config = ProfileConfig.read(json: Data(configText.utf8)),
              let groups = try? decoder.decode([FeatureGroup].self, from: Data(groupsText.utf8)) else {
            throw fail("entity, config or groups attribute missing or unreadable")
        }
        let ids = try group.readStrings("ids"), names = try group.readStrings("feature_names")
        let values = try group.readDenseMatrix("values"), raw = try group.readDenseMatrix("raw")
        let width = groups.last?.end ?? 0
        guard values.rows == ids.count, raw.rows == ids.count, values.cols == width, raw.cols == width, names.count == width else {
            throw fail("\(ids.count) ids, \(names.count) names, \(width) grouped columns, values \(values.rows)×\(values.cols), raw \(raw.rows)×\(raw.cols)")
        }

        let n = try group.openGroup("normaliser")
        guard let methodText: String = try n.attribute("method"), let method = Normalisation(rawValue: methodText) else {
            throw fail("normaliser method missing")
        }
        let offset: [Float] = try n.read("offset"), scale: [Float] = try n.read("scale"), fill: [Float] = try n.read("fill")
        guard offset.count == width, scale.count == width, fill.count == width else { throw fail("normaliser has the wrong width") }

        let s = try group.openGroup("statistics")
        let genreCount = Int(try s.attribute("genres", as: Int64.self) ?? 0)
        var statistics = ProfileStatistics(entities: 0, genreCount: genreCount,
                                           ratingWeighted: (try s.attribute("rating_weighted", as: Int64.self) ?? 0) != 0)
        statistics.count = try s.read("count"); statistics.weightSum = try s.read("weight_sum")
        statistics.ratingSum = try s.read("rating_sum"); statistics.ratingSquares = try s.read("rating_squares")
        statistics.lastTimestamp = try s.read("last_timestamp"); statistics.genreWeight = try s.read("genre_weight")
        let rows = ids.count
        guard [statistics.count.count, statistics.weightSum.count, statistics.ratingSum.count,
               statistics.ratingSquares.count, statistics.lastTimestamp.count].allSatisfy({ $0 == rows }),
              statistics.genreWeight.count == rows * genreCount else { throw fail("statistics do not cover \(rows) rows") }

        var genres: GenreIndex?
        if group.contains("genres") {
            let g = try group.openGroup("genres")
            let indptr: [Int64] = try g.read("indptr")
            genres = GenreIndex(indptr: indptr.map { Int($0) }, codes: try g.read("codes"), levels: try g.readStrings("levels"))
            guard genres!.levels.count == genreCount, genres!.indptr.last == genres!.codes.count,
                  genres!.codes.allSatisfy({ $0 >= 0 && Int($0) < genreCount }) else { throw fail("genre index is inconsistent") }
        }
        return ProfileMatrix(
            entity: entity, config: config, ids: ids, featureNames: names, groups: groups, values: values, raw: raw,
            normaliser: FittedNormaliser(method: method, offset: offset, scale: scale, fill: fill),
            statistics: statistics, genres: genres,
            counterpartCount: Int(try group.attribute("counterparts", as: Int64.self) ?? 0),
            referenceTime: try group.attribute("reference_time", as: Int64.self),
            configFingerprint: try group.attribute("config_fingerprint") ?? "",
            trainingFingerprint: try group.attribute("training_fingerprint") ?? "",
            foldedInteractions: Int(try group.attribute("folded_interactions", as: Int64.self) ?? 0),
            notes: try group.readStrings("notes"))
    }
}
