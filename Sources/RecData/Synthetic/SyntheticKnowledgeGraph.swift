import RecCore

/// The knowledge graph of a synthetic dataset, built so that it carries the taste signal the way a
/// real film graph does: directors, actors and studios each belong to one taste cluster, and an item
/// takes them from its own cluster's pool with probability `kgSignal` (else from all of them), so two
/// items sharing an entity are far more often of the same cluster than two random items.
///
/// Entities: `genre:<name>`, `country:<k>`, `director:<k>`, `actor:<k>`, `studio:<k>`, then
/// `item:<item id>` for each linked item. Relations: `film.director`, `film.actor`, `film.studio`,
/// `film.genre` (item → entity) and `person.nationality` (director → country), the second hop that
/// path-based models (RippleNet, KGAT) can follow.
enum SyntheticKnowledgeGraph {
    static let relationNames = ["film.director", "film.actor", "film.studio", "film.genre", "person.nationality"]

    static func build(options o: SyntheticOptions, items: SyntheticItems, itemIds: IndexMap) -> KnowledgeGraph {
        var rng = SeededGenerator.derived(seed: o.seed, stream: SyntheticStream.graph)
        let clusters = max(1, o.clusters)
        let directorsPer = max(1, o.kgEntitiesPerCluster)
        let actorsPer = 3 * directorsPer
        let studiosPer = max(1, directorsPer / 4)
        let countries = max(4, min(30, 2 * clusters))

        var entities = IndexMap()
        let genreBase = Int32(entities.count)
        for g in SyntheticWorld.genres { entities.insert("genre:\(g)") }
        let countryBase = Int32(entities.count)
        for k in 0..<countries { entities.insert("country:\(k)") }
        let directorBase = Int32(entities.count)
        for k in 0..<(clusters * directorsPer) { entities.insert("director:\(k)") }
        let actorBase = Int32(entities.count)
        for k in 0..<(clusters * actorsPer) { entities.insert("actor:\(k)") }
        let studioBase = Int32(entities.count)
        for k in 0..<(clusters * studiosPer) { entities.insert("studio:\(k)") }
        let relations = IndexMap(relationNames)
        let (director, actor, studio, genre, nationality) = (Int32(0), Int32(1), Int32(2), Int32(3), Int32(4))

        var heads: [Int32] = [], rels: [Int32] = [], tails: [Int32] = []
        func add(_ h: Int32, _ r: Int32, _ t: Int32) { heads.append(h); rels.append(r); tails.append(t) }

        // Directors' nationality: mostly their cluster's home country.
        for k in 0..<(clusters * directorsPer) {
            let c = k / directorsPer
            let country = rng.nextDouble() < o.kgSignal ? c % countries : rng.nextInt(below: countries)
            add(directorBase + Int32(k), nationality, countryBase + Int32(country))
        }

        /// An entity of a pool of `per` entities per cluster: from cluster `c` with probability
        /// `kgSignal`, else from all; within a pool, low indices are more prolific (u² skew).
        func pick(cluster c: Int, per: Int, _ rng: inout SeededGenerator) -> Int {
            let u = rng.nextDouble()
            if rng.nextDouble() < o.kgSignal { return c * per + min(per - 1, Int(Double(per) * u * u)) }
            return min(clusters * per - 1, Int(Double(clusters * per) * u))
        }

        var itemEntity = [Int32](repeating: -1, count: o.items)
        heads.reserveCapacity(o.items * (3 + o.kgActorsPerItem))
        rels.reserveCapacity(heads.capacity); tails.reserveCapacity(heads.capacity)
        for i in 0..<o.items {
            guard rng.nextDouble() < o.kgLinkedFraction else { continue }
            let c = Int(items.cluster[i])
            let e = entities.insert("item:\(itemIds.id(at: Int32(i)))")
            itemEntity[i] = e
            add(e, director, directorBase + Int32(pick(cluster: c, per: directorsPer, &rng)))
            var cast: [Int] = []
            var attempts = 0
            while cast.count < min(o.kgActorsPerItem, clusters * actorsPer), attempts < 16 * max(1, o.kgActorsPerItem) {
                let a = pick(cluster: c, per: actorsPer, &rng)
                attempts += 1
                if !cast.contains(a) { cast.append(a) }
            }
            for a in cast { add(e, actor, actorBase + Int32(a)) }
            add(e, studio, studioBase + Int32(pick(cluster: c, per: studiosPer, &rng)))
            for p in items.genreIndptr[i]..<items.genreIndptr[i + 1] { add(e, genre, genreBase + items.genreCodes[p]) }
        }
        return KnowledgeGraph(entities: entities, relations: relations, heads: heads, relationOfTriple: rels,
                              tails: tails, itemEntity: itemEntity)
    }
}
