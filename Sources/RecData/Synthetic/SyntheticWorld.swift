import RecCore

/// The cluster-level parameters every user and item is drawn from: centres, cluster sizes and the
/// cluster-specific attribute distributions. Drawn sequentially from one stream of the seed, so it
/// does not depend on the number of users, items or threads.
struct SyntheticWorld: Sendable {
    /// Level names of the categorical attributes (MovieLens-style vocabularies).
    static let genders = ["F", "M"]
    static let occupations = ["administrator", "artist", "doctor", "educator", "engineer", "entertainment",
                              "executive", "healthcare", "homemaker", "lawyer", "librarian", "marketing", "none",
                              "other", "programmer", "retired", "salesman", "scientist", "student", "technician",
                              "writer"]
    static let regions = ["northeast", "southeast", "midwest", "southwest", "west", "northwest", "central", "abroad"]
    static let genres = ["Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama",
                         "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller",
                         "War", "Western"]

    /// Unit-length cluster centres, `clusters × factors` row-major.
    let centres: [Float]
    /// Cumulative cluster sizes (users and items are assigned with these shares).
    let clusterCumulative: [Double]
    /// Per cluster: probability that a user is "F".
    let femaleShare: [Double]
    /// Per cluster: cumulative occupation, region and genre distributions.
    let occupationCumulative: [[Double]]
    let regionCumulative: [[Double]]
    let genreCumulative: [[Double]]
    /// Per cluster: mean user age and mean item year.
    let ageMean: [Double]
    let yearMean: [Double]

    init(_ o: SyntheticOptions) {
        var rng = SeededGenerator.derived(seed: o.seed, stream: SyntheticStream.world)
        let c = max(1, o.clusters), d = max(1, o.factors)
        var centres = [Float](repeating: 0, count: c * d)
        for k in 0..<c {
            var v = (0..<d).map { _ in rng.nextGaussian() }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for j in 0..<d { v[j] /= max(norm, 1e-12) }
            for j in 0..<d { centres[k * d + j] = Float(v[j]) }
        }
        self.centres = centres
        // Cluster sizes differ by up to a factor of three, as tastes do.
        clusterCumulative = SyntheticDraw.cumulative((0..<c).map { _ in 1 + 2 * rng.nextDouble() })
        let s = o.attributeSignal
        femaleShare = (0..<c).map { _ in 0.5 + s * (0.1 + 0.8 * rng.nextDouble() - 0.5) }
        occupationCumulative = (0..<c).map { _ in
            SyntheticDraw.cumulative(SyntheticDraw.profile(levels: Self.occupations.count, signal: s,
                                                           peak: SyntheticConstants.attributePeak, &rng))
        }
        regionCumulative = (0..<c).map { _ in
            SyntheticDraw.cumulative(SyntheticDraw.profile(levels: Self.regions.count, signal: s,
                                                           peak: SyntheticConstants.attributePeak, &rng))
        }
        genreCumulative = (0..<c).map { _ in
            SyntheticDraw.cumulative(SyntheticDraw.profile(levels: Self.genres.count, signal: s, peak: 2.0, &rng))
        }
        ageMean = (0..<c).map { _ in (1 - s) * 34 + s * (20 + 36 * rng.nextDouble()) }
        yearMean = (0..<c).map { _ in (1 - s) * 1998 + s * (1975 + 43 * rng.nextDouble()) }
    }
}

/// Stream numbers that keep the generator's phases independent of one another under one seed.
enum SyntheticStream {
    static let world: UInt64 = 0x5157_0000
    static let users: UInt64 = 0x5157_0001
    static let items: UInt64 = 0x5157_0002
    static let popularity: UInt64 = 0x5157_0003
    static let interactions: UInt64 = 0x5157_0004
    static let graph: UInt64 = 0x5157_0005

    /// The generator of entity `index` within `phase`: one independent stream per user or item, so
    /// results do not depend on how the work is split across threads.
    @inline(__always)
    static func generator(seed: UInt64, phase: UInt64, index: Int) -> SeededGenerator {
        var phaseSeed = SeededGenerator.derived(seed: seed, stream: phase)
        return SeededGenerator.derived(seed: phaseSeed.next(), stream: UInt64(index))
    }
}
