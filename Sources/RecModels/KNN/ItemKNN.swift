import RecConfig
import RecCore
import RecData
import RecHDF5

/// The parameters of `item_knn` and `user_knn`.
public struct KNNConfig: Configuration {
    @Param(doc: "cosine, adjusted_cosine (item-mean centred), pearson (user-mean centred) or jaccard")
    public var similarity = KNNSimilarity.cosine
    @Param(in: 1...100_000, doc: "k: neighbours used per prediction")
    public var neighbours = 40
    @Param(in: 1...100_000, doc: "neighbours kept per row after fit (at least `neighbours`)")
    public var savedNeighbours = 200
    @Param(in: 0...1e6, doc: "similarity shrinkage s·n/(n+λ) by co-rating count n")
    public var shrinkage: Float = 0
    @Param(doc: "similarity_sum (top-N), rating_weighted_sum, mean_centered or baseline (rating prediction)")
    public var scoring = KNNScoring.similaritySum
    @Param(in: 0...1e6, doc: "damping of the baseline biases used by `baseline` scoring")
    public var biasDamping: Float = 10
    public init() {}

    public func violations() -> [ConfigurationViolation] {
        neighbours <= savedNeighbours ? [] : [ConfigurationViolation("neighbours", "\(neighbours) exceeds saved_neighbours (\(savedNeighbours))",
                                                                      fix: "set saved_neighbours to at least \(neighbours)")]
    }
}

extension KNNSimilarity: ChoiceParameter {}
extension KNNScoring: ChoiceParameter {}

/// Item-based k-nearest-neighbour collaborative filtering (Sarwar, Karypis, Konstan & Riedl 2001;
/// Deshpande & Karypis 2004). Fitting stores, for every item, its `savedNeighbours` most similar items
/// with positive similarity (shrunk by `n/(n + shrinkage)`, n = co-rating users; Koren 2008) as a
/// sparse CSR matrix — never a dense items × items matrix. Scoring (u, i) takes the `neighbours` most
/// similar items to i among those u rated and combines them as `scoring` says. A user's whole row is
/// scored by sparse accumulation over the lists of the items u rated (`ItemNeighbourhoodScorer`), at
/// the cost of u's history rather than of the catalogue times `savedNeighbours`.
///
/// ```swift
/// let knn = ItemKNN(KNNConfig { $0.neighbours = 40; $0.shrinkage = 10 })
/// ```
public final class ItemKNN: RecommenderType {
    public static let typeName = "item_knn"
    public static let summary = "Item-based k-nearest neighbours (Sarwar et al. 2001) on sparse similarities."
    public static let isDeterministic = true
    /// 2: neighbours are summed in item order, not similarity order (scores differ in the last bits).
    public static let revision = 2

    /// Each item's saved neighbours (row j: the items most similar to j, with their similarities).
    public private(set) var similarities = CSRMatrix.zeros(rows: 0, cols: 0)
    private var scorer = ItemNeighbourhoodScorer(sourceMajor: .zeros(rows: 0, cols: 0))
    private var history = CSRMatrix.zeros(rows: 0, cols: 0)
    private var offsets = RatingOffsets(global: 0, user: [], item: [])

    /// The model's validated configuration.
    public let config: KNNConfig

    /// An unfitted model.
    public init(_ config: KNNConfig = .init()) { self.config = config }

    public convenience init(config: KNNConfig, context: ModelContext) { self.init(config) }

    public var predictsRatings: Bool { config.scoring.predictsRatings }

    public func fit(_ data: TrainingData, observer: (any TrainingObserver)?) throws {
        history = data.userItem
        similarities = NeighbourSimilarity.topK(data.itemUser, similarity: config.similarity, shrinkage: config.shrinkage, k: config.savedNeighbours)
        scorer = ItemNeighbourhoodScorer(targetMajor: similarities, order: NeighbourSimilarity.similarityOrder(similarities),
                                         cap: config.neighbours)
        offsets = RatingOffsets(history, scoring: config.scoring, itemMeans: true, damping: config.biasDamping)
    }

    public func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        scorer.score(users: users, items: items, history: history, estimate: estimate, factor: factor)
    }

    /// One pair at a time through the neighbour list of the item (cheaper than whole rows for a few
    /// pairs); the same values as `score`.
    public func predict(users: [Int32], items: [Int32]) -> [Float] {
        precondition(users.count == items.count)
        let words = scorer.neighbourLists?.selectionWords ?? 1
        let selection = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
        selection.initialize(repeating: 0, count: words)
        defer { selection.deallocate() }
        return (0..<users.count).map { pairScore(Int(users[$0]), Int(items[$0]), selection: selection) }
    }

    /// The score of (u, j) by the definition: the `neighbours` items most similar to j among those u
    /// has, combined as `scoring` says.
    func pairScore(_ u: Int, _ j: Int, selection: UnsafeMutablePointer<UInt64>) -> Float {
        let history = self.history, factor = self.factor
        let (num, den) = scorer.neighbourSum(j, selection: selection) { i in history.value(row: u, col: i).map { factor(u, i, $0) } }
        return estimate.value(u, j, num: num, den: den)
    }

    /// What a neighbour's similarity is multiplied by (`KNNScoring`).
    private var factor: @Sendable (Int, Int, Float) -> Float {
        let offsets = self.offsets
        switch config.scoring {
        case .similaritySum: return { _, _, _ in 1 }
        case .ratingWeightedSum: return { _, _, r in r }
        case .meanCentered, .baseline: return { u, i, r in r - offsets.offset(u, i) }
        }
    }

    private var estimate: ItemNeighbourhoodScorer.Estimate { config.scoring.predictsRatings ? .offsetMean(offsets) : .sum }

    public func save(to group: HDF5Group) throws {
        try group.setAttribute("type", typeName)
        try group.setAttribute("similarity", config.similarity.rawValue)
        try group.write("similarities", csr: similarities, compression: 0)
        try group.write("history", csr: history, compression: 0)
        try group.setAttribute("global_offset", Double(offsets.global))
        try group.write("user_offset", offsets.user, compression: 0)
        try group.write("item_offset", offsets.item, compression: 0)
    }

    public func load(from group: HDF5Group) throws {
        similarities = try group.readCSRMatrix("similarities")
        history = try group.readCSRMatrix("history")
        guard similarities.rows == history.cols else {
            throw ModelError.incompatibleSave(model: typeName, detail: "\(similarities.rows) similarity rows for \(history.cols) items")
        }
        scorer = ItemNeighbourhoodScorer(targetMajor: similarities, order: NeighbourSimilarity.similarityOrder(similarities),
                                         cap: config.neighbours)
        offsets = RatingOffsets(global: Float(try group.attribute("global_offset", as: Double.self) ?? 0),
                                user: try group.read("user_offset"), item: try group.read("item_offset"))
    }
}

extension ItemKNN: FoldsInUsers {
    public var foldInUserCount: Int { history.rows }

    /// Item-kNN keeps no per-user state but the history its scores read: the new history is used at
    /// once (and, for the rating scorings, the user's mean offset follows it).
    public func foldIn(user: Int32, items: [Int32], values: [Float]) {
        history = history.replacingRow(Int(user), columns: items, values: values)
        if config.scoring != .similaritySum {
            offsets = RatingOffsets(history, scoring: config.scoring, itemMeans: true, damping: config.biasDamping)
        }
    }
}
