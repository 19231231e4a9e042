import RecCore

/// How a user's training interactions weigh the items in their profile (`ProfileCosine`).
enum ProfileWeighting: Sendable {
    /// Every training item weighs 1.
    case binary
    /// An item weighs its training value (the rating; 1 for implicit data).
    case rating
    /// An item weighs its rating minus the user's mean rating, so liked items pull the profile towards
    /// themselves and disliked ones push it away (Lops, de Gemmis & Semeraro 2011, content-based
    /// profiles from explicit ratings). A user whose ratings are all equal falls back to `binary`.
    case centred

    /// The users × items weight matrix `w_uj` from the users × items training matrix.
    func weights(_ userItem: CSRMatrix) -> CSRMatrix {
        var values = userItem.values
        switch self {
        case .binary:
            for p in values.indices { values[p] = 1 }
        case .rating:
            break
        case .centred:
            for u in 0..<userItem.rows {
                let lo = userItem.indptr[u], hi = userItem.indptr[u + 1]
                guard hi > lo else { continue }
                var sum = 0.0
                for p in lo..<hi { sum += Double(values[p]) }
                let mean = Float(sum / Double(hi - lo))
                var allZero = true
                for p in lo..<hi { values[p] -= mean; if values[p] != 0 { allZero = false } }
                if allZero { for p in lo..<hi { values[p] = 1 } }
            }
        }
        return CSRMatrix(rows: userItem.rows, cols: userItem.cols, indptr: userItem.indptr,
                         indices: userItem.indices, values: values)
    }
}

/// Passes a component's epochs on to the runner's observer as epochs of the composite model that
/// owns it, so validation, early stopping and best-epoch snapshots see (and save) the composite.
final class ForwardingObserver: TrainingObserver {
    let inner: any TrainingObserver
    unowned let owner: any Recommender

    init(_ inner: any TrainingObserver, owner: any Recommender) { self.inner = inner; self.owner = owner }

    func epochEnded(epoch: Int, losses: [String: Double], model: any Recommender) -> Bool {
        inner.epochEnded(epoch: epoch, losses: losses, model: owner)
    }
}
