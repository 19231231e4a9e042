import RecCore
import RecData
import RecProfiles

/// Everything a model may learn from: the training interactions (as a table and as CSR matrices in
/// both orientations), the validation interactions for early stopping, and the dataset's side
/// information (user/item attributes, knowledge graph). Test interactions are never in here.
public struct TrainingData: Sendable {
    /// The dataset (index maps, attributes, knowledge graph). Its `interactions` hold every split:
    /// models must not read them; use `train`.
    public let dataset: Dataset
    /// Training interactions.
    public let train: InteractionTable
    /// Validation interactions (empty when the split has none).
    public let validation: InteractionTable
    /// Users × items matrix of training values (ratings, or 1 for implicit data).
    public let userItem: CSRMatrix
    /// Items × users matrix of training values (the transpose of `userItem`).
    public let itemUser: CSRMatrix
    /// User profiles built from the training interactions as the spec's `profiles.users` asks, when
    /// it does; models that use profiles build the defaults themselves otherwise.
    public var userProfiles: ProfileMatrix?
    /// Item profiles (`profiles.items`), likewise.
    public var itemProfiles: ProfileMatrix?

    /// Number of users in the index space (including users with no training data).
    public var userCount: Int { dataset.userCount }
    /// Number of items in the index space (including items with no training data).
    public var itemCount: Int { dataset.itemCount }
    /// Whether training values are explicit ratings.
    public var hasRatings: Bool { train.ratings != nil }

    /// Builds the training view of a prepared dataset's split.
    public init(dataset: Dataset, train: InteractionTable, validation: InteractionTable) {
        self.dataset = dataset
        self.train = train
        self.validation = validation
        userItem = train.byUser(userCount: dataset.userCount, itemCount: dataset.itemCount)
        itemUser = userItem.transposed()
    }

    /// The training view of `prepared.split` (train and validation).
    public init(_ prepared: PreparedData) {
        self.init(dataset: prepared.dataset, train: prepared.split.train, validation: prepared.split.validation)
    }

    /// Mean of the training values (the global mean rating for explicit data).
    public var globalMean: Double {
        train.count == 0 ? 0 : userItem.values.reduce(0.0) { $0 + Double($1) } / Double(userItem.nnz)
    }
}
