/// A model that takes a user's new history without retraining: the serving path folds events in
/// (Gorse's online update; the "fold-in" of Hu, Koren & Volinsky 2008 §4), so the next scores
/// follow what the user did a minute ago.
///
/// The user's whole current history is passed each time (what they did before, plus the new events),
/// and the model recomputes that user's own state from it against its fixed item-side state. A user
/// index equal to `foldInUserCount` adds a new user; the result is the same whatever history the
/// index had before.
public protocol FoldsInUsers: Recommender {
    /// How many users the model holds state for (the next new user's index).
    var foldInUserCount: Int { get }
    /// Recomputes user `user`'s state from their history: item indices with their training values
    /// (ratings, or 1 for implicit data), in any order, each item at most once.
    /// `user` is at most `foldInUserCount`; an empty history is a user with no data.
    func foldIn(user: Int32, items: [Int32], values: [Float])
}
