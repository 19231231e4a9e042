import Dispatch
import RecCore

/// Measures training throughput of a representative recommender MLP: user and item embeddings
/// (943 × 32 and 1682 × 32, ML-100K's sizes) concatenated with 20 profile features, hidden layers
/// 64 and 32 (ReLU), one logit, binary cross-entropy, Adam. One step is forward + backward + update
/// on a batch; the result is samples per second (batches are pre-generated, so data loading is not
/// timed). Run it as `reclab bench autodiff` from a release build; `docs/autodiff.md` quotes its output.
///
/// It changes no process-wide setting itself: the caller runs OpenBLAS on one thread
/// (`BLAS.setThreads(1)`) and keeps freed heap memory (`HeapTuning.keepFreedMemory()`), as the
/// `reclab` executable does.
///
/// ```swift
/// let result = AutodiffBenchmark.run()          // about 1.5 s
/// print(result)
/// ```
public enum AutodiffBenchmark {
    /// Timing of one benchmark run.
    public struct Result: Sendable, CustomStringConvertible {
        public let batchSize: Int
        public let warmup: Int
        public let steps: Int
        /// Wall-clock seconds of each timed round of `steps` steps, in order.
        public let roundSeconds: [Double]
        public let finalLoss: Float
        /// The fastest round (the least disturbed by other processes).
        public var seconds: Double { roundSeconds.min() ?? .nan }
        /// Training samples (forward + backward + Adam step) per second, fastest round.
        public var samplesPerSecond: Double { Double(batchSize * steps) / seconds }
        /// Milliseconds per step, fastest round.
        public var millisecondsPerStep: Double { 1000 * seconds / Double(steps) }
        public var description: String {
            let rounds = roundSeconds.map { "\(Int((Double(batchSize * steps) / $0).rounded()))" }.joined(separator: ", ")
            return """
            MLP train step, batch \(batchSize), 1 thread: \(Int(samplesPerSecond.rounded())) samples/s \
            (\(rounded3(millisecondsPerStep)) ms/step; best of \(roundSeconds.count) rounds of \(steps) steps \
            after \(warmup) warm-up steps)
            samples/s per round: \(rounds); final loss \(finalLoss)
            """
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

    /// The benchmark's sizes: ML-100K's users and items, the embedding width and the profile features.
    public static let sizes = (users: 943, items: 1682, dimension: 32, features: 20)
    /// The dense layers' (inputs, outputs), first to last (what `reclab bench limits` counts flops of).
    public static let denseLayers: [(inputs: Int, outputs: Int)] =
        [(2 * sizes.dimension + sizes.features, 64), (64, 32), (32, 1)]

    /// Runs `warmup` untimed steps, then `repetitions` timed rounds of `steps` steps each, cycling
    /// over 32 pre-generated batches of `batchSize`.
    public static func run(batchSize: Int = 256, steps: Int = 1000, repetitions: Int = 3, warmup: Int = 300,
                           seed: UInt64 = 1) -> Result {
        precondition(batchSize > 0 && steps > 0, "AutodiffBenchmark: batch size and steps must be positive")
        var rng = SeededGenerator(seed: seed)
        let (userCount, itemCount, dim, featureCount) = sizes
        let layers = denseLayers
        var net = Net(users: Embedding(count: userCount, dimension: dim, generator: &rng),
                      items: Embedding(count: itemCount, dimension: dim, generator: &rng),
                      hidden1: Dense(inputSize: layers[0].inputs, outputSize: layers[0].outputs, activation: .relu, generator: &rng),
                      hidden2: Dense(inputSize: layers[1].inputs, outputSize: layers[1].outputs, activation: .relu, generator: &rng),
                      output: Dense(inputSize: layers[2].inputs, outputSize: layers[2].outputs, generator: &rng))
        let batches = (0..<32).map { _ in
            Net.Batch(users: (0..<batchSize).map { _ in Int32(rng.nextInt(below: userCount)) },
                      items: (0..<batchSize).map { _ in Int32(rng.nextInt(below: itemCount)) },
                      features: Tensor(rows: batchSize, cols: featureCount, initializer: .uniform(limit: 1), generator: &rng),
                      labels: Tensor(column: (0..<batchSize).map { _ in rng.nextFloat() < 0.5 ? 1 : 0 }))
        }
        let adam = Adam<Net>(learningRate: 1e-3)
        var loss: Float = 0
        func step(_ k: Int) {
            let batch = batches[k % batches.count]
            let (value, grad) = valueWithGradient(at: net) { net in
                sigmoidCrossEntropy(logits: net(batch), labels: batch.labels)
            }
            adam.update(&net, along: grad)
            loss = value
        }
        for k in 0..<warmup { step(k) }
        var rounds: [Double] = []
        for _ in 0..<max(1, repetitions) {
            let start = DispatchTime.now().uptimeNanoseconds
            for k in 0..<steps { step(k) }
            rounds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return Result(batchSize: batchSize, warmup: warmup, steps: steps, roundSeconds: rounds, finalLoss: loss)
    }
}

private func rounded3(_ x: Double) -> String {
    "\((x * 1000).rounded() / 1000)"
}
