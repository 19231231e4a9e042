import RecCore

/// Users of a synthetic dataset: cluster, latent vector, bias, activity and attributes, each user
/// drawn from its own stream (in parallel, thread-count independent).
struct SyntheticUsers: Sendable {
    var cluster: [Int32]
    var factors: [Float]        // users × d
    var bias: [Float]
    var activity: [Double]      // log-normal, median 1
    var age: [Float]
    var gender: [Int32]
    var occupation: [Int32]
    var region: [Int32]

    private struct Draw {
        var cluster: Int32 = 0, bias: Float = 0, activity = 0.0, age: Float = 0
        var gender: Int32 = 0, occupation: Int32 = 0, region: Int32 = 0
    }

    init(_ o: SyntheticOptions, world: SyntheticWorld, threads: Int) {
        let n = o.users, d = o.factors
        var draws = [Draw](repeating: Draw(), count: n)
        var factors = [Float](repeating: 0, count: n * d)
        let spread = o.userSpread / Double(d).squareRoot()
        draws.withUnsafeMutableBufferPointer { db in
            factors.withUnsafeMutableBufferPointer { fb in
                let out = SharedPointer(db), vec = SharedPointer(fb)
                Parallelism.forEachChunk(count: n, threads: threads, minChunk: 64) { range in
                    for u in range {
                        var rng = SyntheticStream.generator(seed: o.seed, phase: SyntheticStream.users, index: u)
                        var x = Draw()
                        let c = SyntheticDraw.fromCumulative(world.clusterCumulative, &rng)
                        x.cluster = Int32(c)
                        for k in 0..<d { vec[u * d + k] = world.centres[c * d + k] + Float(spread * rng.nextGaussian()) }
                        x.bias = Float(SyntheticConstants.biasSpread * rng.nextGaussian())
                        x.activity = SyntheticDraw.exp(o.activitySigma * rng.nextGaussian())
                        x.gender = rng.nextDouble() < world.femaleShare[c] ? 0 : 1
                        x.occupation = Int32(SyntheticDraw.fromCumulative(world.occupationCumulative[c], &rng))
                        x.region = Int32(SyntheticDraw.fromCumulative(world.regionCumulative[c], &rng))
                        x.age = Float(min(80, max(14, (world.ageMean[c] + 9 * rng.nextGaussian()).rounded())))
                        out[u] = x
                    }
                }
            }
        }
        cluster = draws.map(\.cluster); bias = draws.map(\.bias); activity = draws.map(\.activity)
        age = draws.map(\.age); gender = draws.map(\.gender); occupation = draws.map(\.occupation)
        region = draws.map(\.region)
        self.factors = factors
    }

    /// Attribute table: `age` (numeric), `gender`, `occupation`, `region` (categorical).
    var attributes: AttributeTable {
        var t = AttributeTable()
        t.append("age", .numeric(age))
        t.append("gender", .categorical(codes: gender, levels: SyntheticWorld.genders))
        t.append("occupation", .categorical(codes: occupation, levels: SyntheticWorld.occupations))
        t.append("region", .categorical(codes: region, levels: SyntheticWorld.regions))
        return t
    }
}

/// Items of a synthetic dataset: cluster, latent vector, bias, Zipf popularity, genres and year.
struct SyntheticItems: Sendable {
    var cluster: [Int32]
    var factors: [Float]        // items × d
    var bias: [Float]
    var popularity: [Double]    // 1 / rank^s
    var genreIndptr: [Int]
    var genreCodes: [Int32]
    var year: [Float]

    private struct Draw {
        var cluster: Int32 = 0, bias: Float = 0, year: Float = 0
        var genres: (Int32, Int32, Int32) = (-1, -1, -1)
    }

    init(_ o: SyntheticOptions, world: SyntheticWorld, threads: Int) {
        let n = o.items, d = o.factors
        var draws = [Draw](repeating: Draw(), count: n)
        var factors = [Float](repeating: 0, count: n * d)
        let spread = o.itemSpread / Double(d).squareRoot()
        draws.withUnsafeMutableBufferPointer { db in
            factors.withUnsafeMutableBufferPointer { fb in
                let out = SharedPointer(db), vec = SharedPointer(fb)
                Parallelism.forEachChunk(count: n, threads: threads, minChunk: 64) { range in
                    for i in range {
                        var rng = SyntheticStream.generator(seed: o.seed, phase: SyntheticStream.items, index: i)
                        var x = Draw()
                        let c = SyntheticDraw.fromCumulative(world.clusterCumulative, &rng)
                        x.cluster = Int32(c)
                        for k in 0..<d { vec[i * d + k] = world.centres[c * d + k] + Float(spread * rng.nextGaussian()) }
                        x.bias = Float(SyntheticConstants.biasSpread * rng.nextGaussian())
                        // One genre always, a second half the time, a third a fifth of the time.
                        let count = 1 + (rng.nextDouble() < 0.5 ? 1 : 0) + (rng.nextDouble() < 0.2 ? 1 : 0)
                        let g = SyntheticDraw.distinct(count, cumulative: world.genreCumulative[c], &rng).sorted()
                        x.genres = (g[0], g.count > 1 ? g[1] : -1, g.count > 2 ? g[2] : -1)
                        x.year = Float(min(2020, max(1920, (world.yearMean[c] + 10 * rng.nextGaussian()).rounded())))
                        out[i] = x
                    }
                }
            }
        }
        cluster = draws.map(\.cluster); bias = draws.map(\.bias); year = draws.map(\.year)
        var indptr = [0], codes: [Int32] = []
        indptr.reserveCapacity(n + 1); codes.reserveCapacity(2 * n)
        for x in draws {
            for g in [x.genres.0, x.genres.1, x.genres.2] where g >= 0 { codes.append(g) }
            indptr.append(codes.count)
        }
        genreIndptr = indptr; genreCodes = codes
        self.factors = factors
        // Popularity ranks are a seeded permutation, so popularity is independent of index and cluster.
        var rng = SeededGenerator.derived(seed: o.seed, stream: SyntheticStream.popularity)
        let rank = rng.permutation(n)
        popularity = rank.map { 1 / SyntheticDraw.pow(Double($0 + 1), o.zipfExponent) }
    }

    /// Attribute table: `genres` (multi-categorical), `year` (numeric).
    var attributes: AttributeTable {
        var t = AttributeTable()
        t.append("genres", .multiCategorical(indptr: genreIndptr, codes: genreCodes, levels: SyntheticWorld.genres))
        t.append("year", .numeric(year))
        return t
    }
}
