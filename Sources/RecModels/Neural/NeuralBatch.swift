import Foundation
import RecAutodiff
import RecCore

/// One mini-batch of a neural recommender: embedding rows (an entity's own row or the shared
/// unknown row), the constant profile features of each sample (user features ⊕ item features), and
/// the dropout seed when training with dropout.
///
/// ```swift
/// let batch = NeuralBatch(users: [0, 943], items: [5, 7], features: Tensor(rows: 2, cols: 0), dropout: 0, dropoutSeed: nil)
/// ```
struct NeuralBatch {
    /// Embedding row per sample (index `userCount` = the unknown user).
    var users: [Int32]
    /// Embedding row per sample (index `itemCount` = the unknown item).
    var items: [Int32]
    /// samples × (user features + item features); zero columns when profiles are off.
    var features: Tensor
    /// Dropout rate on the tower output (0 = none).
    var dropout: Float
    /// Seed of the dropout mask (nil at inference).
    var dropoutSeed: UInt64?
}

/// The training samples of one epoch, generated under a seed: the positives — every training
/// interaction once in a fresh order, or with user balance β > 0 `nnz` draws of a user (∝ n_u^(1−β))
/// and one of their items — each followed in `bce` mode by `negatives` items drawn uniformly from
/// those the user has not interacted with (label 0). Cold dropout replaces the user by the unknown row
/// with probability `coldDropout`, and independently the item with `itemColdDropout` — the embedding
/// and the profile row both become cold.
struct NeuralEpochSamples {
    var users: [Int32] = [], items: [Int32] = []
    var coldUser: [Bool] = [], coldItem: [Bool] = []
    var labels: [Float] = []

    init(train: CSRMatrix, ratingOffset: Float?, negatives: Int, coldDropout: Float, itemColdDropout: Float,
         userBalance: Float = 0, rng: inout SeededGenerator) {
        let nItems = train.cols
        var rowOf = [Int32](repeating: 0, count: train.nnz)
        for u in 0..<train.rows { for p in train.indptr[u]..<train.indptr[u + 1] { rowOf[p] = Int32(u) } }
        let order = userBalance > 0 ? Self.balancedPositives(train, beta: userBalance, rng: &rng)
                                    : Self.shuffledPositives(train.nnz, rng: &rng)
        let perPositive = ratingOffset == nil ? 1 + negatives : 1
        let capacity = train.nnz * perPositive
        users.reserveCapacity(capacity); items.reserveCapacity(capacity); labels.reserveCapacity(capacity)
        for e in order {
            let p = Int(e), u = Int(rowOf[p])
            users.append(Int32(u)); items.append(train.indices[p])
            labels.append(ratingOffset.map { train.values[p] - $0 } ?? 1)
            guard ratingOffset == nil else { continue }
            let lo = train.indptr[u], hi = train.indptr[u + 1]
            if hi - lo >= nItems { continue }
            for _ in 0..<negatives {
                var j = Int32(rng.nextInt(below: nItems))
                while Self.contains(train.indices, lo, hi, j) { j = Int32(rng.nextInt(below: nItems)) }
                users.append(Int32(u)); items.append(j); labels.append(0)
            }
        }
        coldUser = [Bool](repeating: false, count: users.count)
        coldItem = coldUser
        if coldDropout > 0 || itemColdDropout > 0 {
            for k in 0..<users.count {
                coldUser[k] = rng.nextFloat() < coldDropout
                coldItem[k] = rng.nextFloat() < itemColdDropout
            }
        }
    }

    /// Every interaction position once, in a random order.
    private static func shuffledPositives(_ nnz: Int, rng: inout SeededGenerator) -> [Int32] {
        var order = (0..<Int32(nnz)).map { $0 }
        rng.shuffle(&order)
        return order
    }

    /// `nnz` interaction positions: a user drawn with probability ∝ n_u^(1−β) (inverse CDF by binary
    /// search), then one of their interactions uniformly.
    static func balancedPositives(_ train: CSRMatrix, beta: Float, rng: inout SeededGenerator) -> [Int32] {
        var cumulative = [Double](repeating: 0, count: train.rows)
        var total = 0.0
        for u in 0..<train.rows {
            let n = train.indptr[u + 1] - train.indptr[u]
            if n > 0 { total += Double(pow(Float(n), 1 - beta)) }
            cumulative[u] = total
        }
        guard total > 0 else { return [] }
        var out = [Int32](repeating: 0, count: train.nnz)
        for k in 0..<train.nnz {
            let x = rng.nextDouble() * total
            var lo = 0, hi = train.rows - 1
            while lo < hi { let m = (lo + hi) / 2; if cumulative[m] <= x { lo = m + 1 } else { hi = m } }
            let start = train.indptr[lo], n = train.indptr[lo + 1] - start
            out[k] = Int32(start + rng.nextInt(below: n))
        }
        return out
    }

    var count: Int { users.count }

    /// Binary search of `j` in the sorted `indices[lo..<hi]`.
    private static func contains(_ indices: [Int32], _ lo: Int, _ hi: Int, _ j: Int32) -> Bool {
        var a = lo, b = hi
        while a < b {
            let m = (a + b) / 2
            if indices[m] < j { a = m + 1 } else { b = m }
        }
        return a < hi && indices[a] == j
    }

    /// The batch of samples `range` with their feature rows.
    func batch(_ range: Range<Int>, users side: NeuralSide, items itemSide: NeuralSide,
               dropout: Float, dropoutSeed: UInt64?) -> (NeuralBatch, Tensor) {
        let n = range.count, fu = side.featureCount, fi = itemSide.featureCount, width = fu + fi
        var us = [Int32](repeating: 0, count: n), its = [Int32](repeating: 0, count: n)
        var feats = [Float](repeating: 0, count: n * width)
        for (k, s) in range.enumerated() {
            let u = Int(users[s]), i = Int(items[s])
            us[k] = coldUser[s] ? Int32(side.count) : Int32(u)
            its[k] = coldItem[s] ? Int32(itemSide.count) : Int32(i)
            if fu > 0 {
                let src = coldUser[s] ? side.coldValues.storage : side.values.storage
                for c in 0..<fu { feats[k * width + c] = src[u * fu + c] }
            }
            if fi > 0 {
                let src = coldItem[s] ? itemSide.coldValues.storage : itemSide.values.storage
                for c in 0..<fi { feats[k * width + fu + c] = src[i * fi + c] }
            }
        }
        let batch = NeuralBatch(users: us, items: its, features: Tensor(rows: n, cols: width, scalars: feats),
                                dropout: dropout, dropoutSeed: dropoutSeed)
        return (batch, Tensor(column: Array(labels[range])))
    }
}
