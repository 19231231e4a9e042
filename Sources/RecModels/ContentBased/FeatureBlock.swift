import Foundation
import RecCore
import RecData

/// One attribute's features for every item (items × block features, before the per-item block
/// normalisation done by `ContentFeatures`), with the features' names and the block's weight.
struct FeatureBlock {
    /// Feature names, one per block column.
    let names: [String]
    /// Items × block features.
    let rows: CSRMatrix
    /// Multiplier applied after the block is L2-normalised per item.
    let weight: Float

    /// The features of one attribute column.
    init(name: String, column: AttributeColumn, itemCount n: Int, options: ContentFeatureOptions) {
        weight = 1
        switch column {
        case let .multiCategorical(indptr, codes, levels):
            (names, rows) = Self.categories(name, levels: levels, itemCount: n, options: options) { i in
                codes[indptr[i]..<indptr[i + 1]]
            }
        case let .categorical(codes, levels):
            if let numbers = Self.numericLevels(levels) {
                let values = codes.map { $0 >= 0 ? numbers[Int($0)] : Float.nan }
                (names, rows) = Self.bands(name, values: values, bins: options.numericBins)
            } else {
                (names, rows) = Self.categories(name, levels: levels, itemCount: n, options: options) { i in
                    codes[i] >= 0 ? [codes[i]] : []
                }
            }
        case let .numeric(values):
            (names, rows) = Self.bands(name, values: values, bins: options.numericBins)
        }
    }

    /// The knowledge-graph block: each item's (normalised) entity neighbourhood.
    init(knowledge graph: KnowledgeGraph, options: ContentFeatureOptions) {
        rows = graph.itemEntityMatrix(options.neighbourhood)
        names = graph.entities.ids.map { "kg:" + $0 }
        weight = options.knowledgeWeight
    }

    /// The numbers spelled by `levels`, or nil unless every level is a finite number.
    static func numericLevels(_ levels: [String]) -> [Float]? {
        guard !levels.isEmpty else { return nil }
        var out: [Float] = []
        for l in levels {
            guard let x = Double(l.trimmingCharacters(in: .whitespaces)), x.isFinite else { return nil }
            out.append(Float(x))
        }
        return out
    }

    /// Multi-hot over the levels carried by at least `minLevelCount` items, idf-weighted if asked.
    static func categories<C: Collection>(_ name: String, levels: [String], itemCount n: Int, options: ContentFeatureOptions,
                                          codesOf: (Int) -> C) -> ([String], CSRMatrix) where C.Element == Int32 {
        var df = [Int](repeating: 0, count: levels.count)
        for i in 0..<n { for c in Set(codesOf(i)) where c >= 0 { df[Int(c)] += 1 } }
        var feature = [Int32](repeating: -1, count: levels.count), names: [String] = [], weights: [Float] = []
        for (l, count) in df.enumerated() where count >= options.minLevelCount {
            feature[l] = Int32(names.count)
            names.append("\(name)=\(levels[l])")
            weights.append(options.idf ? Float(log((1 + Double(n)) / (1 + Double(count))) + 1) : 1)
        }
        var r: [Int32] = [], c: [Int32] = [], v: [Float] = []
        for i in 0..<n {
            for code in Set(codesOf(i)).sorted() where code >= 0 && feature[Int(code)] >= 0 {
                let f = feature[Int(code)]
                r.append(Int32(i)); c.append(f); v.append(weights[Int(f)])
            }
        }
        return (names, CSRMatrix(rows: n, cols: names.count, rowIndices: r, colIndices: c, values: v))
    }

    /// One-hot over quantile bands of the observed values: band edges are the values at ranks
    /// `k·m/bins` (k = 1 … bins−1) of the m sorted observed values, deduplicated; band b holds
    /// `edge[b−1] ≤ x < edge[b]`.
    static func bands(_ name: String, values: [Float], bins: Int) -> ([String], CSRMatrix) {
        let present = values.filter { $0.isFinite }.sorted()
        let n = values.count
        guard let lo = present.first, let hi = present.last else {
            return ([], CSRMatrix.zeros(rows: n, cols: 0))
        }
        var edges: [Float] = []
        for k in 1..<max(bins, 1) {
            let e = present[k * present.count / bins]
            if e > lo, edges.last.map({ e > $0 }) ?? true { edges.append(e) }
        }
        var names: [String] = []
        for b in 0...edges.count {
            let from = b == 0 ? lo : edges[b - 1]
            names.append(b == edges.count ? "\(name)∈[\(number(from)), \(number(hi))]" : "\(name)∈[\(number(from)), \(number(edges[b])))")
        }
        var r: [Int32] = [], c: [Int32] = []
        for (i, x) in values.enumerated() where x.isFinite {
            // Band = number of edges ≤ x (binary search).
            var a = 0, z = edges.count
            while a < z { let m = (a + z) / 2; if edges[m] <= x { a = m + 1 } else { z = m } }
            r.append(Int32(i)); c.append(Int32(a))
        }
        return (names, CSRMatrix(rows: n, cols: names.count, rowIndices: r, colIndices: c,
                                 values: [Float](repeating: 1, count: r.count)))
    }

    private static func number(_ x: Float) -> String {
        x == x.rounded() && abs(x) < 1e9 ? String(Int(x)) : String(x)
    }
}
