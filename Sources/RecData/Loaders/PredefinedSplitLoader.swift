import Foundation
import RecCore

/// Loads a split that comes with the data: separate train, optional validation, and test files,
/// each a delimited file in the layout given by one `DelimitedOptions` (RecBole's pre-split
/// `.train.inter` / `.valid.inter` / `.test.inter` files read this way with `delimiter: "\t"`,
/// `hasHeader: true` and the `field:type` header names, e.g. `user: "user_id:token"`).
///
/// ```swift
/// let loader = PredefinedSplitLoader(train: "u1.base", test: "u1.test",
///                                    options: DelimitedOptions(delimiter: "\t", rating: 2, timestamp: 3))
/// let prepared = try loader.loadWithSplit()
/// prepared.split.train.count               // 80,000
/// ```
///
/// All files share one user and one item index space, built in file order train → validation →
/// test, so users and items that occur only in the test file are still indexed (cold-start).
/// A spec without a layout has it recognised from the training file's header (`SplitFileLayout`);
/// `SideDataJoin` joins the result with another dataset's attributes and knowledge graph.
public struct PredefinedSplitLoader: DataLoader {
    /// Training interactions file.
    public var train: String
    /// Validation interactions file, if any.
    public var validation: String?
    /// Test interactions file.
    public var test: String
    /// The layout of all three files.
    public var options: DelimitedOptions
    /// Dataset name; nil uses the training file name without extension.
    public var name: String?

    /// A loader for the given files, all laid out as `options`.
    public init(train: String, validation: String? = nil, test: String, options: DelimitedOptions, name: String? = nil) {
        self.train = train; self.validation = validation; self.test = test; self.options = options; self.name = name
    }

    /// Train, validation (if any) and test paths.
    public func sourceFiles() throws -> [String] { [train] + (validation.map { [$0] } ?? []) + [test] }

    /// The dataset (all interactions: train, then validation, then test rows) with the split whose
    /// tables hold the same rows per file.
    public func loadWithSplit() throws -> PreparedData {
        let reader = DelimitedReader(options: options)
        var users = IndexMap(), items = IndexMap()
        let trainTable = try reader.read(train, users: &users, items: &items)
        let validationTable = try validation.map { try reader.read($0, users: &users, items: &items) }
            ?? InteractionTable.empty(like: trainTable)
        let testTable = try reader.read(test, users: &users, items: &items)
        let all = trainTable.appending(validationTable).appending(testTable)
        let stem = URL(fileURLWithPath: train).deletingPathExtension().lastPathComponent
        let dataset = Dataset(name: name ?? stem, users: users, items: items, interactions: all)
        return PreparedData(dataset: dataset,
                            split: DataSplit(train: trainTable, validation: validationTable, test: testTable))
    }

    /// The dataset with all interactions concatenated (train, validation, test).
    public func load() throws -> Dataset { try loadWithSplit().dataset }
}
