/// A raw pointer into a buffer that the chunks of one `Parallelism.forEachChunk` call may all write
/// through at once.
///
/// The contract, which the compiler cannot check (hence `@unchecked Sendable`):
/// - **Disjoint writes.** Each chunk writes only indices no other chunk reads or writes during the
///   call, normally the indices of its own range (`forEachChunk` hands out disjoint ranges). Results
///   are then independent of the thread count and of scheduling. Hogwild-style users (BPR's SGD) break
///   this knowingly and accept the races.
/// - **Scoped lifetime.** The pointer is valid only inside the `withUnsafeMutableBufferPointer` call
///   that produced it; it must not escape it (`forEachChunk` waits for all chunks, so sharing it with
///   the chunks of a call made inside that closure is fine).
/// - **Initialised memory.** Writes are assignments (the old value is released), so every index
///   written must already hold a value, as an `Array`'s storage always does.
///
/// There are no bounds checks: indexing is exactly `base[i]`.
///
/// ```swift
/// var out = [Float](repeating: 0, count: n)
/// out.withUnsafeMutableBufferPointer { buffer in
///     let dst = SharedPointer(buffer)
///     Parallelism.forEachChunk(count: n) { range in
///         for i in range { dst[i] = f(i) }
///     }
/// }
/// ```
public struct SharedPointer<T>: @unchecked Sendable {
    /// The first element; `i` is at `base + i`.
    public let base: UnsafeMutablePointer<T>

    /// Wraps `base`.
    @inlinable @inline(__always)
    public init(_ base: UnsafeMutablePointer<T>) { self.base = base }

    /// Wraps `buffer`'s storage. An empty buffer with no storage gets an aligned placeholder address,
    /// which must never be indexed.
    @inlinable @inline(__always)
    public init(_ buffer: UnsafeMutableBufferPointer<T>) {
        base = buffer.baseAddress ?? SharedPointerPlaceholder.address(T.self)
    }

    /// Element `i`; only the chunk that owns `i` may set it.
    @inlinable
    public subscript(i: Int) -> T {
        @inline(__always) get { base[i] }
        @inline(__always) nonmutating set { base[i] = newValue }
    }

    /// Stores `value` at `i` (the same as `self[i] = value`).
    @inlinable @inline(__always)
    public func write(_ value: T, at i: Int) { base[i] = value }
}

/// The read-only counterpart of `SharedPointer`: a buffer that parallel chunks only read, shared
/// under the same scoped-lifetime contract (valid only inside the `withUnsafeBufferPointer` call
/// that produced it). No bounds checks.
public struct SharedReadOnlyPointer<T>: @unchecked Sendable {
    /// The first element; `i` is at `base + i`.
    public let base: UnsafePointer<T>

    /// Wraps `base`.
    @inlinable @inline(__always)
    public init(_ base: UnsafePointer<T>) { self.base = base }

    /// Wraps `buffer`'s storage. An empty buffer with no storage gets an aligned placeholder address,
    /// which must never be indexed.
    @inlinable @inline(__always)
    public init(_ buffer: UnsafeBufferPointer<T>) {
        base = buffer.baseAddress ?? UnsafePointer(SharedPointerPlaceholder.address(T.self))
    }

    /// Element `i`.
    @inlinable
    public subscript(i: Int) -> T {
        @inline(__always) get { base[i] }
    }
}

/// The non-null stand-in address for an empty buffer without storage (never dereferenced).
@usableFromInline
enum SharedPointerPlaceholder {
    @inlinable @inline(__always)
    static func address<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        UnsafeMutablePointer(bitPattern: MemoryLayout<T>.alignment).unsafelyUnwrapped
    }
}
