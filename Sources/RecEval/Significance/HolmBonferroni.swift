/// Holm–Bonferroni step-down correction over a family of m p-values (Holm, 1979): with p_(1) ≤ … ≤ p_(m),
///
///     p̃_(i) = min(1, max_{j ≤ i} (m − j + 1) · p_(j))
///
/// and hypothesis (i) is rejected at level α when p̃_(i) ≤ α (equivalently, reject while
/// p_(j) ≤ α / (m − j + 1) and stop at the first failure). Adjusted values come back in input order;
/// ties keep input order. Matches `statsmodels.stats.multitest.multipletests(method='holm')`.
///
/// ```swift
/// HolmBonferroni.adjust([0.01, 0.04, 0.03])   // [0.03, 0.06, 0.06]
/// ```
public enum HolmBonferroni {
    /// Holm-adjusted p-values, in input order.
    public static func adjust(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] || (pValues[$0] == pValues[$1] && $0 < $1) }
        var adjusted = [Double](repeating: 0, count: m)
        var running = 0.0
        for (j, idx) in order.enumerated() {
            running = max(running, min(1, Double(m - j) * pValues[idx]))
            adjusted[idx] = running
        }
        return adjusted
    }

    /// Which hypotheses are rejected at family-wise level `alpha`, in input order.
    public static func rejections(_ pValues: [Double], alpha: Double = 0.05) -> [Bool] {
        adjust(pValues).map { $0 <= alpha }
    }
}
