import Foundation
import RecCore
import RecData
import Testing
@testable import RecProfiles

/// A hand-made dataset: 4 users, 5 items with genres and years, rated and timed interactions split
/// into train / validation / test. Every expected value in the tests is worked out from this table.
///
///     users  age  gender  zip       items  genres          year
///     u1     24   M       85711     i1     Action, Comedy  1995
///     u2     53   F       94043     i2     Drama           1997
///     u3     –    M       32067     i3     Comedy          –
///     u4     31   –       T8H1N     i4     Action, Drama   1990
///                                   i5     (none)          1998
///
///     train:       u1 i1 4 @100, u1 i2 2 @200, u1 i3 5 @300, u2 i1 3 @150, u2 i4 5 @400, u3 i5 1 @250
///     validation:  u1 i4 1 @500, u3 i2 4 @600
///     test:        u4 i3 5 @700, u2 i3 2 @800          (u4 is cold: no training interaction)
enum ProfileFixture {
    static func dataset(validation: InteractionTable = validation, test: InteractionTable = test) -> Dataset {
        var users = AttributeTable()
        users.append("age", .numeric([24, 53, .nan, 31]))
        users.append("gender", .categorical(codes: [1, 0, 1, -1], levels: ["F", "M"]))
        users.append("zip", .categorical(codes: [0, 1, 2, 3], levels: ["85711", "94043", "32067", "T8H1N"]))
        var items = AttributeTable()
        items.append("genres", .multiCategorical(indptr: [0, 2, 3, 4, 6, 6], codes: [0, 1, 2, 1, 0, 2],
                                                 levels: ["Action", "Comedy", "Drama"]))
        items.append("year", .numeric([1995, 1997, .nan, 1990, 1998]))
        return Dataset(name: "fixture", users: IndexMap(["u1", "u2", "u3", "u4"]),
                       items: IndexMap(["i1", "i2", "i3", "i4", "i5"]),
                       interactions: train.appending(validation).appending(test),
                       userAttributes: users, itemAttributes: items)
    }

    static let train = InteractionTable(users: [0, 0, 0, 1, 1, 2], items: [0, 1, 2, 0, 3, 4],
                                        ratings: [4, 2, 5, 3, 5, 1], timestamps: [100, 200, 300, 150, 400, 250])
    static let validation = InteractionTable(users: [0, 2], items: [3, 1], ratings: [1, 4], timestamps: [500, 600])
    static let test = InteractionTable(users: [3, 1], items: [2, 2], ratings: [5, 2], timestamps: [700, 800])

    /// Users: age buckets, gender, zip region, age as a number, every dynamic feature; recency in
    /// units of 100 s so the values are small numbers.
    static func userConfig(_ normalisation: Normalisation = .zScore) -> ProfileConfig {
        ProfileConfig(entity: .users, attributes: [
            .buckets("age", edges: [25, 50]), .oneHot("gender"), .region("zip"),
            AttributeFeature(attribute: "age", encoding: .numeric, name: "age_value"),
        ], dynamic: [.genreAffinity, .activity, .ratingMean, .ratingVariance, .recency, .diversity],
        normalisation: normalisation, recencyUnitSeconds: 100)
    }

    static func itemConfig() -> ProfileConfig {
        ProfileConfig(entity: .items, attributes: [.multiHot("genres"), .numeric("year")],
                      dynamic: [.popularity, .ratingMean, .recency], recencyUnitSeconds: 100)
    }
}

/// NaN-aware equality of two float arrays within `tolerance`.
func sameValues(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in (x.isNaN && y.isNaN) || abs(x - y) <= tolerance }
}

/// `#expect` that `actual` equals `expected` (NaN matches NaN) with a readable failure.
func expectRow(_ actual: ArraySlice<Float>, _ expected: [Double], _ comment: Comment? = nil,
               sourceLocation: SourceLocation = #_sourceLocation) {
    let e = expected.map(Float.init)
    #expect(sameValues(Array(actual), e), "\(comment?.description ?? "") got \(Array(actual)), expected \(e)",
            sourceLocation: sourceLocation)
}

extension DenseMatrix {
    /// Row `r` as a zero-based array.
    func rowArray(_ r: Int) -> [Float] { Array(row(r)) }
}
