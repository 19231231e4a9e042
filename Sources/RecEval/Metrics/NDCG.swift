#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Normalised discounted cumulative gain (Järvelin & Kekäläinen, 2002):
///
///     DCG@K  = Σ_{i=1}^{min(K,|L|)} g(L_i) / log2(i + 1)
///     IDCG@K = Σ_{i=1}^{min(K,|R|)} g*_i / log2(i + 1)      (g* = gains of R, descending)
///     NDCG@K = DCG@K / IDCG@K
///
/// Binary gain (g = 1 for every relevant item, whatever its rating; 0 otherwise) by default; `.graded` uses the stored gain (the
/// rating) linearly, `.exponential` uses 2^g − 1 (Burges et al., 2005).
/// Example: L = [3, 1], R = {1}, K = 2: DCG = 1/log2 3, IDCG = 1, NDCG ≈ 0.6309.
public struct NDCG: Metric {
    /// How relevance turns into gain.
    public enum Gain: String, Sendable { case binary, graded, exponential }
    public let cutoff: Int?
    /// The gain function.
    public let gain: Gain
    public var name: String { gain == .binary ? "ndcg@\(cutoff!)" : "ndcg_\(gain.rawValue)@\(cutoff!)" }

    /// NDCG at `cutoff` (K ≥ 1) with the given gain.
    public init(cutoff: Int, gain: Gain = .binary) { precondition(cutoff > 0); self.cutoff = cutoff; self.gain = gain }

    @inline(__always) func g(_ raw: Float) -> Double {
        switch gain {
        // Relevance is decided before a metric sees a user (the relevance threshold, or every held-out
        // interaction): each relevant item gains 1 whatever its rating, so ratings of 0 or below count.
        case .binary: return 1
        case .graded: return Double(raw)
        case .exponential: return exp2(Double(raw)) - 1
        }
    }

    public func value(_ user: UserRanking) -> Double {
        let k = cutoff!
        var dcg = 0.0
        for (i, item) in user.ranked.prefix(k).enumerated() {
            if let p = user.relevant.position(of: item) { dcg += g(user.relevant.gains[p]) / log2(Double(i + 2)) }
        }
        if dcg == 0 { return 0 }
        var idcg = 0.0
        if gain == .binary {
            // Every ideal gain is 1: no array of them (this runs once per user and weight vector in
            // the hybrid's search).
            for i in 0..<min(k, user.relevant.count) { idcg += 1 / log2(Double(i + 2)) }
        } else {
            for (i, v) in user.relevant.gains.map(g).sorted(by: >).prefix(k).enumerated() { idcg += v / log2(Double(i + 2)) }
        }
        return idcg > 0 ? dcg / idcg : 0
    }
}
