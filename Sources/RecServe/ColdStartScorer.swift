import RecData
import RecProfiles

/// Scores for a user known only by attributes (`PUT /users/{id}`, no events yet): the items most
/// often chosen by the training users who share every given attribute value, damped towards overall
/// popularity so a small group stays sensible — `(n_gi + β·n_i/U) / (|g| + β)` with β = 10, the
/// formula of the `demographic_popularity` model. With no attributes this is plain popularity.
struct ColdStartScorer: Sendable {
    /// Training users per item (`n_i`).
    private let itemCounts: [Float]
    /// Each training user's items.
    private let userItems: [[Int32]]
    /// The dataset's user attributes as text per user (nil: missing), by attribute name.
    private let attributeText: [String: [String?]]
    private let damping: Float = 10
    /// Users with at least one training interaction (`U`).
    private let trainingUsers: Float

    /// Built from the saved model's training interactions and user attributes.
    init(train: InteractionTable, dataset: Dataset) {
        var items = [[Int32]](repeating: [], count: dataset.userCount)
        for k in 0..<train.count { items[Int(train.users[k])].append(train.items[k]) }
        userItems = items.map { Array(Set($0)) }
        var counts = [Float](repeating: 0, count: dataset.itemCount)
        for list in userItems { for i in list { counts[Int(i)] += 1 } }
        itemCounts = counts
        trainingUsers = Float(userItems.filter { !$0.isEmpty }.count)
        var text: [String: [String?]] = [:]
        for (name, column) in zip(dataset.userAttributes.names, dataset.userAttributes.columns) {
            text[name] = (0..<column.count).map { UserProfileReport.text(column, row: $0) }
        }
        attributeText = text
    }

    /// The attribute names a `PUT /users` body may use.
    var attributeNames: [String] { attributeText.keys.sorted() }

    /// Scores over every item for a user with `attributes` (unknown names are the caller's to refuse).
    func scores(attributes: [String: String]) -> [Float] {
        var group = [Float](repeating: 0, count: itemCounts.count)
        var size: Float = 0
        for u in userItems.indices where !userItems[u].isEmpty {
            guard attributes.allSatisfy({ attributeText[$0.key]?[u] == $0.value }) else { continue }
            size += 1
            for i in userItems[u] { group[Int(i)] += 1 }
        }
        return (0..<itemCounts.count).map { i in
            (group[i] + damping * itemCounts[i] / max(1, trainingUsers)) / (size + damping)
        }
    }
}
