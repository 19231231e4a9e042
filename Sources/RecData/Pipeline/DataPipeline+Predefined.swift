/// Predefined split files, alone or joined with a dataset's side data, in the pipeline's terms.
extension DataPipeline {
    /// The cache-key description, source files and builder of `loader`'s files joined with the side
    /// data of `sideData` (see `SideDataJoin`).
    ///
    /// Without side data the description and files are what they always were, so such cache keys do
    /// not move. With it, the side dataset's loader description and every file it reads (for
    /// ML-100K `.inter`, `.user`, `.item`, `.kg`, `.link`) join the key: a changed `.kg` is a new entry.
    func resolvePredefined(_ loader: PredefinedSplitLoader, sideData: DataSource?, root: String) throws
        -> (String, [String], Builder) {
        let description = "predefined:\(loader.options.cacheDescription)"
        let files = try loader.sourceFiles()
        guard let sideData else {
            return (description, files, {
                let p = try loader.loadWithSplit()
                return (p.dataset, p.split)
            })
        }
        let (sideDescription, sideFiles, buildSide) = try resolve(DataRequest(source: sideData, root: root))
        return (description + ";side=" + sideDescription, files + sideFiles, {
            let join = SideDataJoin(split: try loader.loadWithSplit(), sideData: try buildSide().0)
            log(join.summary)
            return (join.prepared.dataset, join.prepared.split)
        })
    }
}
