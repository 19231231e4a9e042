import Dispatch
import RecCore

/// Measures training throughput of a representative recommender MLP: user and item embeddings
/// (943 × 32 and 1682 × 32, ML-100K's sizes) concatenated with 20 profile features, hidden layers
/// 64 and 32 (ReLU), one logit, binary cross-entropy, Adam. One step is forward + backward + update
/// on a batch; the result is samples per second (batches are pre-generated, so data loading is not
/// timed). Call it from a release build; `docs/autodiff.md` lists measured figures.
///
/// ```swift
/// let result = AutodiffBenchmark.run()          // about 1.5 s
/// let parallel = AutodiffBenchmark.run(threads: 2)
/// print(result.samplesPerSecond)
/// ```
public enum AutodiffBenchmark {
    /// Timing of one benchmark run.
    public struct Result: Sendable, CustomStringConvertible {
        public let batchSize: Int
        /// Threads computing shard gradients (1: serial).
        public let threads: Int
        public let steps: Int
        public let seconds: Double
        public let finalLoss: Float
        /// Training samples (forward + backward + Adam step) per second.
        public var samplesPerSecond: Double { Double(batchSize * steps) / seconds }
        /// Milliseconds per step.
        public var millisecondsPerStep: Double { 1000 * seconds / Double(steps) }
        public var description: String {
            "MLP train step, batch \(batchSize), \(threads) thread(s): \(Int(samplesPerSecond.rounded())) samples/s (\(String(format3(millisecondsPerStep))) ms/step, \(steps) steps)"
        }
    }

    /// The benchmark model: `[user ⊕ item ⊕ features] → 64 → 32 → 1`.
    struct Net: Module {
        var users: Embedding
        var items: Embedding
        var hidden1: Dense
        var hidden2: Dense
        var output: Dense

        struct Batch {
            let users: [Int32]
            let items: [Int32]
            let features: Tensor
            let labels: Tensor
            /// Share of the full batch (for data-parallel shards).
            var weight: Float = 1

            /// `parts` contiguous shards, each weighted by its share of the batch.
            func split(into parts: Int) -> [Batch] {
                let n = users.count
                return (0..<parts).map { p in
                    let lo = p * n / parts, hi = (p + 1) * n / parts
                    return Batch(users: Array(users[lo..<hi]), items: Array(items[lo..<hi]),
                                 features: features.slicingRows(lo..<hi),
                                 labels: Tensor(column: Array(labels.scalars[lo..<hi])), weight: Float(hi - lo) / Float(n))
                }
            }
        }

        @differentiable(reverse, wrt: self)
        func callAsFunction(_ batch: Batch) -> Tensor {
            let x = concatFeatures(users(batch.users), items(batch.items), batch.features)
            return output(hidden2(hidden1(x)))
        }

        mutating func visitParameters<V: ParameterVisitor>(_ v: inout V, along d: TangentVector) {
            users.visitParameters(&v, along: d.users)
            items.visitParameters(&v, along: d.items)
            hidden1.visitParameters(&v, along: d.hidden1)
            hidden2.visitParameters(&v, along: d.hidden2)
            output.visitParameters(&v, along: d.output)
        }
    }

    /// Runs `warmup` untimed steps, then `repetitions` timed rounds of `steps` steps each, and
    /// reports the fastest round (the least disturbed by other processes). With `threads` > 1 each batch is split
    /// into that many shards whose gradients are computed in parallel (`DataParallel`). OpenBLAS
    /// runs on one thread meanwhile (its pool size is restored afterwards).
    public static func run(batchSize: Int = 256, steps: Int = 1000, repetitions: Int = 3, warmup: Int = 300,
                           threads: Int = 1, seed: UInt64 = 1) -> Result {
        HeapTuning.keepFreedMemory()
        let blasThreads = BLAS.threads
        BLAS.setThreads(1)
        defer { BLAS.setThreads(blasThreads) }
        var rng = SeededGenerator(seed: seed)
        let (userCount, itemCount, dim, featureCount) = (943, 1682, 32, 20)
        var net = Net(users: Embedding(count: userCount, dimension: dim, generator: &rng),
                      items: Embedding(count: itemCount, dimension: dim, generator: &rng),
                      hidden1: Dense(inputSize: 2 * dim + featureCount, outputSize: 64, activation: .relu, generator: &rng),
                      hidden2: Dense(inputSize: 64, outputSize: 32, activation: .relu, generator: &rng),
                      output: Dense(inputSize: 32, outputSize: 1, generator: &rng))
        let batches = (0..<32).map { _ in
            Net.Batch(users: (0..<batchSize).map { _ in Int32(rng.nextInt(below: userCount)) },
                      items: (0..<batchSize).map { _ in Int32(rng.nextInt(below: itemCount)) },
                      features: Tensor(rows: batchSize, cols: featureCount, initializer: .uniform(limit: 1), generator: &rng),
                      labels: Tensor(column: (0..<batchSize).map { _ in rng.nextFloat() < 0.5 ? 1 : 0 }))
        }
        let shards = batches.map { $0.split(into: max(1, threads)) }
        let adam = Adam<Net>(learningRate: 1e-3)
        var loss: Float = 0
        func step(_ k: Int) {
            let (value, grad): (Float, Net.TangentVector)
            if threads > 1 {
                (value, grad) = DataParallel.valueWithGradient(at: net, shards: shards[k % batches.count], threads: threads) { net, shard in
                    shard.weight * sigmoidCrossEntropy(logits: net(shard), labels: shard.labels)
                }
            } else {
                let batch = batches[k % batches.count]
                (value, grad) = valueWithGradient(at: net) { net in
                    sigmoidCrossEntropy(logits: net(batch), labels: batch.labels)
                }
            }
            adam.update(&net, along: grad)
            loss = value
        }
        for k in 0..<warmup { step(k) }
        var seconds = Double.infinity
        for _ in 0..<max(1, repetitions) {
            let start = DispatchTime.now().uptimeNanoseconds
            for k in 0..<steps { step(k) }
            seconds = min(seconds, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return Result(batchSize: batchSize, threads: threads, steps: steps, seconds: seconds, finalLoss: loss)
    }
}

private func format3(_ x: Double) -> String {
    let scaled = (x * 1000).rounded() / 1000
    return "\(scaled)"
}
