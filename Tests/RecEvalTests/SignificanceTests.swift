import Testing
@testable import RecEval

/// Reference values from scipy 1.17.1, each with the call that produced it.
@Suite struct SignificanceTests {
    func close(_ a: Double, _ b: Double, _ tol: Double = 1e-10) -> Bool { abs(a - b) <= tol * max(1, abs(b)) }

    @Test func incompleteBetaMatchesScipy() {
        // scipy.special.betainc(a, b, x)
        #expect(close(SpecialFunctions.regularizedIncompleteBeta(a: 2, b: 3, x: 0.4), 0.5247999999999999))
        #expect(close(SpecialFunctions.regularizedIncompleteBeta(a: 0.5, b: 0.5, x: 0.2), 0.2951672353008665))
        #expect(close(SpecialFunctions.regularizedIncompleteBeta(a: 5, b: 0.5, x: 0.9), 0.3166429150200122))
        #expect(close(SpecialFunctions.regularizedIncompleteBeta(a: 10, b: 20, x: 0.3), 0.3640040810719437))
        #expect(close(SpecialFunctions.regularizedIncompleteBeta(a: 1.5, b: 4.5, x: 0.05), 0.07805553642696918))
        #expect(SpecialFunctions.regularizedIncompleteBeta(a: 2, b: 3, x: 0) == 0)
        #expect(SpecialFunctions.regularizedIncompleteBeta(a: 2, b: 3, x: 1) == 1)
    }

