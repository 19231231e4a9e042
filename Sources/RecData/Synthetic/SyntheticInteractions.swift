import RecCore

/// Interaction sampling of the synthetic generator.
///
/// 1. Activity: user `u` gets `n_u = clamp(round(a_u · λ), min, cap)` interactions, with `a_u` the
///    log-normal activity and `λ` found by bisection so that `Σ n_u` hits the target; the few left
///    over after rounding are added or removed one per user in user order.
/// 2. Items: each pick draws `tasteCandidates` candidates, each from the user's cluster alias table
///    (weight `popularity(i) · exp(β ⟨centre_c, q_i⟩)`) or, with probability `exploration`, from the
///    popularity table, and keeps the unseen candidate with the highest personal affinity ⟨p_u, q_i⟩.
///    A user who keeps hitting items already taken (a heavy user of a small catalogue) finishes with
///    an exact weighted sample without replacement over the unseen items (Efraimidis & Spirakis 2006)
///    with weight `mixture(i) · exp(β (⟨p_u, q_i⟩ − ⟨centre_c, q_i⟩))`.
/// 3. Ratings `round(μ + b_u + b_i + γ(⟨p_u, q_i⟩ − ½) + ε)`, clamped to 1…5, `ε ~ N(0, ratingNoise²)`.
/// 4. Timestamps: each user is active in a random sub-window; their events are sorted uniform times
///    in it (from cumulative exponential spacings), in pick order.
///
/// Every user has its own random stream and writes only its own slots `offset[u]..<offset[u+1]` of
/// the output columns, so the result does not depend on the thread count.
enum SyntheticInteractions {
    /// Interactions per user for the options and activities (see step 1).
    static func counts(activity: [Double], options o: SyntheticOptions) -> [Int] {
        let cap = max(1, o.maxUserInteractions)
        let minimum = min(max(1, o.minUserInteractions), cap)
        let users = activity.count
        let target = min(max(o.interactions, users * minimum), users * cap)
        func total(_ scale: Double) -> Int {
            var s = 0
            for a in activity { s += min(cap, max(minimum, Int((a * scale).rounded()))) }
            return s
        }
        // Bisection on log λ: total(λ) is non-decreasing in λ.
        var lo = -60.0, hi = 60.0
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if total(SyntheticDraw.exp(mid)) < target { lo = mid } else { hi = mid }
        }
        let scale = SyntheticDraw.exp(hi)
        var counts = activity.map { min(cap, max(minimum, Int(($0 * scale).rounded()))) }
        var residual = target - counts.reduce(0, +)
        while residual != 0 {
            var changed = false
            for u in 0..<users where residual != 0 {
                if residual > 0, counts[u] < cap { counts[u] += 1; residual -= 1; changed = true }
                else if residual < 0, counts[u] > minimum { counts[u] -= 1; residual += 1; changed = true }
            }
            if !changed { break }
        }
        return counts
    }

    /// Samples every user's items, ratings and timestamps into one interaction table in user order.
    static func sample(options o: SyntheticOptions, users: SyntheticUsers, items: SyntheticItems,
                       world: SyntheticWorld, threads: Int) -> InteractionTable {
        let counts = counts(activity: users.activity, options: o)
        var running = [Int](repeating: 0, count: counts.count + 1)
        for u in 0..<counts.count { running[u + 1] = running[u] + counts[u] }
        let offsets = running
        let maxCount = counts.max() ?? 0
        let total = offsets[counts.count]
        let sampler = Sampler(options: o, users: users, items: items, world: world)

        var userColumn = [Int32](repeating: 0, count: total)
        var itemColumn = [Int32](repeating: 0, count: total)
        var ratingColumn = [Float](repeating: 0, count: total)
        var timeColumn = [Int64](repeating: 0, count: total)
        userColumn.withUnsafeMutableBufferPointer { ub in
            itemColumn.withUnsafeMutableBufferPointer { ib in
                ratingColumn.withUnsafeMutableBufferPointer { rb in
                    timeColumn.withUnsafeMutableBufferPointer { tb in
                        let out = Sampler.Output(users: SharedPointer(ub), items: SharedPointer(ib),
                                                 ratings: SharedPointer(rb), times: SharedPointer(tb))
                        Parallelism.forEachChunk(count: counts.count, threads: threads, minChunk: 64) { range in
                            var scratch = Sampler.Scratch(items: o.items, cap: maxCount)
                            for u in range {
                                sampler.user(u, count: counts[u], offset: offsets[u], into: out, scratch: &scratch)
                            }
                        }
                    }
                }
            }
        }
        return InteractionTable(users: userColumn, items: itemColumn, ratings: ratingColumn, timestamps: timeColumn)
    }
}

