import Dispatch
import RecCore

/// Data-parallel gradients: a batch split into shards, each shard's forward and backward pass on
/// its own thread, the gradients summed. On idle cores this divides the forward and backward time
/// of a step by up to the number of shards (the optimiser update stays serial); when another
/// process occupies a core, each step waits for the slower shard and one thread can be faster
/// (see docs/autodiff.md, Performance).
///
/// `loss(model, shard)` must return the shard's *share* of the batch loss, so that the shares add
/// up to the batch loss: for a mean loss over N examples, weigh each shard's mean by its size.
///
/// ```swift
/// let shards = batch.split(into: 2)
/// let (loss, grad) = DataParallel.valueWithGradient(at: net, shards: shards) { net, shard in
///     shard.weight * sigmoidCrossEntropy(logits: net(shard), labels: shard.labels)   // weight = n_k / N
/// }
/// optimizer.update(&net, along: grad)
/// ```
///
/// Determinism: every shard's gradient is computed exactly as it would be serially and the shards
/// are summed in order, so results do not depend on thread timing — but they differ in the last
/// bits from an unsharded step (a different summation order). Keep OpenBLAS at one thread
/// (`BLAS.setThreads(1)`) while using it, so the two layers of threads do not oversubscribe.
public enum DataParallel {
    /// Value and gradient of `Σ_k loss(model, shards[k])`, shards evaluated on up to `threads` threads.
    public static func valueWithGradient<Model: Differentiable, Shard>(
        at model: Model, shards: [Shard], threads: Int = Parallelism.maxThreads,
        of loss: @escaping @differentiable(reverse) (Model, @noDerivative Shard) -> Float
    ) -> (value: Float, gradient: Model.TangentVector) {
        precondition(!shards.isEmpty, "DataParallel: no shards")
        if shards.count == 1 || threads <= 1 {
            var total: Float = 0, sum = Model.TangentVector.zero
            for shard in shards {
                let (v, g) = _Differentiation.valueWithGradient(at: model) { m in loss(m, shard) }
                total += v; sum += g
            }
            return (total, sum)
        }
        let results = ResultSlots<(Float, Model.TangentVector)>(count: shards.count)
        let workers = min(threads, shards.count)
        // Erase the generic work into one closure, handed to the threads as an opaque value.
        let work = Unchecked<(Int) -> Void> { w in
            var k = w
            while k < shards.count {
                let shard = shards[k]
                results.store(_Differentiation.valueWithGradient(at: model) { m in loss(m, shard) }, at: k)
                k += workers
            }
        }
        DispatchQueue.concurrentPerform(iterations: workers) { w in work.value(w) }
        var total: Float = 0, sum = Model.TangentVector.zero
        for k in 0..<shards.count {
            let (v, g) = results.take(k)
            total += v; sum += g
        }
        return (total, sum)
    }
}

/// Values moved across threads that only read them (copy-on-write buffers are safe to share for
/// reading; their reference counts are atomic).
struct Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// One slot per shard, each written by exactly one thread, read after all threads joined.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    init(count: Int) { slots = [T?](repeating: nil, count: count) }
    func store(_ value: T, at k: Int) {
        slots.withUnsafeMutableBufferPointer { $0[k] = value }
    }
    func take(_ k: Int) -> T { slots[k]! }
}
