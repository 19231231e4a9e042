import RecData
import RecSpec

/// Maps a spec's `dataset` and `split` sections onto the data layer's request types. RecSpec knows
/// nothing of RecData; this is the one place the two vocabularies meet.
public enum SpecDataMapping {
    /// The data request for `spec`, for one fold (k-fold with `"fold": "all"`) or the spec's own split.
    public static func request(for spec: ExperimentSpec, fold: Int?, root: String) throws -> DataRequest {
        DataRequest(source: try source(spec.dataset), preprocessing: preprocessing(spec.dataset.preprocessing),
                    split: spec.split.method(forFold: fold ?? spec.split.folds?.first), splitSeed: spec.split.seed, root: root)
    }

    static func source(_ d: DatasetSpec) throws -> DataSource {
        if let known = d.knownSource, known != .synthetic { return .known(known.rawValue) }
        switch d.format {
        case .synthetic:
            let s = d.synthetic ?? RecSpec.SyntheticOptions()
            return .synthetic(RecData.SyntheticOptions(users: s.users, items: s.items, interactions: s.interactions, seed: s.seed))
        case .predefined:
            guard let p = d.predefined else { throw DataError.invalidOption(name: "dataset.predefined", detail: "missing train/test files") }
            return .predefined(train: p.train, validation: p.validation, test: p.test, options: delimited(d.delimited ?? RecSpec.DelimitedOptions()))
        case .atomic: return .path(d.source ?? "", format: .atomic)
        case .grouplens: return .path(d.source ?? "", format: .groupLens)
        case .delimited: return .path(d.source ?? "", format: .delimited(delimited(d.delimited ?? RecSpec.DelimitedOptions())))
        case .auto:
            guard let s = d.source else { return .known("synthetic") }
            return DataSource.parse(s)
        }
    }

    static func delimited(_ o: RecSpec.DelimitedOptions) -> RecData.DelimitedOptions {
        func col(_ c: RecSpec.ColumnRef) -> RecData.ColumnRef {
            switch c {
            case .index(let i): return .index(i)
            case .name(let n): return .name(n)
            }
        }
        return RecData.DelimitedOptions(delimiter: o.delimiter, hasHeader: o.header, user: col(o.user), item: col(o.item),
                                        rating: o.rating.map(col), timestamp: o.timestamp.map(col),
                                        encoding: o.encoding == .latin1 ? .latin1 : .utf8)
    }

    static func preprocessing(_ p: PreprocessingSpec) -> PreprocessingOptions {
        PreprocessingOptions(duplicates: DuplicatePolicy(rawValue: p.duplicates.rawValue) ?? .keepLast,
                             implicitThreshold: p.implicitThreshold.map { Float($0) },
                             minUserInteractions: p.minUserInteractions, minItemInteractions: p.minItemInteractions,
                             userCore: p.userCore, itemCore: p.itemCore)
    }
}
