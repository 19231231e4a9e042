#if canImport(Glibc)
import Glibc
#endif

/// Keeps freed heap memory in the process between training steps.
///
/// A training step allocates and frees the same batch-sized buffers every time (activations,
/// gradients). glibc gives memory at the top of the heap back to the kernel as soon as more than
/// 128 KB of it is free (`M_TRIM_THRESHOLD`), so the next step page-faults it in again: on the
/// benchmark MLP that costs about 45 % of a step (docs/autodiff.md). `keepFreedMemory()` raises the
/// threshold so the heap stays at its high-water mark. Setting it also freezes glibc's mmap threshold
/// at 128 KB (glibc raises that threshold on its own only while neither is set), so every larger
/// buffer — a Mult-VAE batch's logits, a LightGCN embedding table — would be mapped and unmapped on
/// each use, page faults included; the mmap threshold is therefore raised to 32 MB (glibc's most),
/// which took a short Mult-VAE + LightGCN run from 6.0 s to 0.1 s of system time. It is process-wide and idempotent, so it belongs to the
/// program, not to a model: the `reclab` executable calls it once at start-up, before any work
/// (`Sources/reclab/ReclabCommand.swift`); no model or library code calls it. A no-op where glibc
/// is not the allocator.
///
/// ```swift
/// HeapTuning.keepFreedMemory()
/// ```
public enum HeapTuning {
    /// Lets up to `bytes` of free memory stay at the top of the heap (default 256 MB).
    public static func keepFreedMemory(upTo bytes: Int = 256 << 20) {
        #if canImport(Glibc)
        _ = glibcMallopt(glibcTrimThreshold, Int32(clamping: bytes))
        _ = glibcMallopt(glibcMmapThreshold, Int32(clamping: min(bytes, largestMmapThreshold)))
        #endif
    }
}

#if canImport(Glibc)
// `mallopt` is declared in <malloc.h>, which Swift's Glibc module does not export; both arguments
// are C ints, so the symbol is bound directly. M_TRIM_THRESHOLD is −1 in <malloc.h>.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
private let glibcTrimThreshold: Int32 = -1
/// M_MMAP_THRESHOLD is −3; glibc refuses values above 32 MB on 64-bit (HEAP_MAX_SIZE / 2).
private let glibcMmapThreshold: Int32 = -3
private let largestMmapThreshold = 32 << 20
#endif
