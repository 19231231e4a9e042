/// What a group of profile columns holds.
public enum FeatureKind: String, Codable, Sendable {
    case oneHot = "one_hot", multiHot = "multi_hot", numeric, buckets, region
    case genreAffinity = "genre_affinity", activity, popularity, ratingMean = "rating_mean"
    case ratingVariance = "rating_variance", recency, diversity
    /// The `is_cold` indicator.
    case coldIndicator = "is_cold"

    /// Whether the normaliser rescales these columns (the value column of `numeric` only; see
    /// `FeatureGroup.normalisedColumns`).
    var isContinuous: Bool {
        switch self {
        case .numeric, .activity, .popularity, .ratingMean, .ratingVariance, .recency, .diversity: return true
        default: return false
        }
    }

    /// Whether the columns come from training interactions.
    public var isDynamic: Bool {
        switch self {
        case .oneHot, .multiHot, .numeric, .buckets, .region: return false
        default: return true
        }
    }
}

/// A contiguous range of profile columns with one meaning: "genre affinity", "gender", "activity".
///
/// ```swift
/// let g = profiles.group(named: "genre_affinity")!
/// let shares = profiles.values.row(u)[g.range]     // one share per genre, labels in g.levels
/// ```
public struct FeatureGroup: Codable, Sendable, Equatable {
    /// Group name (`gender`, `age`, `zip_code_region`, `genre_affinity`, `activity`, `is_cold`, …).
    public var name: String
    /// What the columns hold.
    public var kind: FeatureKind
    /// Source attribute of a static group (nil for dynamic groups).
    public var attribute: String?
    /// First column.
    public var start: Int
    /// One past the last column.
    public var end: Int
    /// Per-column labels of categorical groups (levels, bucket labels, region prefixes, genres); empty otherwise.
    public var levels: [String]
    /// Bucket edges of a `buckets` group.
    public var edges: [Double]
    /// Characters kept by a `region` group.
    public var prefixLength: Int

    /// A group over `start..<end`.
    public init(name: String, kind: FeatureKind, attribute: String? = nil, start: Int, end: Int,
                levels: [String] = [], edges: [Double] = [], prefixLength: Int = 0) {
        self.name = name; self.kind = kind; self.attribute = attribute; self.start = start; self.end = end
        self.levels = levels; self.edges = edges; self.prefixLength = prefixLength
    }

    /// The columns of the group.
    public var range: Range<Int> { start..<end }
    /// Number of columns.
    public var width: Int { end - start }

    /// The columns the normaliser rescales (the value column of `numeric`, not its missing indicator).
    var normalisedColumns: Range<Int> {
        guard kind.isContinuous else { return start..<start }
        return kind == .numeric ? start..<(start + 1) : range
    }
}
