import RecCore

/// Where `KGBoost` takes an item's knowledge profile `x_i` from.
///
/// ```swift
/// KGBoost(base: ItemKNN(), config: KGBoostConfig { $0.kgSource = .transe; $0.transeDim = 64 })
/// ```
public enum KnowledgeSource: String, Sendable, CaseIterable {
    /// The weighted k-hop neighbourhood of the item's entity (`KnowledgeGraph.itemEntityMatrix`), sparse.
    case neighbourhood
    /// The TransE embedding of the item's entity (`TransETrainer`), dense and unit length.
    case transe

    /// Items × k rows of the linked entities' embeddings (empty rows for unlinked items), as CSR so
    /// the sparse `ProfileCosine` scores both sources.
    static func itemVectors(entities: DenseMatrix, itemEntity: [Int32]) -> CSRMatrix {
        let k = entities.cols
        var indptr = [Int](repeating: 0, count: itemEntity.count + 1)
        var indices: [Int32] = [], values: [Float] = []
        let linked = itemEntity.lazy.filter { $0 >= 0 && Int($0) < entities.rows }.count
        indices.reserveCapacity(linked * k); values.reserveCapacity(linked * k)
        for (i, e) in itemEntity.enumerated() {
            if e >= 0 && Int(e) < entities.rows {
                let base = Int(e) * k
                for c in 0..<k { indices.append(Int32(c)); values.append(entities.storage[base + c]) }
            }
            indptr[i + 1] = indices.count
        }
        return CSRMatrix(rows: itemEntity.count, cols: k, indptr: indptr, indices: indices, values: values)
    }
}
