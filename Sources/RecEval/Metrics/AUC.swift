/// Area under the ROC curve for one user over the ranking of all their candidates (every item not
/// excluded, or the sampled candidate list): the fraction of (relevant, non-relevant) candidate pairs
/// the model orders correctly, ties counting ½ (Rendle et al., 2009, eq. 1):
///
///     AUC = 1/(|P|·|N|) · Σ_{p∈P} Σ_{n∈N} ( 𝟙[s_p > s_n] + ½·𝟙[s_p = s_n] )
///
/// with P = R ∩ candidates and N = candidates \ R. NaN scores rank below every number and tie with
/// each other. AUC has no cutoff: with scores it reads the whole ranking. When only a stored
/// (truncated) list is available, listed items are ordered as listed and every unlisted candidate
/// is tied below them; this equals the exact AUC when the list holds every candidate.
/// A user with no pair (|P| = 0 or |N| = 0) or an empty list scores 0.
public struct AUC: Metric {
    public var cutoff: Int? { nil }
    public var name: String { "auc" }
    /// AUC over the full candidate ranking.
    public init() {}

    public func value(_ user: UserRanking) -> Double {
        // The shared convention: a user with an empty list scores 0 (not the ½ that ties would give).
        if user.ranked.isEmpty { return 0 }
        if let scores = user.scores { return Self.fromScores(user, scores) }
        return Self.fromList(user)
    }

    /// Sort key with NaN below −∞ (a Float −∞ maps to a finite Double below every finite Float).
    @inline(__always) static func key(_ s: Float) -> Double {
        s.isNaN ? -.infinity : (s == -.infinity ? -1e300 : Double(s))
    }

    /// Calls `body` on every candidate, ascending.
    @inline(__always) static func forEachCandidate(_ user: UserRanking, _ body: (Int32) -> Void) {
        switch user.candidates {
        case .only(let c): for item in c { body(item) }
        case .allExcept(let e):
            var next = e.startIndex
            for i in 0..<user.itemCount {
                let item = Int32(i)
                while next != e.endIndex && e[next] < item { next += 1 }
                if next != e.endIndex && e[next] == item { continue }
                body(item)
            }
        }
    }

    static func fromScores(_ user: UserRanking, _ scores: UnsafeBufferPointer<Float>) -> Double {
        // Positive keys, sorted, then one binary search per negative: O(n log |P|).
        var pos: [Double] = []
        var candidateCount = 0
        forEachCandidate(user) { item in
            candidateCount += 1
            if user.relevant.contains(item) { pos.append(key(scores[Int(item)])) }
        }
        let negCount = candidateCount - pos.count
        guard !pos.isEmpty, negCount > 0 else { return 0 }
        pos.sort()
        var correct = 0.0
        forEachCandidate(user) { item in
            guard !user.relevant.contains(item) else { return }
            let s = key(scores[Int(item)])
            // Positives with key > s count 1, equal count ½.
            let below = lowerBound(pos, s), notAbove = upperBound(pos, s)
            correct += Double(pos.count - notAbove) + 0.5 * Double(notAbove - below)
        }
        return correct / (Double(pos.count) * Double(negCount))
    }

    static func fromList(_ user: UserRanking) -> Double {
        var candidateCount = 0, positives = 0
        forEachCandidate(user) { item in
            candidateCount += 1
            if user.relevant.contains(item) { positives += 1 }
        }
        let negatives = candidateCount - positives
        guard positives > 0, negatives > 0 else { return 0 }
        var negAbove = 0, posListed = 0
        var correct = 0.0
        for item in user.ranked {
            if user.relevant.contains(item) {
                posListed += 1
                correct += Double(negatives - negAbove)
            } else { negAbove += 1 }
        }
        // Unlisted positives tie with the unlisted negatives.
        correct += 0.5 * Double(positives - posListed) * Double(negatives - negAbove)
        return correct / (Double(positives) * Double(negatives))
    }

    static func lowerBound(_ a: [Double], _ x: Double) -> Int {
        var lo = 0, hi = a.count
        while lo < hi { let m = (lo + hi) / 2; if a[m] < x { lo = m + 1 } else { hi = m } }
        return lo
    }
    static func upperBound(_ a: [Double], _ x: Double) -> Int {
        var lo = 0, hi = a.count
        while lo < hi { let m = (lo + hi) / 2; if a[m] <= x { lo = m + 1 } else { hi = m } }
        return lo
    }
}
