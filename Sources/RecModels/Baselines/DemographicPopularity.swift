import Foundation
import RecConfig
import RecCore
import RecData
import RecHDF5

/// `demographic_popularity`'s parameters.
public struct DemographicPopularityConfig: Configuration {
    @Param("attributes", doc: "comma-separated user attributes whose combination is the group")
    public var attributeList = "gender,age,occupation"
    @Param(in: 0...1e6, doc: "β: weight of overall popularity in small groups")
    public var damping: Float = 10
    @Param(in: 1...100, doc: "quantile bands for numeric attributes (age)")
    public var numericBins = 5
    public init() {}

    /// The attribute names, trimmed.
    public var attributes: [String] { attributeList.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    public func violations() -> [ConfigurationViolation] {
        attributes.isEmpty ? [ConfigurationViolation("attributes", "names no user attribute", fix: "e.g. \"gender,age\"")] : []
    }
}

/// Most popular within the user's demographic group: users are grouped by the combination of chosen
/// user attributes (for ML-100K gender × age band × occupation), and a user gets the items most often
/// consumed by the training users of their group. It needs no interactions of the user, so it is the
/// natural cold-start baseline next to plain popularity.
///
/// Group popularity is damped towards overall popularity so that small groups stay sensible:
/// `score(g, i) = (n_gi + β · n_i / U) / (|g| + β)`, where `n_gi` counts the group's training users who
/// interacted with `i`, `|g|` is the number of training users in the group, `n_i` the item's training
/// count and `U` the number of training users (β = `damping`).
///
/// Numeric attributes, and categorical ones whose values are all numbers (RecBole's ML-100K stores
/// age as a token), are cut into `numericBins` quantile bands over all users; a missing value is its
/// own group level.
///
/// ```swift
/// let model = DemographicPopularity(DemographicPopularityConfig { $0.attributeList = "gender,age,occupation" })
/// ```
public final class DemographicPopularity: RecommenderType {
    public static let typeName = "demographic_popularity"
    public static let summary = "Most popular within the user's demographic group (a combination of user attributes); the cold-start baseline."
    public static let isDeterministic = true

    private(set) var groupOfUser: [Int32] = []
    private(set) var groupScores = DenseMatrix(rows: 0, cols: 0)

    /// The model's validated configuration.
    public let config: DemographicPopularityConfig

    /// An unfitted model.
    public init(_ config: DemographicPopularityConfig = .init()) { self.config = config }

    public convenience init(config: DemographicPopularityConfig, context: ModelContext) { self.init(config) }

    public func fit(_ data: TrainingData, observer: (any TrainingObserver)?) throws {
        let table = data.dataset.userAttributes
        var columns: [[Int32]] = []
        for name in config.attributes {
            guard let column = table[name] else {
                throw ModelError.invalidParameter(model: typeName, name: "attributes",
                    detail: "no user attribute '\(name)'; the dataset has \(table.names.joined(separator: ", "))")
            }
            columns.append(Self.levels(of: column, bins: config.numericBins))
        }
        // Dense group ids over the combinations that occur.
        var ids: [[Int32]: Int32] = [:]
        groupOfUser = (0..<data.userCount).map { u in
            let key = columns.map { $0[u] }
            if let g = ids[key] { return g }
            let g = Int32(ids.count); ids[key] = g; return g
        }
        let groups = ids.count, items = data.itemCount
        let train = data.userItem
        var groupSize = [Float](repeating: 0, count: groups)
        var counts = [Float](repeating: 0, count: groups * items)
        var itemCounts = [Float](repeating: 0, count: items)
        var trainingUsers: Float = 0
        for u in 0..<train.rows where train.rowCount(u) > 0 {
            let g = Int(groupOfUser[u])
            groupSize[g] += 1; trainingUsers += 1
            for i in train.row(u).indices { counts[g * items + Int(i)] += 1; itemCounts[Int(i)] += 1 }
        }
        let prior = itemCounts.map { trainingUsers > 0 ? config.damping * $0 / trainingUsers : 0 }
        for g in 0..<groups {
            let denominator = groupSize[g] + config.damping
            for i in 0..<items { counts[g * items + i] = denominator > 0 ? (counts[g * items + i] + prior[i]) / denominator : 0 }
        }
        groupScores = DenseMatrix(rows: groups, cols: items, storage: counts)
    }

    /// Level index per user for one attribute column (numeric-like values in quantile bands).
    static func levels(of column: AttributeColumn, bins: Int) -> [Int32] {
        func banded(_ values: [Float]) -> [Int32] {
            let known = values.filter { !$0.isNaN }.sorted()
            guard !known.isEmpty else { return values.map { _ in -1 } }
            let edges = (1..<bins).map { known[min(known.count - 1, $0 * known.count / bins)] }
            return values.map { v in v.isNaN ? -1 : Int32(edges.filter { v >= $0 }.count) }
        }
        switch column {
        case .numeric(let v): return banded(v)
        case .categorical(let codes, let levels):
            let numbers = levels.map { Float($0) }
            if !levels.isEmpty, numbers.allSatisfy({ $0 != nil }) {
                return banded(codes.map { $0 < 0 ? .nan : numbers[Int($0)]! })
            }
            return codes
        case .multiCategorical(let indptr, let codes, _):
            return (0..<(indptr.count - 1)).map { u in indptr[u] < indptr[u + 1] ? codes[indptr[u]] : -1 }
        }
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        let cols = items?.count ?? groupScores.cols
        var out = DenseMatrix(rows: users.count, cols: cols)
        for (r, u) in users.enumerated() {
            let row = groupScores.row(Int(groupOfUser[Int(u)]))
            if let items { for (c, i) in items.enumerated() { out[r, c] = row[row.startIndex + Int(i)] } }
            else { for c in 0..<cols { out[r, c] = row[row.startIndex + c] } }
        }
        return out
    }

    public func save(to group: HDF5Group) throws {
        try group.setAttribute("type", typeName)
        try group.write("group_of_user", groupOfUser)
        try group.write("group_scores", matrix: groupScores)
    }

    public func load(from group: HDF5Group) throws {
        groupOfUser = try group.read("group_of_user")
        groupScores = try group.readDenseMatrix("group_scores")
    }
}
