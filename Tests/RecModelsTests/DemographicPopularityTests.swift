import RecCore
import RecData
import RecTestSupport
import Testing
@testable import RecModels

/// Most-popular within the user's demographic group, checked by hand.
@Suite struct DemographicPopularityTests {
    /// 5 users (F, F, M, M, and a cold F with no interactions), 3 items.
    /// F users 0, 1 both took item 0, user 1 also item 2; M users 2, 3 both took item 1, user 3 also item 0.
    static func data() -> TrainingData {
        let table = InteractionTable(users: [0, 1, 1, 2, 3, 3], items: [0, 0, 2, 1, 1, 0])
        var attrs = AttributeTable()
        attrs.append("gender", .categorical(codes: [0, 0, 1, 1, 0], levels: ["F", "M"]))
        attrs.append("age", .categorical(codes: [0, 1, 2, 3, 0], levels: ["20", "30", "40", "50"]))
        let ds = Dataset(name: "demo", users: IndexMap((0..<5).map { "u\($0)" }), items: IndexMap(["a", "b", "c"]),
                         interactions: table, userAttributes: attrs)
        return TrainingData(dataset: ds, train: table, validation: .empty(like: table))
    }

    @Test func groupScoresAreDampedGroupShares() throws {
        let model = DemographicPopularity(DemographicPopularityConfig { $0.attributeList = "gender"; $0.damping = 2 })
        try model.fit(Self.data(), observer: nil)
        // U = 4 training users; item counts n = [3, 2, 1]; prior β·n/U = [1.5, 1, 0.5].
        // F group (users 0, 1 train; |g| = 2): n_g = [2, 0, 1] → ([2, 0, 1] + prior) / 4.
        // M group (users 2, 3): n_g = [1, 2, 0] → ([1, 2, 0] + prior) / 4.
        let s = model.score(users: [0, 2, 4], items: nil)
        let female: [Float] = [0.875, 0.25, 0.375], male: [Float] = [0.625, 0.75, 0.125]
        #expect(Array(s.row(0)) == female)
        #expect(Array(s.row(1)) == male)
        #expect(Array(s.row(2)) == Array(s.row(0)))        // the cold F user gets the F group's list
        let subset: [Float] = [0.125, 0.75]
        #expect(Array(model.score(users: [3], items: [2, 1]).row(0)) == subset)
    }

    @Test func numericLikeLevelsAreBandedAndUnknownAttributesRejected() throws {
        // Ages 20, 30, 40, 50, 20 in 2 bands: edge at the median (30 of [20, 20, 30, 40, 50]) → bands 0, 1, 1, 1, 0.
        let column = AttributeColumn.categorical(codes: [0, 1, 2, 3, 0], levels: ["20", "30", "40", "50"])
        let bands: [Int32] = [0, 1, 1, 1, 0], numeric: [Int32] = [0, -1, 1]
        #expect(DemographicPopularity.levels(of: column, bins: 2) == bands)
        #expect(DemographicPopularity.levels(of: .numeric([1, .nan, 3]), bins: 2) == numeric)
        #expect(throws: ModelError.self) { try DemographicPopularity(DemographicPopularityConfig { $0.attributeList = "region" }).fit(Self.data(), observer: nil) }
    }
}
