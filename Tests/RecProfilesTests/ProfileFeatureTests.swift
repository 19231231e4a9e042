import Foundation
import RecConfig
import RecCore
import RecData
import Testing
@testable import RecProfiles

/// Mean and population standard deviation, the z-score's statistics.
private func meanAndDeviation(_ x: [Double]) -> (Double, Double) {
    let m = x.reduce(0, +) / Double(x.count)
    return (m, (x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count)).squareRoot())
}

@Suite struct ProfileFeatureTests {
    let data = ProfileFixture.dataset()

    @Test func userColumnsAreNamedAndGrouped() throws {
        let p = try ProfileBuilder(ProfileFixture.userConfig()).build(dataset: data, training: ProfileFixture.train)
        #expect(p.featureNames == [
            "age=<25", "age=[25,50)", "age=>=50", "gender=F", "gender=M",
            "zip_region=3", "zip_region=8", "zip_region=9", "zip_region=T", "age_value", "age_value:missing",
            "genre_affinity=Action", "genre_affinity=Comedy", "genre_affinity=Drama",
            "activity:log_count", "rating_mean", "rating_variance", "recency:units_of_100s", "diversity:entropy", "is_cold",
        ])
        #expect(p.groups.map(\.name) == ["age", "gender", "zip_region", "age_value", "genre_affinity", "activity",
                                         "rating_mean", "rating_variance", "recency", "diversity", "is_cold"])
        #expect(p.group(named: "genre_affinity")?.range == 11..<14)
        #expect(p.group(named: "genre_affinity")?.levels == ["Action", "Comedy", "Drama"])
        #expect(p.group(named: "zip_region")?.levels == ["3", "8", "9", "T"])
        #expect(p.rowCount == 4 && p.featureCount == 20 && p.ids == ["u1", "u2", "u3", "u4"])
        #expect(p.notes.isEmpty && p.referenceTime == 400)
    }

    /// Every raw value worked out by hand from the fixture's training rows (T = 400, unit 100 s).
    @Test func userRawValuesMatchHandComputation() throws {
        let p = try ProfileBuilder(ProfileFixture.userConfig()).build(dataset: data, training: ProfileFixture.train)
        let nan = Double.nan, h = 1.5 * log(2.0)   // entropy of genre weights (1, 2, 1) and (2, 1, 1)
        // u1: i1 (Action, Comedy) 4, i2 (Drama) 2, i3 (Comedy) 5; last at 300.
        expectRow(p.raw.row(0), [1, 0, 0, 0, 1, 0, 1, 0, 0, 24, 0, 1.0 / 3, 2.0 / 3, 1.0 / 3,
                                 log(4.0), 11.0 / 3, 14.0 / 9, 1, h, 0], "u1")
        // u2: i1 (Action, Comedy) 3, i4 (Action, Drama) 5; last at 400.
        expectRow(p.raw.row(1), [0, 0, 1, 1, 0, 0, 0, 1, 0, 53, 0, 1, 0.5, 0.5, log(3.0), 4, 1, 0, h, 0], "u2")
        // u3: i5 (no genre) 1 at 250: shares are 0, entropy undefined; age missing.
        expectRow(p.raw.row(2), [0, 0, 0, 0, 1, 1, 0, 0, 0, nan, 1, 0, 0, 0, log(2.0), 1, 0, 1.5, nan, 0], "u3")
        // u4: cold; gender missing; the T of T8H1N is its region.
        expectRow(p.raw.row(3), [0, 1, 0, 0, 0, 0, 0, 0, 1, 31, 0, nan, nan, nan, 0, nan, nan, nan, nan, 1], "u4")
    }

    /// z-scores fitted on the three training users u1–u3; the cold user u4 takes the training means.
    @Test func zScoreIsFittedOnTrainingUsersAndFillsTheColdUser() throws {
        let p = try ProfileBuilder(ProfileFixture.userConfig()).build(dataset: data, training: ProfileFixture.train)
        let (am, asd) = meanAndDeviation([log(4.0), log(3.0), log(2.0)])
        let (mm, msd) = meanAndDeviation([11.0 / 3, 4, 1])
        let (vm, vsd) = meanAndDeviation([14.0 / 9, 1, 0])
        let (rm, rsd) = meanAndDeviation([1, 0, 1.5])
        // age: 24 and 53 are the defined training values (u3's is missing): mean 38.5, sd 14.5.
        #expect(abs(p.values[0, 9] + 1) < 1e-6 && abs(p.values[1, 9] - 1) < 1e-6 && p.values[2, 9] == 0)
        #expect(abs(Double(p.values[3, 9]) - (31 - 38.5) / 14.5) < 1e-6)
        for (u, a) in [log(4.0), log(3.0), log(2.0), 0].enumerated() {
            #expect(abs(Double(p.values[u, 14]) - (a - am) / asd) < 1e-5)
        }
        for (u, m) in [11.0 / 3, 4, 1].enumerated() { #expect(abs(Double(p.values[u, 15]) - (m - mm) / msd) < 1e-5) }
        for (u, v) in [14.0 / 9, 1, 0].enumerated() { #expect(abs(Double(p.values[u, 16]) - (v - vm) / vsd) < 1e-5) }
        for (u, r) in [1.0, 0, 1.5].enumerated() { #expect(abs(Double(p.values[u, 17]) - (r - rm) / rsd) < 1e-5) }
        // The cold user: rating mean, variance, recency, diversity at the mean (0); affinity at the
        // training users' mean shares (not rescaled); is_cold 1; its static columns as they are.
        expectRow(p.values.rowArray(3)[15..<20], [0, 0, 0, 0, 1])
        expectRow(p.values.rowArray(3)[11..<14], [4.0 / 9, 7.0 / 18, 5.0 / 18])
        expectRow(p.values.rowArray(3)[0..<9], [0, 1, 0, 0, 0, 0, 0, 0, 1])
        // Diversity has no spread over u1 and u2 (u3 is undefined): scale 1, all rows 0.
        #expect((0..<4).allSatisfy { p.values[$0, 18] == 0 })
        #expect(p.normaliser.offset[9] == 38.5 && p.normaliser.scale[9] == 14.5 && p.normaliser.fill[9] == 38.5)
        #expect(p.normaliser.offset[11] == 0 && p.normaliser.scale[11] == 1)   // affinity is not rescaled
        #expect(p.values.storage.allSatisfy { $0.isFinite })
    }

    @Test func minMaxUsesTrainingRange() throws {
        let p = try ProfileBuilder(ProfileFixture.userConfig(.minMax)).build(dataset: data, training: ProfileFixture.train)
        // rating mean over u1–u3: 11/3, 4, 1 → min 1, range 3.
        expectRow(p.values.rowArray(0)[15...15], [(11.0 / 3 - 1) / 3])
        expectRow(p.values.rowArray(2)[15...15], [0])
        expectRow(p.values.rowArray(3)[15...15], [(26.0 / 9 - 1) / 3])    // cold: training mean 26/9
        // age: training range 24…53; u4's 31 is scaled with it.
        expectRow(p.values.rowArray(3)[9...9], [(31.0 - 24) / 29])
        let none = try ProfileBuilder(ProfileFixture.userConfig(.none)).build(dataset: data, training: ProfileFixture.train)
        expectRow(none.values.rowArray(0)[14..<18], [log(4.0), 11.0 / 3, 14.0 / 9, 1])
    }

    @Test func ratingWeightedAffinityWeighsByRating() throws {
        var config = ProfileFixture.userConfig()
        config.affinityWeighting = .rating
        let p = try ProfileBuilder(config).build(dataset: data, training: ProfileFixture.train)
        // u1: Action 4, Comedy 4 + 5, Drama 2, of Σr = 11; entropy of (4, 9, 2) / 15.
        expectRow(p.raw.rowArray(0)[11..<14], [4.0 / 11, 9.0 / 11, 2.0 / 11])
        let q = [4.0, 9, 2].map { $0 / 15 }
        expectRow(p.raw.rowArray(0)[18...18], [-q.map { $0 * log($0) }.reduce(0, +)])
    }

    /// Items: genres multi-hot, year with a missing indicator, popularity, mean rating, recency.
    @Test func itemValuesMatchHandComputation() throws {
        let p = try ProfileBuilder(ProfileFixture.itemConfig()).build(dataset: data, training: ProfileFixture.train)
        #expect(p.featureNames == ["genres=Action", "genres=Comedy", "genres=Drama", "year", "year:missing",
                                   "popularity:log_count", "rating_mean", "recency:units_of_100s", "is_cold"])
        let nan = Double.nan
        let expected: [[Double]] = [
            [1, 1, 0, 1995, 0, log(3.0), 3.5, 2.5, 0],   // i1: u1 4 @100, u2 3 @150
            [0, 0, 1, 1997, 0, log(2.0), 2, 2, 0],       // i2: u1 2 @200
            [0, 1, 0, nan, 1, log(2.0), 5, 1, 0],        // i3: u1 5 @300
            [1, 0, 1, 1990, 0, log(2.0), 5, 0, 0],       // i4: u2 5 @400
            [0, 0, 0, 1998, 0, log(2.0), 1, 1.5, 0],     // i5: u3 1 @250
        ]
        for (i, row) in expected.enumerated() { expectRow(p.raw.row(i), row, "i\(i + 1)") }
        // The missing year takes the mean of 1995, 1997, 1990, 1998 = 1995, i.e. z = 0.
        #expect(p.values[2, 3] == 0 && p.values[2, 4] == 1)
    }

    @Test func implicitDataLeavesOutRatingFeaturesWithANote() throws {
        var train = ProfileFixture.train
        train.ratings = nil; train.timestamps = nil
        let p = try ProfileBuilder(ProfileFixture.userConfig()).build(dataset: data, training: train)
        #expect(p.group(named: "rating_mean") == nil && p.group(named: "recency") == nil)
        #expect(p.notes.count == 3)
        expectRow(p.raw.rowArray(0)[11..<15], [1.0 / 3, 2.0 / 3, 1.0 / 3, log(4.0)])
    }

    @Test func defaultsAndDecodingFillMissingKeys() throws {
        let config = try ProfileConfig.decode(["attributes": .list([.record(["attribute": .string("zip"), "encoding": .string("region"),
                                                                            "prefix_length": .int(2)])]),
                                               "normalisation": .string("min_max")], for: .users)
        #expect(config.attributes == [.region("zip", characters: 2)])
        #expect(config.dynamic == ProfileConfig.defaults(for: .users).dynamic)
        #expect(config.normalisation == .minMax && config.coldIndicator && config.recencyUnitSeconds == 86_400)
        let items = try ProfileConfig.decode([:], for: .items)
        #expect(items == .defaults(for: .items) && items.entity == .items && items.dynamic == [.popularity, .ratingMean])
        // What profiles store (and their fingerprint hashes) reads back as the same configuration.
        for c in [config, items] { #expect(ProfileConfig.read(json: ProfileFingerprint.canonicalJSON(c)) == c) }
        #expect(throws: ConfigurationError.self) { try ProfileConfig.decode(["normalization": .string("none")], for: .users) }
        #expect(throws: ConfigurationError.self) { try ProfileConfig.decode(["dynamic": .list([.string("diversity")])], for: .items) }
        // The defaults work on the fixture (optional attributes it lacks are skipped).
        let p = try ProfileBuilder(.defaults(for: .users)).build(dataset: data, training: ProfileFixture.train)
        #expect(p.groups.map(\.name) == ["age", "gender", "zip_region", "genre_affinity", "activity", "rating_mean",
                                         "rating_variance", "recency", "diversity", "is_cold"])
        #expect(ProfileFingerprint.config(config) != ProfileFingerprint.config(.defaults(for: .users)))
    }

    @Test func configurationMistakesAreClearErrors() throws {
        let train = ProfileFixture.train
        var config = ProfileFixture.userConfig()
        config.attributes = [.oneHot("occupation")]
        #expect(throws: ProfileError.unknownAttribute(name: "occupation", entity: .users, available: ["age", "gender", "zip"])) {
            try ProfileBuilder(config).build(dataset: data, training: train)
        }
        config.attributes = [.region("age")]
        #expect(throws: ProfileError.unsupportedEncoding(attribute: "age", encoding: .region, kind: "numeric")) {
            try ProfileBuilder(config).build(dataset: data, training: train)
        }
        config.attributes = [.buckets("age", edges: [50, 25])]
        #expect(throws: ProfileError.self) { try ProfileBuilder(config).build(dataset: data, training: train) }
        var items = ProfileFixture.itemConfig()
        items.dynamic = [.genreAffinity]
        #expect(throws: ProfileError.self) { try ProfileBuilder(items).build(dataset: data, training: train) }
        let outside = InteractionTable(users: [7], items: [0], ratings: [1], timestamps: [1])
        #expect(throws: ProfileError.self) { try ProfileBuilder(.defaults(for: .users)).build(dataset: data, training: outside) }
        #expect(ProfileError.unknownEntity(id: "x", entity: .users, example: "196").description
                == "unknown user id 'x'; ids look like '196'")
    }

    /// RecBole's ML-100K stores numbers as tokens: categorical levels that are numbers read as numbers.
    @Test func numericTokensAreReadAsNumbers() throws {
        var d = data
        var users = AttributeTable()
        users.append("age", .categorical(codes: [0, 1, -1, 2], levels: ["24", "53", "31"]))
        d.userAttributes = users
        let config = ProfileConfig(entity: .users, attributes: [.buckets("age", edges: [25, 50]), .numeric("age")],
                                   dynamic: [], coldIndicator: false)
        #expect(throws: ProfileError.self) { try ProfileBuilder(config).build(dataset: d, training: ProfileFixture.train) }
        var named = config
        named.attributes[1].name = "age_value"
        let p = try ProfileBuilder(named).build(dataset: d, training: ProfileFixture.train)
        expectRow(p.raw.row(0), [1, 0, 0, 24, 0])
        expectRow(p.raw.row(2), [0, 0, 0, .nan, 1])
        expectRow(p.raw.row(3), [0, 1, 0, 31, 0])
    }
}
