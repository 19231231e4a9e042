import Foundation
import RecData
@testable import RecSpec
import Testing

/// A spec's dataset and split reach the data layer as they were read: RecData's own option types,
/// one fold at a time for `"fold": "all"`.
@Suite struct DataRequestTests {
    @Test func userColdStartKFoldMapsEveryFold() throws {
        let s = try parse(spec(["split": #"{"method": "user_cold_start_kfold", "folds": 5, "fold": "all", "validation_fraction": 0.1}"#]))
        let mapped = try (s.split.folds ?? []).map { try s.dataRequest(fold: $0, root: "datasets").split }
        #expect(mapped.count == 5)
        for (f, m) in mapped.enumerated() {
            let expected = UserColdStartKFoldSplitter(folds: 5, fold: f, validationFraction: 0.1)
            #expect(m.map { same($0, expected) } ?? false)
            #expect(m?.cacheDescription == expected.cacheDescription)
        }
        // Without a fold, "all" runs fold 0.
        #expect(try s.dataRequest(fold: nil, root: "datasets").split.map { same($0, UserColdStartKFoldSplitter(folds: 5, fold: 0, validationFraction: 0.1)) } ?? false)
    }

    @Test func datasetOptionsAreHandedOverAsRead() throws {
        let syn = try parse(spec(["dataset": #"{"source": "synthetic", "synthetic": {"users": 50, "seed": 3}, "preprocessing": {"user_core": 2}}"#]))
        let request = try syn.dataRequest(fold: nil, root: "datasets")
        #expect(request.source == .synthetic(SyntheticOptions(users: 50, items: 400, interactions: 20_000, seed: 3)))
        #expect(request.preprocessing == PreprocessingOptions(userCore: 2))
        #expect(request.root == "datasets" && request.splitSeed == 0)
        let csv = try parse(spec(["dataset": #"{"source": "r.csv", "delimited": {"header": true, "user": "u", "rating": 2, "encoding": "latin-1"}}"#]))
        #expect(try csv.dataRequest(fold: nil, root: "d").source
                == .path("r.csv", format: .delimited(DelimitedOptions(hasHeader: true, user: "u", rating: 2, encoding: .latin1))))
        #expect(try parse(spec([:])).dataRequest(fold: nil, root: "d").source == .known("ml-100k"))
    }

    /// Without `delimited` the layout is left to the loader (nil: recognised from the training file's header).
    @Test func relativePredefinedFilesAreTakenRelativeToTheSource() throws {
        let pre = try parse(spec(["dataset": #"{"source": "data/u1", "predefined": {"train": "u1.base", "test": "/abs/u1.test"}}"#]))
        #expect(try pre.dataRequest(fold: nil, root: "d").source
                == .predefined(train: "data/u1/u1.base", validation: nil, test: "/abs/u1.test", options: nil, sideData: nil))
        #expect(pre.split.method is PredefinedSplit)
    }

    /// `delimited` lays out predefined files too, and `side_data` names a dataset as `source` does
    /// (not relative to the split folder).
    @Test func predefinedFilesTakeALayoutAndSideData() throws {
        let pre = try parse(spec(["dataset": #"{"source": "export", "delimited": {"delimiter": "\t", "rating": 2, "timestamp": 3}, "predefined": {"train": "u1.base", "validation": "u1.valid", "test": "u1.test", "side_data": "ml-100k"}}"#]))
        #expect(pre.dataset.format == .predefined)
        #expect(pre.dataset.predefined?.sideData == "ml-100k")
        let layout = DelimitedOptions(delimiter: "\t", rating: 2, timestamp: 3)
        #expect(try pre.dataRequest(fold: nil, root: "d").source
                == .predefined(train: "export/u1.base", validation: "export/u1.valid", test: "export/u1.test", options: layout,
                               sideData: .known("ml-100k")))
        let folder = try parse(spec(["dataset": #"{"format": "predefined", "predefined": {"train": "/e/train.tsv", "test": "/e/test.tsv", "side_data": "data/side"}}"#]))
        #expect(try folder.dataRequest(fold: nil, root: "d").source
                == .predefined(train: "/e/train.tsv", validation: nil, test: "/e/test.tsv", options: nil, sideData: .path("data/side", format: nil)))
    }
}
