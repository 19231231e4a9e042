/// A dense, two-way map between external string identifiers (as they appear in data files) and
/// contiguous `Int32` indices `0..<count`, in first-seen order.
///
/// ```swift
/// var users = IndexMap()
/// let u = users.insert("196")   // 0
/// users.index(of: "196")        // 0
/// users.id(at: 0)               // "196"
/// ```
public struct IndexMap: Sendable, Equatable {
    /// External identifiers, indexed by their dense index.
    public private(set) var ids: [String]
    private var lookup: [String: Int32]

    /// An empty map.
    public init() { ids = []; lookup = [:] }

    /// A map over `ids` in the given order; duplicates keep their first index.
    public init<S: Sequence>(_ ids: S) where S.Element == String {
        self.init()
        for id in ids { insert(id) }
    }

    /// Number of distinct identifiers.
    public var count: Int { ids.count }

    /// The dense index of `id`, inserting it at the end if it is new.
    @discardableResult
    public mutating func insert(_ id: String) -> Int32 {
        if let i = lookup[id] { return i }
        let i = Int32(ids.count)
        ids.append(id)
        lookup[id] = i
        return i
    }

    /// The dense index of `id`, or nil if it is unknown.
    public func index(of id: String) -> Int32? { lookup[id] }

    /// The external identifier at dense index `index`.
    public func id(at index: Int32) -> String { ids[Int(index)] }

    /// Keeps only the indices for which `keep[i]` is true, renumbering densely in order.
    /// Returns the new map and `old → new` (−1 for dropped indices).
    public func compacted(keeping keep: [Bool]) -> (map: IndexMap, remap: [Int32]) {
        precondition(keep.count == count)
        var map = IndexMap()
        var remap = [Int32](repeating: -1, count: count)
        for (i, id) in ids.enumerated() where keep[i] { remap[i] = map.insert(id) }
        return (map, remap)
    }

    public static func == (a: IndexMap, b: IndexMap) -> Bool { a.ids == b.ids }
}
