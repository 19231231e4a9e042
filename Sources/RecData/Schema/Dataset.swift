import RecCore

/// A loaded dataset in RecLab's one in-memory schema: index maps for users and items, the
/// interactions, user and item attributes, and an optional knowledge graph.
///
/// Every loader produces this; preprocessing and splitting consume it; the HDF5 cache stores it.
public struct Dataset: Sendable, Equatable {
    /// Human-readable name (`ml-100k`, `synthetic`, a file name).
    public var name: String
    /// External user ids ↔ dense user indices.
    public var users: IndexMap
    /// External item ids ↔ dense item indices.
    public var items: IndexMap
    /// All interactions.
    public var interactions: InteractionTable
    /// Attributes per user (row = dense user index).
    public var userAttributes: AttributeTable
    /// Attributes per item (row = dense item index).
    public var itemAttributes: AttributeTable
    /// Knowledge graph with item links, if the source has one.
    public var knowledgeGraph: KnowledgeGraph?

    /// Assembles a dataset from its parts.
    public init(name: String, users: IndexMap, items: IndexMap, interactions: InteractionTable,
                userAttributes: AttributeTable = AttributeTable(), itemAttributes: AttributeTable = AttributeTable(),
                knowledgeGraph: KnowledgeGraph? = nil) {
        self.name = name; self.users = users; self.items = items; self.interactions = interactions
        self.userAttributes = userAttributes; self.itemAttributes = itemAttributes; self.knowledgeGraph = knowledgeGraph
    }

    /// Number of users.
    public var userCount: Int { users.count }
    /// Number of items.
    public var itemCount: Int { items.count }
    /// Whether interactions carry explicit ratings.
    public var hasRatings: Bool { interactions.ratings != nil }

    /// Fraction of the user × item matrix that is observed.
    public var density: Double {
        userCount == 0 || itemCount == 0 ? 0 : Double(interactions.count) / (Double(userCount) * Double(itemCount))
    }

    /// The dataset restricted to kept users and items (renumbered densely, order preserved) and the
    /// interactions whose user and item are both kept.
    public func restricted(keepUsers: [Bool], keepItems: [Bool]) -> Dataset {
        let (um, uRemap) = users.compacted(keeping: keepUsers)
        let (im, iRemap) = items.compacted(keeping: keepItems)
        var keep = [Bool](repeating: false, count: interactions.count)
        for k in 0..<interactions.count {
            keep[k] = uRemap[Int(interactions.users[k])] >= 0 && iRemap[Int(interactions.items[k])] >= 0
        }
        var inter = interactions.filtered(keep)
        inter.users = inter.users.map { uRemap[Int($0)] }
        inter.items = inter.items.map { iRemap[Int($0)] }
        let userRows = keepUsers.indices.filter { keepUsers[$0] }
        let itemRows = keepItems.indices.filter { keepItems[$0] }
        return Dataset(name: name, users: um, items: im, interactions: inter,
                       userAttributes: userAttributes.reindexed(userRows),
                       itemAttributes: itemAttributes.reindexed(itemRows),
                       knowledgeGraph: knowledgeGraph?.reindexedItems(itemRows))
    }
}

/// Train / validation / test partitions of one dataset's interactions, over the same user and item
/// index space. Cold-start splits leave some users or items with no training rows at all.
public struct DataSplit: Sendable, Equatable {
    /// Interactions models may learn from.
    public var train: InteractionTable
    /// Interactions for model selection and early stopping (may be empty).
    public var validation: InteractionTable
    /// Interactions for final evaluation.
    public var test: InteractionTable

    /// Assembles a split.
    public init(train: InteractionTable, validation: InteractionTable, test: InteractionTable) {
        self.train = train; self.validation = validation; self.test = test
    }
}

/// A dataset together with one split of it: what models are trained and evaluated on, and what the
/// HDF5 cache stores.
public struct PreparedData: Sendable, Equatable {
    /// The preprocessed dataset (all interactions, attributes, knowledge graph).
    public var dataset: Dataset
    /// The split of `dataset.interactions`.
    public var split: DataSplit

    /// Pairs a dataset with a split.
    public init(dataset: Dataset, split: DataSplit) { self.dataset = dataset; self.split = split }
}
