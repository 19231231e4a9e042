import Foundation
import RecCore
import RecData
import RecHDF5
import RecTestSupport
@testable import RecModels

/// Training view of a checkerboard (train = all of its interactions, no validation).
func trainingData(_ board: Checkerboard) -> TrainingData {
    TrainingData(dataset: board.dataset, train: board.train, validation: InteractionTable.empty(like: board.train))
}

/// Training view of an interaction table over `users` × `items`.
func trainingData(users: Int, items: Int, table: InteractionTable) -> TrainingData {
    let ds = Dataset(name: "test", users: IndexMap((0..<users).map { "u\($0)" }),
                     items: IndexMap((0..<items).map { "i\($0)" }), interactions: table)
    return TrainingData(dataset: ds, train: table, validation: InteractionTable.empty(like: table))
}

/// Adapts a model factory to the protocol-free conformance check: fits a fresh model, and round-trips
/// it through an HDF5 file into another fresh model.
func conformanceFit(_ board: Checkerboard, _ make: @escaping () -> any Recommender) -> () throws -> ModelConformance.Fitted {
    {
        let model = make()
        try model.fit(trainingData(board), observer: nil)
        return ModelConformance.Fitted(score: { model.score(users: $0, items: nil) }, roundTrip: {
            let restored = make()
            try saveAndLoad(model, into: restored)
            return { restored.score(users: $0, items: nil) }
        })
    }
}

/// Saves `model` to a temporary HDF5 file and loads it into `restored` (which throws when it cannot
/// take the saved state).
func saveAndLoad(_ model: any Recommender, into restored: any Recommender) throws {
    let dir = try Fixtures.temporaryDirectory("models")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("model.h5").path
    let file = try HDF5File.create(path: path)
    try model.save(to: file.root.createGroup("model"))
    file.close()
    let reopened = try HDF5File.open(path: path, readOnly: true)
    defer { reopened.close() }
    try restored.load(from: reopened.root.openGroup("model"))
}

/// Records every epoch's losses.
final class LossRecorder: TrainingObserver {
    var losses: [[String: Double]] = []
    func epochEnded(epoch: Int, losses: [String: Double], model: any Recommender) -> Bool {
        self.losses.append(losses); return true
    }
}
