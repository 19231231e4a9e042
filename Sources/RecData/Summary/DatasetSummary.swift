import RecCore

/// The figures `reclab data info` prints: sizes, density, rating histogram, per-user and per-item
/// activity, attribute summaries and knowledge-graph statistics.
public struct DatasetSummary: Sendable {
    /// The dataset described.
    public let dataset: Dataset

    /// Summarises `dataset`.
    public init(_ dataset: Dataset) { self.dataset = dataset }

    /// Rating value → count, ascending by value (nil for implicit data).
    public var ratingHistogram: [(rating: Float, count: Int)]? {
        guard let r = dataset.interactions.ratings else { return nil }
        var counts: [Float: Int] = [:]
        for x in r { counts[x, default: 0] += 1 }
        return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Min / median / mean / max of a list of counts.
    static func spread(_ xs: [Int]) -> String {
        guard !xs.isEmpty else { return "-" }
        let s = xs.sorted()
        let mean = Double(s.reduce(0, +)) / Double(s.count)
        return "min \(s.first!), median \(s[s.count / 2]), mean \(fmt(mean, 1)), max \(s.last!)"
    }

    /// The whole report as plain text.
    public func render() -> String {
        let d = dataset
        var out: [String] = []
        out.append("dataset       \(d.name)")
        out.append("users         \(d.userCount)")
        out.append("items         \(d.itemCount)")
        out.append("interactions  \(d.interactions.count)")
        out.append("density       \(fmt(d.density * 100, 3))%  (sparsity \(fmt((1 - d.density) * 100, 3))%)")
        var perUser = [Int](repeating: 0, count: d.userCount), perItem = [Int](repeating: 0, count: d.itemCount)
        for k in 0..<d.interactions.count { perUser[Int(d.interactions.users[k])] += 1; perItem[Int(d.interactions.items[k])] += 1 }
        out.append("per user      \(Self.spread(perUser))")
        out.append("per item      \(Self.spread(perItem))")
        if let ts = d.interactions.timestamps, let lo = ts.min(), let hi = ts.max() {
            out.append("timestamps    \(lo) … \(hi)  (\(fmt(Double(hi - lo) / 86400, 1)) days)")
        }
        if let hist = ratingHistogram {
            let total = Double(d.interactions.count)
            let mean = d.interactions.ratings!.reduce(0.0) { $0 + Double($1) } / max(total, 1)
            out.append("ratings       mean \(fmt(mean, 3))")
            let peak = hist.map(\.count).max() ?? 1
            for (r, c) in hist.prefix(20) {
                let bar = String(repeating: "#", count: max(1, c * 40 / max(peak, 1)))
                out.append("  \(pad(fmt(Double(r), r == r.rounded() ? 0 : 1), 5)) \(pad(String(c), 8)) \(pad(fmt(Double(c) / total * 100, 1) + "%", 6)) \(bar)")
            }
            if hist.count > 20 { out.append("  … \(hist.count - 20) more rating values") }
        } else {
            out.append("ratings       none (implicit feedback)")
        }
        out.append(contentsOf: describe(d.userAttributes, title: "user attributes"))
        out.append(contentsOf: describe(d.itemAttributes, title: "item attributes"))
        if let kg = d.knowledgeGraph {
            out.append(contentsOf: KnowledgeGraphStatistics(kg, itemCount: d.itemCount).lines())
        } else {
            out.append("knowledge graph  none")
        }
        return out.joined(separator: "\n")
    }

    private func describe(_ table: AttributeTable, title: String) -> [String] {
        guard !table.isEmpty else { return ["\(title)  none"] }
        var out = ["\(title)"]
        for (name, column) in zip(table.names, table.columns) {
            switch column {
            case let .categorical(codes, levels):
                var counts = [Int](repeating: 0, count: levels.count)
                var missing = 0
                for c in codes { if c >= 0 { counts[Int(c)] += 1 } else { missing += 1 } }
                let top = counts.enumerated().sorted { $0.element > $1.element }.prefix(4)
                    .map { "\(levels[$0.offset]) \($0.element)" }.joined(separator: ", ")
                out.append("  \(pad(name, 14)) categorical, \(levels.count) levels; top: \(top)\(missing > 0 ? "; missing \(missing)" : "")")
            case let .numeric(values):
                let present = values.filter { !$0.isNaN }
                let mean = present.reduce(0.0) { $0 + Double($1) } / Double(max(present.count, 1))
                out.append("  \(pad(name, 14)) numeric, min \(fmt(Double(present.min() ?? .nan), 1)), mean \(fmt(mean, 2)), max \(fmt(Double(present.max() ?? .nan), 1))\(present.count < values.count ? "; missing \(values.count - present.count)" : "")")
            case let .multiCategorical(indptr, codes, levels):
                var counts = [Int](repeating: 0, count: levels.count)
                for c in codes { counts[Int(c)] += 1 }
                let top = counts.enumerated().sorted { $0.element > $1.element }.prefix(4)
                    .map { "\(levels[$0.offset]) \($0.element)" }.joined(separator: ", ")
                let n = max(indptr.count - 1, 1)
                out.append("  \(pad(name, 14)) multi-valued, \(levels.count) levels, \(fmt(Double(codes.count) / Double(n), 2)) per row; top: \(top)")
            }
        }
        return out
    }
}

/// Fixed-point text of `x` with `digits` decimals (locale-independent).
func fmt(_ x: Double, _ digits: Int) -> String {
    guard x.isFinite else { return "\(x)" }
    // Beyond what an Int holds in fixed point (a rating of 1e19), Swift's own shortest form.
    guard abs(x) < 1e15 else { return "\(x)" }
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let r = (abs(x) * p).rounded()
    let sign = x < 0 && r != 0 ? "-" : ""
    let whole = Int(r / p)
    if digits == 0 { return sign + String(whole) }
    let frac = Int(r - Double(whole) * p)
    let fs = String(frac)
    return sign + "\(whole)." + String(repeating: "0", count: digits - fs.count) + fs
}

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
