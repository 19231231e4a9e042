/// "Did you mean …?" suggestions for misspelled keys, names and values.
///
/// Distance is the optimal-string-alignment variant of the Damerau–Levenshtein distance
/// (Damerau, 1964; Levenshtein, 1966): insertions, deletions, substitutions and transpositions of two
/// adjacent characters each cost 1, so `lerning_rate` and `laerning_rate` are both 1 away from
/// `learning_rate`. Comparison ignores case.
public enum Suggestions {
    /// Optimal string alignment distance between `a` and `b` (case-sensitive; callers lower-case).
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a), t = Array(b)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var rows = [[Int]](repeating: [Int](repeating: 0, count: t.count + 1), count: s.count + 1)
        for i in 0...s.count { rows[i][0] = i }
        for j in 0...t.count { rows[0][j] = j }
        for i in 1...s.count {
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var d = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && s[i - 1] == t[j - 2] && s[i - 2] == t[j - 1] {
                    d = min(d, rows[i - 2][j - 2] + 1)
                }
                rows[i][j] = d
            }
        }
        return rows[s.count][t.count]
    }

    /// The closest candidate to `word`: distance ≤ 2 (≤ 1 for words of up to 3 characters), or one is a
    /// prefix of the other (at least 3 characters shared). Ties go to the earlier candidate.
    public static func nearest(_ word: String, in candidates: [String]) -> String? {
        let w = word.lowercased()
        guard !w.isEmpty else { return nil }
        var best: (name: String, score: Int)? = nil
        for candidate in candidates {
            let c = candidate.lowercased()
            if c == w { return candidate }
            let limit = min(w.count, c.count) <= 3 ? 1 : 2
            // Lengths further apart than the limit cannot be within it; skipping the table keeps a
            // megabyte-long value from costing gigabytes.
            var score = abs(w.count - c.count) > limit ? limit + 1 : distance(w, c)
            if score > limit {
                let shorter = w.count < c.count ? w : c, longer = w.count < c.count ? c : w
                guard shorter.count >= 3, longer.hasPrefix(shorter) else { continue }
                score = limit + 1  // prefix matches rank after close misspellings
            }
            if best == nil || score < best!.score { best = (candidate, score) }
        }
        return best?.name
    }

    /// `did you mean 'x'?` for the nearest candidate, or nil.
    public static func didYouMean(_ word: String, in candidates: [String]) -> String? {
        nearest(word, in: candidates).map { "did you mean '\($0)'?" }
    }

    /// `did you mean 'x'?` when one is near, else `expected one of 'a', 'b', 'c'`.
    public static func fix(_ word: String, in candidates: [String], listing noun: String = "expected one of") -> String {
        didYouMean(word, in: candidates) ?? "\(noun) " + candidates.map { "'\($0)'" }.joined(separator: ", ")
    }
}
