import RecData
import RecSQL

/// The data a spec's trials run on, as the request RecData's pipeline takes. The options are
/// RecData's own types, read from the spec as they are, so this only assembles them.
extension ExperimentSpec {
    /// The data request for one fold of a k-fold split with `"fold": "all"` (fold 0 when `fold` is
    /// nil), or for the spec's own split. Relative predefined files are taken relative to
    /// `dataset.source`, as `reclab plan` checks them; their side data (`dataset.predefined.side_data`)
    /// is a dataset named as `source` names one.
    ///
    /// ```swift
    /// let prepared = try DataPipeline().prepare(spec.dataRequest(fold: nil, root: "datasets"))
    /// ```
    public func dataRequest(fold: Int?, root: String) throws -> DataRequest {
        DataRequest(source: try dataset.dataSource(), preprocessing: dataset.preprocessing,
                    split: split.method(forFold: fold ?? split.folds?.first), splitSeed: split.seed, root: root)
    }
}

extension DatasetSpec {
    /// Where the data comes from, in the pipeline's terms.
    func dataSource() throws -> DataSource {
        if let known = knownSource, known != .synthetic { return .known(known.rawValue) }
        switch format {
        case .synthetic:
            return .synthetic(SyntheticOptions(synthetic ?? SyntheticSize()))
        case .predefined:
            guard let files = predefined?.resolved(against: source) else {
                throw DataError.invalidOption(name: "dataset.predefined", detail: "missing train/test files")
            }
            return files.dataSource(options: delimited)
        case .atomic: return .path(source ?? "", format: .atomic)
        case .grouplens: return .path(source ?? "", format: .groupLens)
        case .delimited: return .path(source ?? "", format: .delimited(delimited ?? DelimitedOptions()))
        case .sql:
            guard let sql else { throw DataError.invalidOption(name: "dataset.source", detail: "format 'sql' needs the source as an object") }
            return .sql(SQLSource(sql, origin: "dataset.source", connector: SQLDrivers()))
        case .auto:
            guard let s = source else { return .known("synthetic") }
            return DataSource.parse(s)
        }
    }
}

extension ExperimentSpec {
    /// The spec's dataset, preprocessed but not split: what `reclab replay` orders by time.
    public func unsplitDataRequest(root: String) throws -> DataRequest {
        DataRequest(source: try dataset.dataSource(), preprocessing: dataset.preprocessing, split: nil, splitSeed: split.seed, root: root)
    }
}
