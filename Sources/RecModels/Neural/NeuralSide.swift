import RecCore
import RecData
import RecHDF5
import RecProfiles

/// One side (users or items) of a neural recommender's input: which rows were seen in training,
/// their normalised profile features, and the same features as they would read for a cold entity
/// (dynamic columns undefined → the training mean, counts 0, `is_cold` 1; static attributes kept).
///
/// Training with cold dropout feeds the cold row together with the shared "unknown" embedding, so
/// the network learns to score from attributes alone; scoring a cold entity uses exactly that input.
///
/// ```swift
/// let users = try NeuralSide.build(.users, data: data, enabled: true)
/// users.featureCount   // 0 when profiles are off
/// ```
struct NeuralSide: Sendable {
    /// Entities in the index space.
    var count: Int
    /// Whether each entity has at least one training interaction.
    var warm: [Bool]
    /// Normalised profile features, count × featureCount (featureCount may be 0).
    var values: DenseMatrix
    /// The features of each entity as if it were cold, count × featureCount.
    var coldValues: DenseMatrix

    var featureCount: Int { values.cols }

    /// No entities: a model's side before `prepare`.
    static let empty = NeuralSide(count: 0, warm: [], values: DenseMatrix(rows: 0, cols: 0),
                                  coldValues: DenseMatrix(rows: 0, cols: 0))

    /// The feature rows of `ids` as one row-major `ids.count × featureCount` buffer: an entity's cold
    /// row where `cold(id)` is true, its own row otherwise.
    func rows<C: Collection>(of ids: C, cold: (Int32) -> Bool) -> [Float] where C.Element == Int32 {
        let f = featureCount
        var out = [Float](repeating: 0, count: ids.count * f)
        for (r, id) in ids.enumerated() {
            let source = cold(id) ? coldValues.storage : values.storage
            for c in 0..<f { out[r * f + c] = source[Int(id) * f + c] }
        }
        return out
    }

    /// Builds the side from the training interactions only: the spec's profiles when the runner built
    /// them (`TrainingData.userProfiles` / `itemProfiles`), else RecProfiles' default configuration.
    static func build(_ entity: ProfileEntity, data: TrainingData, enabled: Bool) throws -> NeuralSide {
        let count = entity == .users ? data.userCount : data.itemCount
        let csr = entity == .users ? data.userItem : data.itemUser
        let warm = (0..<count).map { csr.indptr[$0 + 1] > csr.indptr[$0] }
        guard enabled else {
            let empty = DenseMatrix(rows: count, cols: 0)
            return NeuralSide(count: count, warm: warm, values: empty, coldValues: empty)
        }
        let given = entity == .users ? data.userProfiles : data.itemProfiles
        let profile = try given ?? ProfileBuilder(ProfileConfig.defaults(for: entity)).build(dataset: data.dataset, training: data.train)
        return NeuralSide(count: count, warm: warm, values: profile.values, coldValues: coldRows(profile))
    }

    /// Every row rewritten as a cold entity's raw row, then normalised with the fitted normaliser.
    private static func coldRows(_ profile: ProfileMatrix) -> DenseMatrix {
        let f = profile.featureCount
        var out = DenseMatrix(rows: profile.rowCount, cols: f)
        var row = [Float](repeating: 0, count: f)
        for r in 0..<profile.rowCount {
            for c in 0..<f { row[c] = profile.raw.storage[r * f + c] }
            for g in profile.groups where g.kind.isDynamic {
                let v: Float
                switch g.kind {
                case .activity, .popularity: v = 0
                case .coldIndicator: v = 1
                default: v = .nan
                }
                for c in g.range { row[c] = v }
            }
            let normalised = profile.normaliser.apply(row)
            for c in 0..<f { out.storage[r * f + c] = normalised[c] }
        }
        return out
    }

    /// The embedding row of entity `e` at scoring time: its own when warm, the shared unknown row
    /// (index `count`) when it has no training interaction.
    @inline(__always) func embeddingRow(_ e: Int) -> Int32 { warm[e] ? Int32(e) : Int32(count) }

    func save(to group: HDF5Group) throws {
        try group.write("warm", warm.map { UInt8($0 ? 1 : 0) })
        try group.setAttribute("feature_count", Int64(featureCount))
        guard featureCount > 0 else { return }
        try group.write("features", matrix: values, compression: 0)
        try group.write("cold_features", matrix: coldValues, compression: 0)
    }

    static func load(from group: HDF5Group) throws -> NeuralSide {
        let warm: [UInt8] = try group.read("warm")
        let features: Int64 = try group.attribute("feature_count") ?? 0
        guard features > 0 else {
            let empty = DenseMatrix(rows: warm.count, cols: 0)
            return NeuralSide(count: warm.count, warm: warm.map { $0 != 0 }, values: empty, coldValues: empty)
        }
        let values = try group.readDenseMatrix("features"), cold = try group.readDenseMatrix("cold_features")
        return NeuralSide(count: warm.count, warm: warm.map { $0 != 0 }, values: values, coldValues: cold)
    }
}
