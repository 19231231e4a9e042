import Testing
import RecCore
import RecData
@testable import RecEval

@Suite struct SubgroupTests {
    @Test func coldWarmUsersByTrainingCount() {
        // Training counts [2, 1, 1, 0]; cold = ≤ 1 → u1, u2, u3 cold; u0 warm.
        let train = CSRMatrix(rows: 4, cols: 6, rowIndices: [0, 0, 1, 2], colIndices: [0, 1, 2, 0], values: [1, 1, 1, 1])
        let g = Grouping.coldWarm(counts: Grouping.userCounts(train), coldAtMost: 1)
        #expect(g.groupOf == [1, 0, 0, 0])
        // Values for evaluated users [0, 1, 3] = [1, 0, 0.5]: cold mean (0 + 0.5)/2, warm 1.
        let t = SubgroupTable(values: [1, 0, 0.5], users: [0, 1, 3], grouping: g)
        #expect(t.rows.map(\.count) == [2, 1])
        #expect(t.rows.map(\.mean) == [0.25, 1])
        #expect(t.rows[0].label == "cold (≤1)")
    }

    @Test func categoricalAttributeWithMissing() throws {
        let gender = AttributeColumn.categorical(codes: [0, 1, -1, 1], levels: ["F", "M"])
        let g = try Grouping.categorical(gender, name: "gender")
        // u2 has no gender and is left out; F = {u0}, M = {u1, u3}.
        let t = SubgroupTable(values: [0.9, 0.2, 0.4, 0.6], users: [0, 1, 2, 3], grouping: g)
        #expect(t.rows.map(\.count) == [1, 2])
        #expect(abs(t.rows[1].mean - 0.4) < 1e-12 && t.rows[0].mean == 0.9)
        #expect(throws: MetricError.self) { try Grouping.categorical(.numeric([1]), name: "x") }
    }

    @Test func fixedEdgesAndQuantileBins() throws {
        // Ages [17, 25, NaN, 40] with edges [18, 35]: <18, [18, 35), ≥35; NaN in no group.
        let ages = try Grouping.numericBuckets(.numeric([17, 25, .nan, 40]), edges: [18, 35], name: "age")
        #expect(ages.labels == ["<18", "[18, 35)", "≥35"] && ages.groupOf == [0, 1, -1, 2])
        // Values 1…9 in 3 quantile bins: edges at sorted[3] = 4 and sorted[6] = 7.
        let q = Grouping.quantileBins((1...9).map(Double.init), bins: 3, name: "activity")
        #expect(q.labels == ["<4", "[4, 7)", "≥7"])
        #expect(q.groupOf == [0, 0, 0, 1, 1, 1, 2, 2, 2])
        // An empty group reports count 0 and mean NaN.
        let t = SubgroupTable(values: [1], users: [0], grouping: q)
        #expect(t.rows[1].count == 0 && t.rows[1].mean.isNaN)
    }

    @Test func resultSubgroupsCoverEveryColumn() {
        let r = EvaluationResult(users: [0, 1], columns: ["a", "b"], perUser: [[1, 0], [0.5, 0.5]],
                                 summaryNames: ["a", "b"], summary: ["a": 0.5, "b": 0.5])
        let g = Grouping(name: "g", labels: ["x", "y"], groupOf: [0, 1])
        let tables = r.subgroups(by: g)
        #expect(tables["a"]!.rows.map(\.mean) == [1, 0])
        #expect(tables["b"]!.rows.map(\.mean) == [0.5, 0.5])
    }

    @Test func levelsComeInNaturalOrderAndNumericLevelsBin() throws {
        // ML-100K stores ages as tokens in first-seen order: the groups come sorted as numbers.
        let age = AttributeColumn.categorical(codes: [0, 1, 2, 1, -1], levels: ["53", "7", "24"])
        let g = try Grouping.categorical(age, name: "user:age")
        #expect(g.labels == ["7", "24", "53"] && g.groupOf == [2, 0, 1, 0, -1])
        let letters = try Grouping.categorical(.categorical(codes: [0, 1], levels: ["M", "F"]), name: "g")
        #expect(letters.labels == ["F", "M"] && letters.groupOf == [1, 0])
        // Their numbers can be binned: 53, 7, 24, 7, missing.
        #expect(Grouping.numericValues(age)?.prefix(4) == [53, 7, 24, 7])
        #expect(Grouping.numericValues(age)?.last?.isNaN == true)
        #expect(Grouping.numericValues(.categorical(codes: [0], levels: ["M"])) == nil)
    }

    @Test func aMultiValuedAttributeCountsAnEntityInEachOfItsGroups() throws {
        // u0: drama + comedy, u1: comedy, u2: none, u3: drama, drama (a repeated level counts once).
        let genres = AttributeColumn.multiCategorical(indptr: [0, 2, 3, 3, 5], codes: [1, 0, 0, 1, 1], levels: ["comedy", "drama"])
        let g = try Grouping.categorical(genres, name: "user:genres")
        #expect(g.isMultiValued && g.labels == ["comedy", "drama"])
        #expect(g.contains(0, in: 0) && g.contains(0, in: 1) && !g.contains(1, in: 1) && !g.contains(2, in: 0))
        // Values 0.8, 0.4, 0.1, 0.2: comedy = {u0, u1} → 0.6; drama = {u0, u3} → 0.5; u2 in none.
        let t = SubgroupTable(values: [0.8, 0.4, 0.1, 0.2], users: [0, 1, 2, 3], grouping: g)
        #expect(t.rows.map(\.count) == [2, 2])
        #expect(abs(t.rows[0].mean - 0.6) < 1e-12 && abs(t.rows[1].mean - 0.5) < 1e-12)
    }
}
