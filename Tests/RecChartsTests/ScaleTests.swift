import Testing
@testable import RecCharts

@Suite("Scales and ticks")
struct ScaleTests {
    @Test func niceLinearTicksCoverTheRangeWithRoundSteps() {
        #expect(NiceTicks.linear(0.0, 1.0, count: 5) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
                || NiceTicks.linear(0.0, 1.0, count: 5).map { ($0 * 10).rounded() / 10 } == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        // 0.412 … 0.468: step (0.056 / 4 = 0.014) rounds to 0.01.
        let t = NiceTicks.linear(0.412, 0.468, count: 5)
        #expect(t.map { ($0 * 100).rounded() } == [41, 42, 43, 44, 45, 46, 47])
        #expect(t.first! <= 0.412 && t.last! >= 0.468)
        // Negative to positive: steps of 5, zero exactly zero.
        #expect(NiceTicks.linear(-7, 12, count: 5) == [-10, -5, 0, 5, 10, 15])
    }

    @Test func niceNumbersAreOneTwoOrFiveTimesAPowerOfTen() {
        #expect(NiceTicks.nice(0.014, round: true) == 0.01)
        #expect(abs(NiceTicks.nice(0.026, round: true) - 0.02) < 1e-15)
        #expect(NiceTicks.nice(4.2, round: true) == 5)
        #expect(NiceTicks.nice(8, round: true) == 10)
        #expect(NiceTicks.nice(1.2, round: false) == 2)
    }

    @Test func logTicksAreDecadesAndWithinFewDecadesAlsoTwoAndFive() {
        #expect(NiceTicks.log(0.001, 10) == [0.001, 0.01, 0.1, 1, 10].map { $0 })
        let near = NiceTicks.log(3, 40)
        #expect(near.map { ($0 * 1000).rounded() / 1000 } == [1, 2, 5, 10, 20, 50, 100])
    }

    @Test func linearScaleMapsEndsToPixelsAndWidensASinglePoint() throws {
        let s = Scale(kind: .linear, values: [0, 10], start: 100, end: 300)
        #expect(s.pixel(0) == 100 && s.pixel(10) == 300 && s.pixel(5) == 200)
        let single = Scale(kind: .linear, values: [0.5], start: 0, end: 100)
        #expect(single.low < 0.5 && single.high > 0.5)
        #expect(try #require(single.pixel(0.5)) > 0 && single.pixel(0.5)! < 100)
        let none = Scale(kind: .linear, values: [], start: 0, end: 100)
        #expect(none.low == 0 && none.high == 1)
    }

    @Test func logScaleIsLinearInTheExponentAndRejectsNonPositiveValues() throws {
        let s = Scale(kind: .log, values: [0.01, 1, 100], start: 0, end: 400)
        #expect(s.low == 0.01 && s.high == 100)
        #expect(try #require(s.pixel(1)) == 200)
        #expect(abs(try #require(s.pixel(0.1)) - 100) < 1e-9)
        #expect(s.pixel(0) == nil && s.pixel(-3) == nil && s.pixel(.nan) == nil)
        // Non-positive values do not break the domain.
        let t = Scale(kind: .log, values: [-1, 0, 5, 50], start: 0, end: 1)
        #expect(t.low == 1 && t.high == 100)
        #expect(t.label(100) == "100" && t.label(0.01) == "0.01" && Scale(kind: .log, values: [1e-6, 1], start: 0, end: 1).label(1e-6) == "1e-6")
    }

    @Test func tickLabelsHaveEnoughDecimalsForTheirStep() {
        let s = Scale(kind: .linear, values: [0.412, 0.468], start: 0, end: 1)
        #expect(s.ticks.map(s.label) == ["0.41", "0.42", "0.43", "0.44", "0.45", "0.46", "0.47"])
        let big = Scale(kind: .linear, values: [0, 1000], start: 0, end: 1)
        #expect(big.ticks.map(big.label) == ["0", "200", "400", "600", "800", "1000"])
    }
}
