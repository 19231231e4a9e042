import RecCore
import RecData
import RecHDF5

/// The HDF5 files of a run, one group per stored trial (attributes `model`, `parameters`, `seed`;
/// two models of the spec with the same type and configuration share one trial, whose `model`
/// attribute names both, comma-separated):
/// `traces.h5` (`<trial>/<quantity>/{epoch, value}`) and `per_user.h5` (every successful trial's
/// `<split>/{ranking,rating}/{users, values/<metric>}` gathered from the trial store), so h5py
/// users can pair trials user by user without RecLab. Both are written atomically.
enum HDF5Writer {
    /// Writes `traces.h5` at `path`: traced trials only, quantities by name (`/` becomes `_`).
    static func traces(_ records: [TrialRecord], to path: String) throws {
        try SealedFile.produce(path) { tmp in
            let f = try HDF5File.create(path: tmp)
            defer { f.close() }
            let models = sharedModels(records)
            var written = Set<String>()
            for r in records where !r.trace.isEmpty && written.insert(r.id).inserted {
                let g = try f.root.createGroup(r.id)
                try g.setAttribute("model", models[r.id] ?? r.model)
                try g.setAttribute("parameters", r.parameterText)
                try g.setAttribute("seed", Int64(bitPattern: r.seed))
                for name in Set(r.trace.map(\.name)).sorted() {
                    let rows = r.trace.filter { $0.name == name }
                    let q = try g.createGroup(name.replacingOccurrences(of: "/", with: "_"))
                    try q.write("epoch", rows.map { Int32($0.epoch) })
                    try q.write("value", rows.map(\.value))
                }
            }
        }
    }

    /// Writes `per_user.h5` at `path` from the per-user files in `store` (a trial whose file cannot
    /// be opened is left out); groups of k-fold trials also carry their `fold`.
    static func perUser(_ records: [TrialRecord], store: TrialStore, to path: String) throws {
        try SealedFile.produce(path) { tmp in
            let out = try HDF5File.create(path: tmp)
            defer { out.close() }
            let models = sharedModels(records)
            var written = Set<String>()
            for r in records where r.status == "ok" && written.insert(r.id).inserted {
                let path = store.perUserPath(r.id)
                guard SealedFile.check(path) == .intact, let f = try? HDF5File.open(path: path, readOnly: true) else { continue }
                defer { f.close() }
                let g = try out.root.createGroup(r.id)
                try g.setAttribute("model", models[r.id] ?? r.model)
                try g.setAttribute("parameters", r.parameterText)
                try g.setAttribute("seed", Int64(bitPattern: r.seed))
                if let fold = r.fold { try g.setAttribute("fold", Int64(fold)) }
                for split in f.root.memberNames() where f.root.isGroup(split) {
                    for kind in ["ranking", "rating"] where (try? f.root.openGroup(split))?.contains(kind) == true {
                        let src = try f.root.openGroup("\(split)/\(kind)")
                        let dst = try g.createGroup("\(split)/\(kind)")
                        let users: [Int32] = try src.read("users")
                        try dst.write("users", users)
                        let vs = try src.openGroup("values")
                        let vd = try dst.createGroup("values")
                        for name in vs.memberNames() { try vd.write(name, try vs.read(name) as [Double]) }
                    }
                }
            }
        }
    }

    /// Each stored trial's model names, comma-separated, in record order.
    static func sharedModels(_ records: [TrialRecord]) -> [String: String] {
        var names: [String: [String]] = [:]
        for r in records where !(names[r.id]?.contains(r.model) ?? false) { names[r.id, default: []].append(r.model) }
        return names.mapValues { $0.joined(separator: ",") }
    }
}
