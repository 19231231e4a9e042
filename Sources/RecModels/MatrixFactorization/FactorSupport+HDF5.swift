import RecCore
import RecHDF5

/// The HDF5 layout every latent-factor model shares: `user_factors` and `item_factors` (row-major,
/// `factors` columns) with the `type` and `factors` attributes; each model adds its biases.
extension FactorSupport {
    /// Writes both factor tables and the model's type and width.
    static func saveFactors(_ user: [Float], _ item: [Float], users: Int, items: Int, factors: Int,
                            model: String, to group: HDF5Group) throws {
        try group.setAttribute("type", model)
        try group.setAttribute("factors", Int64(factors))
        try group.write("user_factors", matrix: DenseMatrix(rows: users, cols: factors, storage: user), compression: 0)
        try group.write("item_factors", matrix: DenseMatrix(rows: items, cols: factors, storage: item), compression: 0)
    }

    /// Reads tables written by `saveFactors`; another width is `ModelError.incompatibleSave`.
    static func loadFactors(from group: HDF5Group, factors: Int, model: String) throws
        -> (user: [Float], item: [Float], users: Int, items: Int) {
        let uf = try group.readDenseMatrix("user_factors"), vf = try group.readDenseMatrix("item_factors")
        guard uf.cols == factors, vf.cols == factors else {
            throw ModelError.incompatibleSave(model: model, detail: "saved factors \(uf.cols), model has \(factors)")
        }
        return (uf.storage, vf.storage, uf.rows, vf.rows)
    }
}
