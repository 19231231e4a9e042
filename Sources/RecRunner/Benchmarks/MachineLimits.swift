import RecCore

/// The machine's two ceilings for RecLab's kernels: OpenBLAS `sgemm` throughput (GFLOP/s) and a
/// streaming read + write bandwidth (GB/s), each on one thread and on `Parallelism.maxThreads`.
///
/// `sgemm` multiplies two `size × size` row-major matrices (`2·size³` flops per call); the best of
/// `repetitions` timed calls after one warm-up is the peak. The stream is `b[i] = s·a[i]` over two
/// arrays far larger than the last-level cache, counted as STREAM counts it (`8` bytes per element:
/// one read, one write; the write-allocate read of `b` is not counted), split in contiguous chunks
/// over the threads; the best of `4 × repetitions` passes over each of three allocations is the
/// bandwidth.
///
/// ```swift
/// let limits = MachineLimits.measure()   // about 5 s
/// limits.sgemmGFLOPS(threads: 2)
/// ```
public struct MachineLimits: Sendable, Codable {
    /// Side of the square `sgemm` operands.
    public let sgemmSize: Int
    /// Floats per stream array (two arrays).
    public let streamElements: Int
    /// Best `sgemm` GFLOP/s on one thread and on all threads.
    public let sgemmSingleThread: Double, sgemmAllThreads: Double
    /// Best stream GB/s on one thread and on all threads.
    public let streamSingleThread: Double, streamAllThreads: Double
    /// `Parallelism.maxThreads` when measured.
    public let threads: Int

    /// The `sgemm` peak for a kernel running on `threads` threads (all threads' figure when more than one).
    public func sgemmGFLOPS(threads: Int) -> Double { threads > 1 ? sgemmAllThreads : sgemmSingleThread }
    /// The stream bandwidth for a kernel running on `threads` threads.
    public func streamGBps(threads: Int) -> Double { threads > 1 ? streamAllThreads : streamSingleThread }

    /// Measures both ceilings. `sgemmSize` 2048 is large enough for OpenBLAS's blocked kernel to reach
    /// its plateau; 64M floats per stream array (256 MB) are 8× this machine's L3.
    public static func measure(sgemmSize: Int = 2048, streamElements: Int = 1 << 26, repetitions: Int = 5,
                               log: (String) -> Void = { _ in }) -> MachineLimits {
        let threads = Parallelism.maxThreads
        let single = sgemm(size: sgemmSize, threads: 1, repetitions: repetitions)
        log(String(format: "sgemm %d³, 1 thread: %.1f GFLOP/s", sgemmSize, single))
        let all = threads > 1 ? sgemm(size: sgemmSize, threads: threads, repetitions: repetitions) : single
        log(String(format: "sgemm %d³, %d threads: %.1f GFLOP/s", sgemmSize, threads, all))
        BLAS.setThreads(1)
        // A pass takes milliseconds and the host's memory is shared (the two-thread figure has read
        // anywhere from 47 to 76 GB/s from one process to the next): the best of many passes over
        // three allocations.
        func bestStream(threads: Int) -> Double {
            (0..<3).map { _ in stream(elements: streamElements, threads: threads, repetitions: 4 * repetitions) }.max()!
        }
        let streamOne = bestStream(threads: 1)
        log(String(format: "stream b = s·a, %d MB per array, 1 thread: %.1f GB/s", (streamElements * 4) >> 20, streamOne))
        let streamAll = threads > 1 ? bestStream(threads: threads) : streamOne
        log(String(format: "stream b = s·a, %d threads: %.1f GB/s", threads, streamAll))
        return MachineLimits(sgemmSize: sgemmSize, streamElements: streamElements,
                             sgemmSingleThread: single, sgemmAllThreads: all,
                             streamSingleThread: streamOne, streamAllThreads: streamAll, threads: threads)
    }

    /// Best GFLOP/s of `C = A·B` (size × size) with OpenBLAS on `threads` threads.
    static func sgemm(size n: Int, threads: Int, repetitions: Int) -> Double {
        BLAS.setThreads(threads)
        var rng = SeededGenerator(seed: 7)
        let a = (0..<(n * n)).map { _ in rng.nextFloat() - 0.5 }
        let b = (0..<(n * n)).map { _ in rng.nextFloat() - 0.5 }
        var c = [Float](repeating: 0, count: n * n)
        var best = Double.infinity
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in c.withUnsafeMutableBufferPointer { pc in
            for k in 0...repetitions {
                let t = Stopwatch.seconds {
                    BLAS.gemm(m: n, n: n, k: n, a: pa.baseAddress!, lda: n, b: pb.baseAddress!, ldb: n, c: pc.baseAddress!, ldc: n)
                }
                if k > 0 { best = min(best, t) }   // the first call warms up OpenBLAS's threads and buffers
            }
        }}}
        return 2 * Double(n) * Double(n) * Double(n) / best / 1e9
    }

    /// Best GB/s of `b[i] = s·a[i]` over `elements` floats, split in `threads` contiguous chunks.
    static func stream(elements n: Int, threads: Int, repetitions: Int) -> Double {
        let a = UnsafeMutablePointer<Float>.allocate(capacity: n), b = UnsafeMutablePointer<Float>.allocate(capacity: n)
        defer { a.deallocate(); b.deallocate() }
        let pa = SharedPointer(a), pb = SharedPointer(b)
        // First touch by the threads that stream them (Float is trivial, so assigning into freshly
        // allocated memory is fine), so pages are mapped before timing.
        Parallelism.forEachChunk(count: n, threads: threads, minChunk: 1 << 16) { range in
            for i in range { pa[i] = Float(i & 1023); pb[i] = 0 }
        }
        var best = Double.infinity
        for k in 0...repetitions {
            let scale: Float = k.isMultiple(of: 2) ? 1.5 : 0.5
            let t = Stopwatch.seconds {
                Parallelism.forEachChunk(count: n, threads: threads, minChunk: 1 << 16) { range in
                    let src = pa.base + range.lowerBound, dst = pb.base + range.lowerBound
                    for i in 0..<range.count { dst[i] = scale * src[i] }
                }
            }
            if k > 0 { best = min(best, t) }
        }
        precondition(b[n - 1].isFinite)
        return 8 * Double(n) / best / 1e9
    }
}