/// The per-user sampler: read-only tables shared by all threads.
private struct Sampler: Sendable {
    struct Output: Sendable {
        let users: SharedPointer<Int32>, items: SharedPointer<Int32>
        let ratings: SharedPointer<Float>, times: SharedPointer<Int64>
    }

    /// Per-thread working memory, reused across users.
    struct Scratch {
        var taken: [UInt64]
        var picked: [Int32]
        var spacing: [Double]
        init(items: Int, cap: Int) {
            taken = [UInt64](repeating: 0, count: (items + 63) / 64)
            picked = [Int32](repeating: 0, count: max(1, cap))
            spacing = [Double](repeating: 0, count: cap + 1)
        }
    }

    let o: SyntheticOptions
    let d: Int
    let userFactors: [Float], userBias: [Float], userCluster: [Int32]
    let itemFactors: [Float], itemBias: [Float], itemCluster: [Int32]
    let centres: [Float]
    let clusterTables: [AliasTable]
    let popularityTable: AliasTable

    init(options o: SyntheticOptions, users: SyntheticUsers, items: SyntheticItems, world: SyntheticWorld) {
        self.o = o; d = o.factors
        userFactors = users.factors; userBias = users.bias; userCluster = users.cluster
        itemFactors = items.factors; itemBias = items.bias; itemCluster = items.cluster
        centres = world.centres
        let d = o.factors, beta = o.tasteStrength, itemFactors = items.factors
        clusterTables = (0..<o.clusters).map { c in
            AliasTable(weights: (0..<o.items).map { i in
                var s: Float = 0
                for k in 0..<d { s += world.centres[c * d + k] * itemFactors[i * d + k] }
                return items.popularity[i] * SyntheticDraw.exp(beta * Double(s))
            })
        }
        popularityTable = AliasTable(weights: items.popularity)
    }

