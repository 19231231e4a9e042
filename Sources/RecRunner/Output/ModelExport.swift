import Foundation
import RecData
import RecSpec

/// `output.save_models`: the run folder's `models/`, written from the models the trial store kept.
///
/// `models/<model>.h5` is each model's selected configuration — its refit when the run refits — for
/// the first seed of the spec and the first fold, with the data it was trained on (`SavedModel`);
/// with `all`, `models/<model>/config<c>-seed<s>[-fold<f>][-refit].h5` holds every trial's model too.
enum ModelExport {
    /// Writes the files and returns their paths. A model that cannot be written is a warning through
    /// `log` (the tables are already safe); the run goes on.
    static func write(spec: ExperimentSpec, records: [TrialRecord], contexts: RunContexts, folds: [FoldData], store: TrialStore,
                      folder: String, warn: (String) -> Void) -> [String] {
        guard spec.output.saveModels != .none else { return [] }
        let dataKeys = Dictionary(folds.map { ($0.fold ?? -1, $0.cacheKey) }, uniquingKeysWith: { a, _ in a })
        let selection = ModelSelection(spec: spec, records: records.filter { $0.refit != true })
        var written: [String] = []
        func export(_ r: TrialRecord, to path: String) {
            let fold = r.fold ?? -1
            guard let context = (r.refit == true ? contexts.refit?[fold] : contexts.sweep[fold]) else { return }
            do {
                var saved = try SavedModel.read(from: store.modelPath(r.id))
                saved.header.model = r.model
                saved.header.datasetKey = dataKeys[fold] ?? ""
                saved.data = context.prepared
                try saved.write(to: path)
                written.append(path)
            } catch {
                warn("warning: model \(r.model) not saved to \(path): \(error)")
            }
        }
        for model in spec.models {
            let finished = records.filter { $0.model == model.name && $0.status == "ok" }
            let refits = finished.filter { $0.refit == true }
            let candidates = refits.isEmpty ? finished.filter { $0.configIndex == selection.best[model.name] } : refits
            let first = candidates.min { a, b in
                ((a.fold ?? -1), spec.seeds.firstIndex(of: a.seed) ?? .max) < ((b.fold ?? -1), spec.seeds.firstIndex(of: b.seed) ?? .max)
            }
            if let first { export(first, to: "\(folder)/models/\(model.name).h5") }
            guard spec.output.saveModels == .all else { continue }
            for r in finished {
                let name = "config\(r.configIndex)-seed\(r.seed)" + (r.fold.map { "-fold\($0)" } ?? "") + (r.refit == true ? "-refit" : "")
                export(r, to: "\(folder)/models/\(model.name)/\(name).h5")
            }
        }
        return written
    }
}