    @Test func studentTMatchesScipy() {
        // stats.t.cdf(-2.5, 4), stats.t.cdf(1.3, 12)
        #expect(close(SpecialFunctions.studentTCDF(-2.5, df: 4), 0.03338327240599407))
        #expect(close(SpecialFunctions.studentTCDF(1.3, df: 12), 0.8909914144582429))
        // stats.t.ppf(0.975, df) for df = 1, 2, 5, 10, 30, 100
        let expected: [(Double, Double)] = [(1, 12.706204736174694), (2, 4.302652729749462), (5, 2.5705818356363146),
                                            (10, 2.228138851986274), (30, 2.0422724563012378), (100, 1.9839715185235518)]
        for (df, q) in expected { #expect(close(SpecialFunctions.studentTQuantile(0.975, df: df), q, 1e-9)) }
        // stats.t.ppf(0.9, 3), stats.t.ppf(0.05, 7)
        #expect(close(SpecialFunctions.studentTQuantile(0.9, df: 3), 1.637744353696209, 1e-9))
        #expect(close(SpecialFunctions.studentTQuantile(0.05, df: 7), -1.8945786050900066, 1e-9))
    }

    let a = [0.30, 0.42, 0.25, 0.51, 0.38, 0.44, 0.29, 0.61, 0.35, 0.47]
    let b = [0.28, 0.35, 0.27, 0.45, 0.30, 0.41, 0.22, 0.50, 0.36, 0.40]

    @Test func pairedTTestMatchesScipy() {
        // stats.ttest_rel(a, b) → statistic 3.650544911256435, pvalue 0.005313024231991233
        let r = PairedTTest(a, b)
        #expect(r.n == 10 && r.degreesOfFreedom == 9)
        #expect(close(r.t, 3.650544911256435))
        #expect(close(r.pValue, 0.005313024231991233))
        // d = a − b; d.mean() / d.std(ddof=1)
        #expect(close(r.cohensDz, 1.1544036620307583))
        #expect(PairedTTest([1, 2], [1, 2]).pValue == 1)
        #expect(PairedTTest([1], [0]).pValue.isNaN)
    }

    @Test func wilcoxonMatchesScipy() {
        let x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
        let y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
        // stats.wilcoxon(x, y, zero_method='wilcox', method='exact') → 5.0, 0.0390625
        let exact = WilcoxonSignedRank(x, y, method: .exact)
        #expect(exact.statistic == 5 && exact.usedExact)
        #expect(close(exact.pValue, 0.0390625))
        #expect(WilcoxonSignedRank(x, y).usedExact)   // n = 9, no ties → exact by default
        // stats.wilcoxon(x, y, zero_method='wilcox', correction=True, method='approx') → 5.0, 0.04401098401295143
        let approx = WilcoxonSignedRank(x, y, method: .normal)
        #expect(close(approx.pValue, 0.04401098401295143))
        // W+ = 40, W− = 5: r = 35/45.
        #expect(close(exact.rankBiserial, 35.0 / 45))
    }

    @Test func wilcoxonExactAtTwentyPairs() {
        let d = [0.5, -1.2, 2.3, 0.7, -0.1, 1.9, 3.1, -0.4, 0.8, 1.1, 2.6, -1.5, 0.3, 1.4, 2.0, -0.6, 0.9, 1.7, 2.2, -0.25]
        let zeros = [Double](repeating: 0, count: d.count)
        // stats.wilcoxon(d, method='exact') → statistic 37.0, pvalue 0.009435653686523438
        let r = WilcoxonSignedRank(d, zeros)
        #expect(r.usedExact && r.statistic == 37)
        #expect(close(r.pValue, 0.009435653686523438))
        // stats.wilcoxon(d, method='approx', correction=True) → 0.011736977116182136
        #expect(close(WilcoxonSignedRank(d, zeros, method: .normal).pValue, 0.011736977116182136))
    }

    @Test func wilcoxonHandlesZerosAndTiesLikeScipy() {
        // d = [0,-1,2,0,2,-2,3,3,3,0,2,3]: zeros dropped → n = 9; |d| ranks 1; 2 ×4 → 3.5; 3 ×4 → 7.5.
        // W− = 1 + 3.5 = 4.5, W+ = 40.5; tie term (4³−4)·2 = 120.
        // stats.wilcoxon(u, v, zero_method='wilcox', correction=True, method='approx') → 4.5, 0.034808478811867126
        let u: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
        let v: [Double] = [1, 3, 1, 4, 3, 8, 4, 5, 6, 10, 9, 9]
        let r = WilcoxonSignedRank(u, v)
        #expect(r.n == 9 && !r.usedExact)   // ties → normal approximation
        #expect(r.wMinus == 4.5 && r.wPlus == 40.5 && r.statistic == 4.5)
        #expect(close(r.pValue, 0.034808478811867126))
        #expect(WilcoxonSignedRank([1, 2], [1, 2]).pValue == 1)
    }

    @Test func holmAdjustsStepDown() {
        // p = [0.01, 0.04, 0.03, 0.005], m = 4. Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03,
        // 0.03·2 = 0.06, 0.04·1 = 0.04 → running max 0.06. In input order: [0.03, 0.06, 0.06, 0.02].
        let adj = HolmBonferroni.adjust([0.01, 0.04, 0.03, 0.005])
        #expect(zip(adj, [0.03, 0.06, 0.06, 0.02]).allSatisfy { close($0, $1, 1e-15) })
        #expect(HolmBonferroni.rejections([0.01, 0.04, 0.03, 0.005]) == [true, false, false, true])
        #expect(HolmBonferroni.adjust([0.6, 0.5]) == [1, 1])   // capped at 1
    }

    @Test func seedSummaryUsesTQuantile() {
        // s = [0.31, 0.33, 0.32, 0.35, 0.30]; stats.t.interval(0.95, 4, loc=mean, scale=stats.sem(s))
        // → (0.2981161161190002, 0.34588388388099983); np.std(s, ddof=1) = 0.019235384061671343
        let s = SeedSummary([0.31, 0.33, 0.32, 0.35, 0.30])
        #expect(close(s.mean, 0.322))
        #expect(close(s.standardDeviation, 0.019235384061671343))
        #expect(close(s.lower, 0.2981161161190002, 1e-9) && close(s.upper, 0.34588388388099983, 1e-9))
        #expect(SeedSummary([0.3]).halfWidth.isNaN)
    }
}