    @inline(__always)
    private func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>) -> Float {
        var s: Float = 0
        for k in 0..<d { s += a[k] * b[k] }
        return s
    }

    func user(_ u: Int, count n: Int, offset: Int, into out: Output, scratch: inout Scratch) {
        guard n > 0 else { return }
        var rng = SyntheticStream.generator(seed: o.seed, phase: SyntheticStream.interactions, index: u)
        let c = Int(userCluster[u])
        let table = clusterTables[c]
        let exploration = o.exploration, candidates = o.tasteCandidates
        userFactors.withUnsafeBufferPointer { uf in
            itemFactors.withUnsafeBufferPointer { itf in
                scratch.taken.withUnsafeMutableBufferPointer { taken in
                    scratch.picked.withUnsafeMutableBufferPointer { picked in
                        let pu = uf.baseAddress! + u * d, q = itf.baseAddress!
                        var got = 0, misses = 0
                        let missLimit = 4 * n + 64
                        while got < n {
                            if misses > missLimit {
                                got = finishExactly(u: u, cluster: c, need: n - got, pu: pu, q: q,
                                                    taken: taken, picked: picked, got: got, rng: &rng)
                                break
                            }
                            var best = -1
                            var bestScore = -Float.infinity
                            for _ in 0..<candidates {
                                let i = rng.nextDouble() < exploration ? popularityTable.sample(&rng) : table.sample(&rng)
                                if taken[i >> 6] & (1 << UInt64(i & 63)) != 0 { continue }
                                let s = dot(pu, q + i * d)
                                if s > bestScore { best = i; bestScore = s }
                            }
                            if best < 0 { misses += 1; continue }
                            taken[best >> 6] |= 1 << UInt64(best & 63)
                            picked[got] = Int32(best)
                            got += 1
                        }
                        // Ratings, in pick order.
                        let mu = SyntheticConstants.globalMean + userBias[u]
                        let gamma = SyntheticConstants.affinityWeight, centre = SyntheticConstants.affinityCentre
                        let noise = Float(o.ratingNoise)
                        for k in 0..<n {
                            let i = Int(picked[k])
                            let r = mu + itemBias[i] + gamma * (dot(pu, q + i * d) - centre) + noise * Float(rng.nextGaussian())
                            out.users[offset + k] = Int32(u)
                            out.items[offset + k] = Int32(i)
                            out.ratings[offset + k] = min(5, max(1, r.rounded()))
                            taken[i >> 6] = 0      // clear for the next user
                        }
                    }
                }
            }
        }
        writeTimes(count: n, offset: offset, into: out, spacing: &scratch.spacing, rng: &rng)
    }

    /// Exact weighted sampling without replacement of `need` unseen items (Efraimidis–Spirakis keys
    /// `log(U) / w`, largest first), for users whose rejection draws keep hitting taken items.
    private func finishExactly(u: Int, cluster c: Int, need: Int, pu: UnsafePointer<Float>, q: UnsafePointer<Float>,
                               taken: UnsafeMutableBufferPointer<UInt64>, picked: UnsafeMutableBufferPointer<Int32>,
                               got: Int, rng: inout SeededGenerator) -> Int {
        let table = clusterTables[c]
        var keyed: [(key: Double, item: Int32)] = []
        keyed.reserveCapacity(o.items)
        centres.withUnsafeBufferPointer { cb in
            let centre = cb.baseAddress! + c * d
            for i in 0..<o.items where taken[i >> 6] & (1 << UInt64(i & 63)) == 0 {
                let mixture = (1 - o.exploration) * table.probability[i] + o.exploration * popularityTable.probability[i]
                let tilt = o.tasteStrength * Double(dot(pu, q + i * d) - dot(centre, q + i * d))
                let w = mixture * SyntheticDraw.exp(tilt)
                var x = rng.nextDouble()
                while x <= 0 { x = rng.nextDouble() }
                keyed.append((w > 0 ? SyntheticDraw.log(x) / w : -Double.infinity, Int32(i)))
            }
        }
        keyed.sort { $0.key > $1.key || ($0.key == $1.key && $0.item < $1.item) }
        var got = got
        for (_, i) in keyed.prefix(need) {
            taken[Int(i) >> 6] |= 1 << UInt64(Int(i) & 63)
            picked[got] = i
            got += 1
        }
        return got
    }

    /// Non-decreasing timestamps for one user's `n` events inside a random active sub-window.
    private func writeTimes(count n: Int, offset: Int, into out: Output, spacing: inout [Double], rng: inout SeededGenerator) {
        let a = rng.nextDouble(), b = rng.nextDouble()
        let span = Double(o.timeSpan)
        let start = span * min(a, b)
        let length = max(min(span - start, 86_400), span * abs(a - b))
        var sum = 0.0
        for k in 0...n {
            var x = rng.nextDouble()
            while x <= 0 { x = rng.nextDouble() }
            sum -= SyntheticDraw.log(x)
            spacing[k] = sum
        }
        for k in 0..<n {
            let t = start + length * spacing[k] / sum
            out.times[offset + k] = o.startTime + min(o.timeSpan, Int64(t))
        }
    }
}
