import Foundation
import RecCore
import RecData
import RecHDF5
import RecTestSupport
@testable import RecModels

/// Fixtures of the knowledge-graph, content-based and hybrid model tests.
enum KnowledgeFixtures {
    /// Five films, four users. The graph (entities m1 0, d1 1, m2 2, m3 3, d2 4, g1 5, m4 6, c1 7):
    /// m1, m2 directed by d1; m3 by d2; m1–m4 of genre g1; d1 born in c1. Items 0–3 link to m1–m4,
    /// item 4 has no link. Training (ratings): a: item 0 (5); b: items 2 (4), 3 (2); c: items 1 (4),
    /// 2 (3); d: item 1 (5) — so items 1 and 2 are equally popular. Item attributes: `class`
    /// (Action Comedy / Action / Drama / Comedy Drama / Action) and `release_year`
    /// (1990 / 1995 / 1995 / 1980 / 1990, as RecBole tokens).
    static func tiny() -> TrainingData {
        let graph = KnowledgeGraph(
            entities: IndexMap(["m1", "d1", "m2", "m3", "d2", "g1", "m4", "c1"]),
            relations: IndexMap(["directed_by", "genre", "born_in"]),
            heads: [0, 2, 3, 0, 2, 3, 6, 1], relationOfTriple: [0, 0, 0, 1, 1, 1, 1, 2],
            tails: [1, 1, 4, 5, 5, 5, 5, 7], itemEntity: [0, 2, 3, 6, -1])
        var attributes = AttributeTable()
        attributes.append("class", .multiCategorical(indptr: [0, 2, 3, 4, 6, 7], codes: [0, 1, 0, 2, 1, 2, 0],
                                                    levels: ["Action", "Comedy", "Drama"]))
        attributes.append("release_year", .categorical(codes: [0, 1, 1, 2, 0], levels: ["1990", "1995", "1980"]))
        let train = InteractionTable(users: [0, 1, 1, 2, 2, 3], items: [0, 2, 3, 1, 2, 1], ratings: [5, 4, 2, 4, 3, 5])
        let dataset = Dataset(name: "tiny-kg", users: IndexMap(["a", "b", "c", "d"]), items: IndexMap(["1", "2", "3", "4", "5"]),
                              interactions: train, itemAttributes: attributes, knowledgeGraph: graph)
        return TrainingData(dataset: dataset, train: train, validation: InteractionTable.empty(like: train))
    }

    /// The checkerboard with side information that matches its blocks: every item links to its own
    /// entity, which has genre "group g" in the graph, and a categorical item attribute `group`.
    static func board(_ board: Checkerboard) -> TrainingData {
        var dataset = board.dataset
        let n = board.itemCount, half = n / 2
        var entities = IndexMap((0..<n).map { "film\($0)" })
        let g0 = entities.insert("group0"), g1 = entities.insert("group1")
        dataset.knowledgeGraph = KnowledgeGraph(
            entities: entities, relations: IndexMap(["genre"]),
            heads: (0..<Int32(n)).map { $0 }, relationOfTriple: [Int32](repeating: 0, count: n),
            tails: (0..<n).map { $0 < half ? g0 : g1 }, itemEntity: (0..<Int32(n)).map { $0 })
        var attributes = AttributeTable()
        attributes.append("group", .categorical(codes: (0..<n).map { $0 < half ? 0 : 1 }, levels: ["a", "b"]))
        dataset.itemAttributes = attributes
        return TrainingData(dataset: dataset, train: board.train, validation: InteractionTable.empty(like: board.train))
    }

    /// `conformanceFit` over a training view with side information.
    static func fit(_ data: TrainingData, _ make: @escaping () -> any Recommender) -> () throws -> ModelConformance.Fitted {
        {
            let model = make()
            try model.fit(data, observer: nil)
            return ModelConformance.Fitted(score: { model.score(users: $0, items: nil) }, roundTrip: {
                let restored = make()
                try saveAndLoad(model, into: restored)
                return { restored.score(users: $0, items: nil) }
            })
        }
    }

}

/// A stub model whose scores are a fixed users × items matrix (fit does nothing).
final class FixedScores: Recommender {
    let typeName = "fixed_scores"
    private(set) var matrix: DenseMatrix

    init(_ matrix: DenseMatrix) { self.matrix = matrix }

    /// Rows given as arrays.
    convenience init(_ rows: [[Float]]) {
        self.init(DenseMatrix(rows: rows.count, cols: rows.first?.count ?? 0, storage: rows.flatMap { $0 }))
    }

    func fit(_ data: TrainingData, observer: (any TrainingObserver)?) throws {}

    func score(users: [Int32], items: [Int32]?) -> DenseMatrix {
        let cols = items ?? (0..<Int32(matrix.cols)).map { $0 }
        var out = DenseMatrix(rows: users.count, cols: cols.count)
        for (r, u) in users.enumerated() { for (c, i) in cols.enumerated() { out[r, c] = matrix[Int(u), Int(i)] } }
        return out
    }

    func save(to group: HDF5Group) throws {
        try group.setAttribute("type", typeName)
        try group.write("scores", matrix: matrix)
    }

    func load(from group: HDF5Group) throws { matrix = try group.readDenseMatrix("scores") }
}

/// Records which model each epoch was reported for.
final class ModelRecorder: TrainingObserver {
    var models: [ObjectIdentifier] = []
    func epochEnded(epoch: Int, losses: [String: Double], model: any Recommender) -> Bool {
        models.append(ObjectIdentifier(model)); return true
    }
}
