import Foundation
import RecCore
import RecData
import RecSpec

/// Writes the exact train / validation / test partitions a spec's trials use as tab-separated files,
/// so that peer libraries (Surprise, implicit, RecBole) can be measured on the same data.
///
/// Each file has the header `user_id item_id rating timestamp` and one interaction per line, with the
/// dataset's external ids (MovieLens ids for ML-100K); `rating` is empty for implicit data and
/// `timestamp` when the source has none (so both read back as absent). Files are written atomically. They read back as a predefined
/// split (`dataset.predefined`, the layout recognised from the header by `SplitFileLayout`), which with
/// `side_data` naming the source gives the spec's metrics again (see `SideDataJoin` for why the ids
/// keep their order).
///
/// ```swift
/// let files = try SplitExporter(spec: spec, datasetsRoot: "datasets").export(to: "/tmp/split", fold: nil)
/// ```
public struct SplitExporter: Sendable {
    /// The parsed experiment spec whose dataset and split are exported.
    public let spec: ExperimentSpec
    /// Datasets root (known datasets and the cache).
    public let datasetsRoot: String

    /// Prepares an exporter.
    public init(spec: ExperimentSpec, datasetsRoot: String) {
        self.spec = spec; self.datasetsRoot = datasetsRoot
    }

    /// Writes `train.tsv`, `validation.tsv` and `test.tsv` under `folder` (created if needed) for `fold`
    /// (k-fold specs; nil means the spec's own split, fold 0 for `"fold": "all"`). Returns the paths
    /// with their row counts.
    @discardableResult
    public func export(to folder: String, fold: Int?, log: @escaping @Sendable (String) -> Void = { _ in }) throws -> [(path: String, rows: Int)] {
        let request = try spec.dataRequest(fold: fold, root: datasetsRoot)
        let prepared = try DataPipeline(log: log).prepare(request)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let parts = [("train", prepared.split.train), ("validation", prepared.split.validation), ("test", prepared.split.test)]
        return try parts.map { name, table in
            let path = (folder as NSString).appendingPathComponent("\(name).tsv")
            try AtomicFile.write(Self.render(table, dataset: prepared.dataset), to: path)
            return (path, table.count)
        }
    }

    /// The TSV text of `table` with external ids.
    static func render(_ table: InteractionTable, dataset: Dataset) -> Data {
        var out = Data()
        out.reserveCapacity(table.count * 24 + 32)
        out.append(contentsOf: "user_id\titem_id\trating\ttimestamp\n".utf8)
        var line = ""
        for k in 0..<table.count {
            line.removeAll(keepingCapacity: true)
            line += dataset.users.id(at: table.users[k]); line += "\t"
            line += dataset.items.id(at: table.items[k]); line += "\t"
            // Implicit data has no rating: the column stays empty, so it reads back as implicit.
            if let ratings = table.ratings {
                let r = ratings[k]
                line += r == r.rounded() ? String(Int(r)) : String(r)
            }
            line += "\t"
            if let ts = table.timestamps { line += String(ts[k]) }
            line += "\n"
            out.append(contentsOf: line.utf8)
        }
        return out
    }
}
