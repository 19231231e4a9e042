import Dispatch

/// Bounded data parallelism: splits `0..<count` into contiguous chunks and runs `body` on at most
/// `Parallelism.maxThreads` threads at once (2 on RecLab's reference machine).
///
/// Results are deterministic as long as `body` writes only to the indices of its own range; reductions
/// should be done per chunk and combined in chunk order by the caller.
public enum Parallelism {
    /// Upper bound on worker threads, from `RECLAB_THREADS` or the active processor count, at most 2·cores.
    nonisolated(unsafe) public static var maxThreads: Int = {
        if let s = getenvString("RECLAB_THREADS"), let n = Int(s), n > 0 { return n }
        return max(1, ProcessInfoShim.activeProcessorCount)
    }()

    /// Runs `body(range)` over disjoint chunks of `0..<count` in parallel and waits for all of them.
    public static func forEachChunk(count: Int, threads: Int = maxThreads, minChunk: Int = 1,
                                    _ body: @Sendable (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let workers = max(1, min(threads, count / max(1, minChunk)))
        if workers == 1 { body(0..<count); return }
        let chunk = (count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let lo = w * chunk, hi = min(count, lo + chunk)
            if lo < hi { body(lo..<hi) }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func getenvString(_ name: String) -> String? {
    guard let p = getenv(name) else { return nil }
    return String(cString: p)
}

enum ProcessInfoShim {
    static var activeProcessorCount: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
