import RecCore

/// A predefined split joined with the side data of another dataset — its user and item attributes
/// and its knowledge graph — over one shared index space, so that attribute, profile and
/// knowledge-graph models run on a split that came as files (`dataset.predefined.side_data`).
///
/// ```swift
/// let split = try PredefinedSplitLoader(train: "export/train.tsv", test: "export/test.tsv",
///                                       options: SplitFileLayout.recognise("export/train.tsv")).loadWithSplit()
/// let joined = SideDataJoin(split: split, sideData: try AtomicFileLoader(folder: "datasets/ml-100k").load())
/// joined.prepared.dataset.knowledgeGraph?.linkedItemCount
/// ```
///
/// External ids are matched as text: a user or item of the split files is the side dataset's entity
/// with the same id.
/// - **Order.** The side dataset's users and items that occur in a split file come first, in the
///   side dataset's own order; ids only in the split files follow in file order (train, validation,
///   test). Models draw their initial weights and sampled negatives by index, so the same data under
///   another index order gives other numbers; the side dataset's order is the order a run on that
///   dataset uses (preprocessing only removes entities and keeps the rest in order), which makes a
///   split exported from such a run (`reclab data export`) reproduce its metrics exactly.
/// - **Entities in the split only** get missing attributes (code −1, `NaN`, no categories) and no
///   entity link.
/// - **Entities in the side data only** are dropped, with their attributes and item links (the
///   graph's own entities and triples all stay): the split files hold every interaction of the
///   experiment, so such an entity can be neither trained nor tested on, and an item kept would be a
///   never-seen candidate in every full ranking. A run whose preprocessing removed entities exported
///   the same population; a run that kept items nobody interacted with cannot be carried by its split
///   files, and ranks over more items than the predefined split does.
public struct SideDataJoin: Sendable {
    /// The split over the shared index space, with the side data's attributes and knowledge graph.
    public let prepared: PreparedData
    /// Users and items of the split files that the side data does not have.
    public let splitOnlyUsers: Int, splitOnlyItems: Int
    /// Users and items of the side data that no split file has (dropped).
    public let droppedUsers: Int, droppedItems: Int

    /// Joins `split` (as `PredefinedSplitLoader` reads it) with the side data of `sideData`; its
    /// interactions are not used.
    public init(split: PreparedData, sideData side: Dataset) {
        let users = Self.sharedOrder(split: split.dataset.users, side: side.users)
        let items = Self.sharedOrder(split: split.dataset.items, side: side.items)
        func remapped(_ table: InteractionTable) -> InteractionTable {
            var t = table
            t.users = t.users.map { users.remap[Int($0)] }
            t.items = t.items.map { items.remap[Int($0)] }
            return t
        }
        let dataset = Dataset(name: split.dataset.name, users: users.map, items: items.map,
                              interactions: remapped(split.dataset.interactions),
                              userAttributes: side.userAttributes.reindexed(users.sideRows),
                              itemAttributes: side.itemAttributes.reindexed(items.sideRows),
                              knowledgeGraph: side.knowledgeGraph?.reindexedItems(items.sideRows))
        prepared = PreparedData(dataset: dataset, split: DataSplit(train: remapped(split.split.train),
                                                                   validation: remapped(split.split.validation),
                                                                   test: remapped(split.split.test)))
        splitOnlyUsers = users.sideRows.lazy.filter { $0 < 0 }.count
        splitOnlyItems = items.sideRows.lazy.filter { $0 < 0 }.count
        droppedUsers = side.userCount - (users.map.count - splitOnlyUsers)
        droppedItems = side.itemCount - (items.map.count - splitOnlyItems)
    }

    /// One line for the run log.
    public var summary: String {
        "side data joined: \(splitOnlyUsers) users and \(splitOnlyItems) items of the split files have no side data; "
            + "\(droppedUsers) users and \(droppedItems) items of the side data are in no split file (dropped)"
    }

    /// The shared map (side ids present in the split, in side order, then split-only ids in split
    /// order), the split index → shared index remap, and for each shared index its side row (−1: none).
    private static func sharedOrder(split: IndexMap, side: IndexMap) -> (map: IndexMap, remap: [Int32], sideRows: [Int]) {
        var map = IndexMap(), sideRows = [Int]()
        for (row, id) in side.ids.enumerated() where split.index(of: id) != nil {
            map.insert(id); sideRows.append(row)
        }
        for id in split.ids where side.index(of: id) == nil {
            map.insert(id); sideRows.append(-1)
        }
        let remap = split.ids.map { map.index(of: $0)! }
        return (map, remap, sideRows)
    }
}
