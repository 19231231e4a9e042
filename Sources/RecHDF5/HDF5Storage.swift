/// How a dataset is laid out on disk: contiguous, or in chunks with optional shuffle + gzip filters.
///
/// The policy behind `HDF5Group.write(_:_:chunk:compression:)`:
/// - neither `chunk` nor `compression` given: datasets of more than `automaticThreshold` (65,536)
///   elements are chunked (`defaultChunkElements` per chunk) and compressed with the shuffle filter and
///   gzip level `defaultGzipLevel` (4); smaller ones are contiguous and uncompressed;
/// - `compression: 0`: no filters; chunked only if `chunk` is given;
/// - `compression: 1...9`: shuffle + gzip at that level, chunked by `chunk` or the default;
/// - `chunk` alone: chunked, uncompressed;
/// - a dataset with no elements is always contiguous (HDF5 chunks must be at least 1 and at most the
///   extent in every dimension, which a zero extent cannot satisfy).
///
/// For an N-D dataset the chunk counts rows (the first dimension) and spans all other dimensions.
public struct HDF5Storage: Equatable, Sendable {
    /// Element count above which data is chunked and compressed by default.
    public static let automaticThreshold = 65_536
    /// Default elements per chunk (rows × trailing dimensions, rounded down to whole rows).
    public static let defaultChunkElements = 65_536
    /// Default gzip level when compression is automatic.
    public static let defaultGzipLevel = 4

    /// Chunk dimensions, or nil for contiguous storage.
    public let chunkDims: [Int]?
    /// gzip level, 0 for none (shuffle is applied whenever gzip is).
    public let gzipLevel: Int

    /// The layout for a dataset of `dims` under the policy above.
    /// - Throws: `StorageError` when `chunk < 1` or `compression` is outside 0...9 (`HDF5Group.write`
    ///   turns it into `HDF5Error.invalidArgument` naming the file and dataset).
    public static func plan(dims: [Int], chunk: Int?, compression: Int?) throws(StorageError) -> HDF5Storage {
        if let chunk, chunk < 1 { throw StorageError(reason: "chunk must be at least 1, got \(chunk)") }
        if let compression, !(0...9).contains(compression) {
            throw StorageError(reason: "gzip level must be in 0...9, got \(compression)")
        }
        let count = dims.reduce(1, *)
        guard count > 0, !dims.isEmpty else { return HDF5Storage(chunkDims: nil, gzipLevel: 0) }
        let level: Int
        let chunked: Bool
        switch (chunk, compression) {
        case (nil, nil):
            level = count > automaticThreshold ? defaultGzipLevel : 0
            chunked = level > 0
        case (_, let requested?):
            level = requested
            chunked = level > 0 || chunk != nil
        case (.some, nil):
            level = 0
            chunked = true
        }
        guard chunked else { return HDF5Storage(chunkDims: nil, gzipLevel: 0) }
        let rowElements = dims.dropFirst().reduce(1, *)
        let rows = chunk ?? max(1, defaultChunkElements / rowElements)
        return HDF5Storage(chunkDims: [min(rows, dims[0])] + dims.dropFirst(), gzipLevel: level)
    }

    /// Why a storage request was rejected.
    public struct StorageError: Error, Equatable, Sendable {
        /// Human-readable reason.
        public let reason: String
    }
}
