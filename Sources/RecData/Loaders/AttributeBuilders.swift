import RecCore

/// Collects one attribute column while a user or item file is read, keyed by dense entity index,
/// and produces an `AttributeColumn` once the final entity count is known (entities that first
/// appear in the interactions get a missing value: code −1, `NaN`, or no categories).
struct AttributeBuilder: Sendable {
    /// Which `AttributeColumn` case is built.
    enum Kind: Sendable { case categorical, numeric, multi }

    let kind: Kind
    private var codes: [Int32] = []
    private var numbers: [Float] = []
    private var sets: [[Int32]] = []
    private var levels: IndexMap

    /// An empty builder; `levels` fixes the first levels (a known genre list), others follow in
    /// first-seen order.
    init(_ kind: Kind, levels: [String] = []) {
        self.kind = kind
        self.levels = IndexMap(levels)
    }

    /// Sets the category of `entity` (empty text = missing).
    mutating func setCategory(_ entity: Int32, _ value: String) {
        let e = Int(entity)
        if codes.count <= e { codes.append(contentsOf: repeatElement(-1, count: e + 1 - codes.count)) }
        codes[e] = value.isEmpty ? -1 : levels.insert(value)
    }

    /// Sets the number of `entity`.
    mutating func setNumber(_ entity: Int32, _ value: Float) {
        let e = Int(entity)
        if numbers.count <= e { numbers.append(contentsOf: repeatElement(.nan, count: e + 1 - numbers.count)) }
        numbers[e] = value
    }

    /// Sets the categories of `entity` (a category repeated within one entity is kept once).
    mutating func setCategories<S: Sequence>(_ entity: Int32, _ values: S) where S.Element == String {
        let e = Int(entity)
        if sets.count <= e { sets.append(contentsOf: repeatElement([], count: e + 1 - sets.count)) }
        var entityCodes = [Int32]()
        for v in values where !v.isEmpty {
            let c = levels.insert(v)
            if !entityCodes.contains(c) { entityCodes.append(c) }
        }
        sets[e] = entityCodes
    }

    /// The finished column over `count` entities.
    func build(count: Int) -> AttributeColumn {
        switch kind {
        case .categorical:
            var out = Array(codes.prefix(count))
            out.append(contentsOf: repeatElement(-1, count: count - out.count))
            return .categorical(codes: out, levels: levels.ids)
        case .numeric:
            var out = Array(numbers.prefix(count))
            out.append(contentsOf: repeatElement(.nan, count: count - out.count))
            return .numeric(out)
        case .multi:
            var indptr = [0], out = [Int32]()
            indptr.reserveCapacity(count + 1)
            for e in 0..<count {
                if e < sets.count { out.append(contentsOf: sets[e]) }
                indptr.append(out.count)
            }
            return .multiCategorical(indptr: indptr, codes: out, levels: levels.ids)
        }
    }
}

/// Named attribute builders in column order.
struct AttributeTableBuilder: Sendable {
    private(set) var names: [String] = []
    var builders: [AttributeBuilder] = []

    /// Adds a column and returns its position.
    @discardableResult
    mutating func add(_ name: String, _ builder: AttributeBuilder) -> Int {
        names.append(name); builders.append(builder)
        return builders.count - 1
    }

    /// The finished table over `count` entities.
    func build(count: Int) -> AttributeTable {
        var table = AttributeTable()
        for (name, builder) in zip(names, builders) { table.append(name, builder.build(count: count)) }
        return table
    }
}
