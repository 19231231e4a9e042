import Foundation
import RecData

/// One user's profile in readable form (what `reclab profile` prints): static attributes, activity,
/// rating mean and variance, recency, top genres with shares and diversity, taken from a user
/// `ProfileMatrix` and its statistics.
///
/// ```swift
/// let users = try ProfileBuilder(.defaults(for: .users)).build(dataset: data, training: data.interactions)
/// let report = try UserProfileReport(profiles: users, dataset: data, user: "196", scope: "all interactions")
/// print(report.render())
/// ```
public struct UserProfileReport: Codable, Sendable, Equatable {
    /// One attribute value as text.
    public struct Attribute: Codable, Sendable, Equatable {
        /// Attribute name.
        public var name: String
        /// Value as text, nil when missing.
        public var value: String?
        /// An attribute and its value.
        public init(name: String, value: String?) { self.name = name; self.value = value }
    }
    /// One genre and its share of the user's interactions.
    public struct GenreShare: Codable, Sendable, Equatable {
        /// Genre name.
        public var genre: String
        /// Share of the interactions whose item has the genre.
        public var share: Double
    }

    /// Dataset name.
    public var dataset: String
    /// External user id.
    public var user: String
    /// Which interactions the dynamic features come from.
    public var scope: String
    /// Every user attribute of the dataset, as text (nil = missing).
    public var attributes: [Attribute]
    /// Region (first characters of the zip code) when the profile has a region group.
    public var region: String?
    /// Number of interactions behind the dynamic features.
    public var interactions: Int
    /// Mean and population variance of the ratings (nil for implicit data or no interactions).
    public var ratingMean: Double?
    public var ratingVariance: Double?
    /// Date (UTC) of the user's latest interaction.
    public var lastInteraction: String?
    /// Days from the user's latest interaction to the latest interaction of the data.
    public var recencyDays: Double?
    /// Date (UTC) of the latest interaction of the data.
    public var referenceDate: String?
    /// Genres with the largest shares, largest first.
    public var topGenres: [GenreShare]
    /// Entropy of the genre distribution (nats) and its maximum ln(genres).
    public var diversity: Double?
    public var maxDiversity: Double?
    /// Whether the user has no interaction.
    public var isCold: Bool
    /// Profile width and groups (`name:width`).
    public var featureCount: Int
    public var featureGroups: [String]

    /// The report for external user id `user`.
    /// - Throws: `ProfileError.unknownEntity` naming an example of a valid id.
    public init(profiles: ProfileMatrix, dataset: Dataset, user: String, scope: String, topGenres k: Int = 5) throws {
        guard profiles.entity == .users else { throw ProfileError.invalidConfig("a user report needs user profiles") }
        guard let r = profiles.row(of: user) else {
            throw ProfileError.unknownEntity(id: user, entity: .users, example: dataset.users.ids.first)
        }
        let s = profiles.statistics
        self.dataset = dataset.name; self.user = user; self.scope = scope
        attributes = r < dataset.userCount ? zip(dataset.userAttributes.names, dataset.userAttributes.columns).map {
            Attribute(name: $0, value: Self.text($1, row: r))
        } : []
        region = profiles.groups.first { $0.kind == .region }.flatMap { g in
            g.range.first { profiles.raw[r, $0] == 1 }.map { g.levels[$0 - g.start] }
        }
        interactions = Int(s.count[r])
        let rated = profiles.groups.contains { $0.kind == .ratingMean || $0.kind == .ratingVariance }
        ratingMean = rated ? s.ratingMean(r) : nil
        ratingVariance = rated ? s.ratingVariance(r) : nil
        lastInteraction = s.lastTimestamp[r] == .min ? nil : Self.date(s.lastTimestamp[r])
        recencyDays = s.recency(r, reference: profiles.referenceTime, unitSeconds: 86_400)
        referenceDate = profiles.referenceTime.map(Self.date)
        let levels = profiles.genres?.levels ?? []
        topGenres = (s.genreShares(r) ?? []).enumerated().filter { $0.element > 0 }
            .sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
            .prefix(k).map { GenreShare(genre: levels[$0.offset], share: $0.element) }
        diversity = s.genreCount > 0 ? s.genreEntropy(r) : nil
        maxDiversity = s.genreCount > 0 ? log(Double(s.genreCount)) : nil
        isCold = profiles.isCold(r)
        featureCount = profiles.featureCount
        featureGroups = profiles.groups.map { "\($0.name):\($0.width)" }
    }

    /// Plain-text rendering, one aspect per line.
    public func render() -> String {
        let f2 = { (x: Double) in String(format: "%.2f", x) }
        var lines = ["user \(user) of \(dataset) — dynamic features over \(scope)"]
        var attrs = attributes.map { "\($0.name) \($0.value ?? "–")" }
        if let region { attrs.append("region \(region)") }
        lines.append("attributes   " + (attrs.isEmpty ? "none" : attrs.joined(separator: " · ")))
        var activity = "\(interactions) interaction\(interactions == 1 ? "" : "s") (ln(1+n) = \(f2(log(1 + Double(interactions)))))"
        if let ratingMean { activity += ", rating mean \(f2(ratingMean))" }
        if let ratingVariance { activity += ", variance \(f2(ratingVariance))" }
        if isCold { activity += " — cold user: dynamic features take the population mean" }
        lines.append("activity     " + activity)
        if let lastInteraction, let recencyDays, let referenceDate {
            lines.append("recency      last interaction \(lastInteraction), \(String(format: "%.1f", recencyDays)) days before the latest in the data (\(referenceDate))")
        }
        if !topGenres.isEmpty {
            lines.append("top genres   " + topGenres.map { "\($0.genre) \(String(format: "%.1f", 100 * $0.share))%" }.joined(separator: " · "))
            lines.append("             (share of the user's interactions whose item has the genre; an item can have several)")
        }
        if let diversity, let maxDiversity {
            lines.append("diversity    \(f2(diversity)) nats of genre entropy (maximum ln \(Int((exp(maxDiversity)).rounded())) = \(f2(maxDiversity)))")
        }
        lines.append("profile      \(featureCount) features: " + featureGroups.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    /// Pretty JSON with snake_case keys.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// An attribute value as text (`F`, `25`, `Action, Comedy`); nil when missing.
    public static func text(_ column: AttributeColumn, row r: Int) -> String? {
        switch column {
        case let .categorical(codes, levels): return codes[r] >= 0 ? levels[Int(codes[r])] : nil
        case let .numeric(values):
            let x = values[r]
            return x.isNaN ? nil : (x == x.rounded() && abs(x) < 1e9 ? String(Int(x)) : String(x))
        case let .multiCategorical(indptr, codes, levels):
            return indptr[r] == indptr[r + 1] ? nil : codes[indptr[r]..<indptr[r + 1]].map { levels[Int($0)] }.joined(separator: ", ")
        }
    }

    private static func date(_ t: Int64) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "UTC"); f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(t)))
    }
}
