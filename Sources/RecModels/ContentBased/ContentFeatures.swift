import Foundation
import RecCore
import RecData

/// Which item attributes become content features, and how.
///
/// ```swift
/// let options = ContentFeatureOptions(attributes: ["class", "release_year"], numericBins: 8, knowledgeWeight: 0.5)
/// ```
public struct ContentFeatureOptions: Sendable, Equatable {
    /// Item attribute columns used (empty = every item attribute).
    public var attributes: [String]
    /// Quantile bands a numeric attribute is cut into (≥ 1).
    public var numericBins: Int
    /// Whether category levels are weighted by their inverse document frequency.
    public var idf: Bool
    /// Levels carried by fewer items than this are dropped (a level of one item can match nothing).
    public var minLevelCount: Int
    /// Weight of the knowledge-graph block (the item's entity row); 0 leaves the graph out.
    public var knowledgeWeight: Float
    /// How the knowledge-graph block is gathered.
    public var neighbourhood: NeighbourhoodOptions

    /// Options with RecLab's defaults (all attributes, 8 bands, idf, levels of ≥ 2 items, no graph;
    /// a graph block, when weighted in, is relation-balanced).
    public init(attributes: [String] = [], numericBins: Int = 8, idf: Bool = true, minLevelCount: Int = 2,
                knowledgeWeight: Float = 0, neighbourhood: NeighbourhoodOptions = NeighbourhoodOptions(balanceRelations: true)) {
        self.attributes = attributes; self.numericBins = numericBins; self.idf = idf
        self.minLevelCount = minLevelCount; self.knowledgeWeight = knowledgeWeight; self.neighbourhood = neighbourhood
    }
}

/// Item content vectors built from item attributes (and optionally the knowledge graph), one block per
/// attribute, each block L2-normalised per item so every attribute counts the same:
///
/// - multi-valued categories (genres, tags, title words): multi-hot;
/// - categories: one-hot; a categorical column whose levels are all numbers (RecBole's
///   `release_year:token`) is treated as numeric;
/// - numbers: one-hot over `numericBins` quantile bands of the observed values;
/// - with `idf`, a level carried by `df` of `N` items weighs `ln((1 + N)/(1 + df)) + 1` (TF-IDF,
///   Salton & Buckley 1988; constant within one-hot blocks);
/// - the knowledge-graph block is the item's row of `KnowledgeGraph.itemEntityMatrix`, scaled by
///   `knowledgeWeight`.
///
/// Missing values contribute nothing. Every item, trained on or not, gets its vector: that is what
/// lets a content-based model score cold items.
///
/// ```swift
/// let (x, names) = try ContentFeatures.matrix(dataset, options: ContentFeatureOptions())
/// names[Int(x.row(0).indices.first!)]   // "class=Animation"
/// ```
public enum ContentFeatures {
    /// The items × features matrix and each feature's name (`attribute=level`, `attribute∈[lo, hi)`,
    /// `kg:entity`). Throws `ModelError.invalidParameter` for an unknown attribute or bad option.
    public static func matrix(_ dataset: Dataset, options: ContentFeatureOptions,
                              model: String = "content_based") throws -> (matrix: CSRMatrix, names: [String]) {
        try FactorSupport.require(options.numericBins >= 1, model, "numeric_bins", "must be ≥ 1, got \(options.numericBins)")
        try FactorSupport.require(options.minLevelCount >= 1, model, "min_level_count", "must be ≥ 1, got \(options.minLevelCount)")
        try FactorSupport.require(options.knowledgeWeight >= 0 && options.knowledgeWeight.isFinite, model, "kg_weight",
                                  "must be a finite number ≥ 0, got \(options.knowledgeWeight)")
        let table = dataset.itemAttributes
        let chosen = options.attributes.isEmpty ? table.names : options.attributes
        for name in chosen where table[name] == nil {
            let known = table.names.isEmpty ? "the dataset has no item attributes" : "item attributes are " + table.names.joined(separator: ", ")
            throw ModelError.invalidParameter(model: model, name: "attributes", detail: "no item attribute '\(name)'; \(known)")
        }
        let n = dataset.itemCount
        var blocks: [FeatureBlock] = []
        for name in chosen {
            blocks.append(FeatureBlock(name: name, column: table[name]!, itemCount: n, options: options))
        }
        if options.knowledgeWeight > 0 {
            let graph = try KGBoost.requireGraph(dataset, model: model)
            blocks.append(FeatureBlock(knowledge: graph, options: options))
        }
        // Concatenate the blocks' rows; each block's columns follow the previous block's.
        var indptr = [Int](repeating: 0, count: n + 1), indices: [Int32] = [], values: [Float] = []
        var names: [String] = []
        var offsets: [Int32] = []
        for b in blocks { offsets.append(Int32(names.count)); names += b.names }
        for i in 0..<n {
            for (b, block) in blocks.enumerated() {
                let row = block.rows.row(i)
                var ss = 0.0
                for v in row.values { ss += Double(v) * Double(v) }
                guard ss > 0 else { continue }
                let scale = Float(1 / ss.squareRoot()) * block.weight
                for (f, v) in zip(row.indices, row.values) { indices.append(offsets[b] + f); values.append(v * scale) }
            }
            indptr[i + 1] = indices.count
        }
        return (CSRMatrix(rows: n, cols: names.count, indptr: indptr, indices: indices, values: values), names)
    }
}
