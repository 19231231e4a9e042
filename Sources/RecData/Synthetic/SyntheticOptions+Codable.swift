/// JSON form of `SyntheticOptions`: one key per property. Decoding fills missing keys from
/// `SyntheticOptions.scaled(interactions:)` when `interactions` is present (else from `.small`) and
/// rejects unknown keys, naming the closest known one, so a typo never silently becomes a default.
extension SyntheticOptions: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case users, items, interactions, factors, clusters, userSpread, itemSpread, zipfExponent
        case activitySigma, minUserInteractions, maxUserShare, tasteStrength, exploration, tasteCandidates
        case ratingNoise, attributeSignal, kgEntitiesPerCluster, kgActorsPerItem, kgSignal, kgLinkedFraction
        case startTime, timeSpan, seed
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let raw = try decoder.container(keyedBy: AnyKey.self)
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        for key in raw.allKeys where !known.contains(key.stringValue) {
            let nearest = CodingKeys.allCases.map(\.rawValue)
                .min { editDistance($0, key.stringValue) < editDistance($1, key.stringValue) } ?? ""
            throw DecodingError.dataCorruptedError(
                forKey: key, in: raw,
                debugDescription: "unknown synthetic option '\(key.stringValue)' (did you mean '\(nearest)'?)")
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let n = try c.decodeIfPresent(Int.self, forKey: .interactions)
        var o = n.map { SyntheticOptions.scaled(interactions: $0) } ?? .small
        func take<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let v = try c.decodeIfPresent(T.self, forKey: key) { value = v }
        }
        try take(.users, &o.users); try take(.items, &o.items); try take(.interactions, &o.interactions)
        try take(.factors, &o.factors); try take(.clusters, &o.clusters)
        try take(.userSpread, &o.userSpread); try take(.itemSpread, &o.itemSpread)
        try take(.zipfExponent, &o.zipfExponent); try take(.activitySigma, &o.activitySigma)
        try take(.minUserInteractions, &o.minUserInteractions); try take(.maxUserShare, &o.maxUserShare)
        try take(.tasteStrength, &o.tasteStrength); try take(.exploration, &o.exploration)
        try take(.tasteCandidates, &o.tasteCandidates); try take(.ratingNoise, &o.ratingNoise)
        try take(.attributeSignal, &o.attributeSignal)
        try take(.kgEntitiesPerCluster, &o.kgEntitiesPerCluster); try take(.kgActorsPerItem, &o.kgActorsPerItem)
        try take(.kgSignal, &o.kgSignal); try take(.kgLinkedFraction, &o.kgLinkedFraction)
        try take(.startTime, &o.startTime); try take(.timeSpan, &o.timeSpan); try take(.seed, &o.seed)
        self = o
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(users, forKey: .users); try c.encode(items, forKey: .items)
        try c.encode(interactions, forKey: .interactions); try c.encode(factors, forKey: .factors)
        try c.encode(clusters, forKey: .clusters); try c.encode(userSpread, forKey: .userSpread)
        try c.encode(itemSpread, forKey: .itemSpread); try c.encode(zipfExponent, forKey: .zipfExponent)
        try c.encode(activitySigma, forKey: .activitySigma)
        try c.encode(minUserInteractions, forKey: .minUserInteractions)
        try c.encode(maxUserShare, forKey: .maxUserShare); try c.encode(tasteStrength, forKey: .tasteStrength)
        try c.encode(exploration, forKey: .exploration); try c.encode(tasteCandidates, forKey: .tasteCandidates)
        try c.encode(ratingNoise, forKey: .ratingNoise); try c.encode(attributeSignal, forKey: .attributeSignal)
        try c.encode(kgEntitiesPerCluster, forKey: .kgEntitiesPerCluster)
        try c.encode(kgActorsPerItem, forKey: .kgActorsPerItem); try c.encode(kgSignal, forKey: .kgSignal)
        try c.encode(kgLinkedFraction, forKey: .kgLinkedFraction); try c.encode(startTime, forKey: .startTime)
        try c.encode(timeSpan, forKey: .timeSpan); try c.encode(seed, forKey: .seed)
    }
}

/// Levenshtein distance, for "did you mean" suggestions on unknown keys.
private func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.lowercased()), b = Array(b.lowercased())
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + [Int](repeating: 0, count: b.count)
        for j in stride(from: 1, through: b.count, by: 1) {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
