import CPrefetch
import RecCore

/// The software-pipelined triple sampler of `BPR`: a ring of the next few (user, positive, negative)
/// triples, each drawn `lead` steps before its SGD update, whose memory is prefetched in three stages
/// so that the cache misses of random sampling overlap with the updates in between:
///
/// 1. `lead` steps ahead: draw the training entry `e` and the negative candidate `j`; prefetch
///    `users[e]`, `indices[e]` and the factor row of `j`.
/// 2. `2·lead/3` steps ahead: read the user `u` and positive item `i` of `e`; prefetch `indptr[u]` and
///    the factor rows of `u` and `i`.
/// 3. `lead/3` steps ahead: read the user's row bounds; prefetch the cache lines of the row that the
///    binary search of the negative check visits first.
///
/// The draws happen in a fixed order (each step draws `e` then `j` for the triple `lead` steps ahead),
/// so the sampled sequence is a pure function of the generator's seed. Only hints are added: a prefetch
/// never changes a value.
struct SamplePipeline {
    /// One triple on its way through the stages.
    struct Pending {
        var entry = 0, negative = 0, user = 0, item = 0, lo = 0, hi = 0
    }

    /// Steps between drawing a triple and updating with it.
    static let lead = 12
    private static let stage = lead / 3
    private static let mask = 15   // ring of 16 ≥ lead + 1 slots

    private var slots = [Pending](repeating: Pending(), count: mask + 1)
    private let factors: Int

    init(factors: Int) { self.factors = factors }

    /// The triple for `step` (valid once `advance(step:)` has run for it).
    subscript(step: Int) -> Pending { slots[step & Self.mask] }

    /// Runs the three stages for the triples `lead`, `2·lead/3` and `lead/3` steps after `step`.
    @inline(__always)
    mutating func advance(step: Int, steps: Int, rng: inout SeededGenerator, nnz: Int, items: Int,
                          users: UnsafeBufferPointer<Int32>, indices: UnsafeBufferPointer<Int32>,
                          indptr: UnsafeBufferPointer<Int>, P: UnsafeMutablePointer<Float>, Q: UnsafeMutablePointer<Float>) {
        let f = factors
        slots.withUnsafeMutableBufferPointer { ring in
            let a = step + Self.lead
            if a < steps {
                let e = rng.nextInt(below: nnz), j = rng.nextInt(below: items)
                ring[a & Self.mask].entry = e
                ring[a & Self.mask].negative = j
                reclab_prefetch(users.baseAddress! + e)
                reclab_prefetch(indices.baseAddress! + e)
                Self.prefetchRow(Q + j * f, f)
            }
            let b = step + 2 * Self.stage
            if b >= 0 && b < steps {
                let e = ring[b & Self.mask].entry
                let u = Int(users[e]), i = Int(indices[e])
                ring[b & Self.mask].user = u
                ring[b & Self.mask].item = i
                reclab_prefetch(indptr.baseAddress! + u)
                Self.prefetchRow(P + u * f, f)
                Self.prefetchRow(Q + i * f, f)
            }
            let c = step + Self.stage
            if c >= 0 && c < steps {
                let u = ring[c & Self.mask].user
                let lo = indptr[u], hi = indptr[u + 1]
                ring[c & Self.mask].lo = lo
                ring[c & Self.mask].hi = hi
                if hi > lo {
                    let base = indices.baseAddress! + lo, n = hi - lo
                    reclab_prefetch(base + n / 2)
                    reclab_prefetch(base + n / 4)
                    reclab_prefetch(base + (3 * n) / 4)
                }
            }
        }
    }

    /// Prefetches every 64-byte line of a factor row of `f` floats.
    @inline(__always)
    private static func prefetchRow(_ row: UnsafeMutablePointer<Float>, _ f: Int) {
        var k = 0
        while k < f { reclab_prefetch(row + k); k += 16 }
        reclab_prefetch(row + (f - 1))
    }
}
