import RecData
@testable import RecSpec
import Testing
@testable import RecRunner

/// The spec's split methods map onto RecData's, one fold at a time for `"fold": "all"`.
@Suite struct SpecDataMappingTests {
    @Test func userColdStartKFoldMapsEveryFold() {
        let spec = SplitSpec(method: .userColdStartKFold(folds: 5, fold: .all, validationFraction: 0.1), seed: 0)
        let mapped = (spec.folds ?? []).map { SpecDataMapping.split(spec.method(forFold: $0)) }
        #expect(mapped == (0..<5).map { SplitMethod.userColdStartKFold(folds: 5, fold: $0, validationFraction: 0.1) })
        #expect(SpecDataMapping.split(.userColdStartKFold(folds: 3, fold: .index(2), validationFraction: 0))
                == .userColdStartKFold(folds: 3, fold: 2, validationFraction: 0))
    }
}
