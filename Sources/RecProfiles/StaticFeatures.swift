import Foundation
import RecCore
import RecData

/// A static attribute value of one entity that is not in the dataset (a brand-new user being folded in).
///
/// ```swift
/// let attributes: [String: AttributeValue] = ["gender": .category("F"), "age": .number(31)]
/// ```
public enum AttributeValue: Sendable, Equatable {
    /// One category (gender, occupation, zip code; a number written as text is read as a number).
    case category(String)
    /// A number (age, year).
    case number(Double)
    /// Several categories (genres).
    case categories([String])
}

/// Turns static attribute columns into profile columns: the plan (groups and names) from the
/// dataset's attribute table, then the values of every entity, or of one new entity.
enum StaticFeatures {
    /// The groups for `features` over `table`, starting at column `start`. Optional features the
    /// table lacks are skipped; other missing attributes and impossible encodings throw.
    static func plan(_ features: [AttributeFeature], table: AttributeTable, entity: ProfileEntity,
                     start: Int) throws -> [FeatureGroup] {
        var groups: [FeatureGroup] = [], next = start
        for f in features {
            guard let column = table[f.attribute] else {
                if f.optional { continue }
                throw ProfileError.unknownAttribute(name: f.attribute, entity: entity, available: table.names)
            }
            let kind = try resolve(f, column)
            var levels: [String] = []
            switch kind {
            case .oneHot, .multiHot: levels = column.levels
            case .region: levels = Array(Set(column.levels.map { String($0.prefix(f.prefixLength)) }.filter { !$0.isEmpty })).sorted()
            case .buckets: levels = bucketLabels(f.edges)
            default: break
            }
            let width = kind == .numeric ? 2 : levels.count
            groups.append(FeatureGroup(name: f.groupName, kind: kind, attribute: f.attribute, start: next,
                                       end: next + width, levels: levels, edges: kind == .buckets ? f.edges : [],
                                       prefixLength: kind == .region ? f.prefixLength : 0))
            next += width
        }
        return groups
    }

    /// Column names of a static group.
    static func columnNames(_ g: FeatureGroup) -> [String] {
        g.kind == .numeric ? [g.name, g.name + ":missing"] : g.levels.map { "\(g.name)=\($0)" }
    }

    /// Writes group `g` for every entity from `column` into `raw` (rows = entities).
    static func fill(_ g: FeatureGroup, from column: AttributeColumn, into raw: inout DenseMatrix) {
        let cols = raw.cols
        raw.storage.withUnsafeMutableBufferPointer { out in
            switch (g.kind, column) {
            case (.numeric, _), (.buckets, _):
                let values = numbers(column)
                for e in 0..<values.count { write(g, number: values[e], row: out, offset: e * cols) }
            case let (.oneHot, .categorical(codes, _)), let (.multiHot, .categorical(codes, _)):
                for (e, c) in codes.enumerated() where c >= 0 { out[e * cols + g.start + Int(c)] = 1 }
            case let (.multiHot, .multiCategorical(indptr, codes, _)):
                for e in 0..<(indptr.count - 1) {
                    for k in indptr[e]..<indptr[e + 1] { out[e * cols + g.start + Int(codes[k])] = 1 }
                }
            case let (.region, .categorical(codes, levels)):
                let toColumn = levels.map { g.levels.firstIndex(of: String($0.prefix(g.prefixLength))) ?? -1 }
                for (e, c) in codes.enumerated() where c >= 0 && toColumn[Int(c)] >= 0 {
                    out[e * cols + g.start + toColumn[Int(c)]] = 1
                }
            default: preconditionFailure("plan and column disagree for \(g.name)")
            }
        }
    }

    /// Writes group `g` for one entity described by `value` (nil = missing) into `row`.
    static func encode(_ g: FeatureGroup, value: AttributeValue?, into row: inout [Float]) {
        row.withUnsafeMutableBufferPointer { out in
            switch g.kind {
            case .numeric, .buckets:
                var x = Double.nan
                if case .number(let v)? = value { x = v }
                if case .category(let s)? = value { x = Double(s) ?? .nan }
                write(g, number: Float(x), row: out, offset: 0)
            case .oneHot, .multiHot, .region:
                var labels: [String] = []
                if case .category(let s)? = value { labels = [s] }
                if case .categories(let s)? = value { labels = s }
                for label in labels {
                    let key = g.kind == .region ? String(label.prefix(g.prefixLength)) : label
                    if let j = g.levels.firstIndex(of: key) { out[g.start + j] = 1 }
                }
            default: break
            }
        }
    }

    // MARK: - Helpers

    private static func resolve(_ f: AttributeFeature, _ column: AttributeColumn) throws -> FeatureKind {
        let unsupported = ProfileError.unsupportedEncoding(attribute: f.attribute, encoding: f.encoding, kind: column.kindDescription)
        switch (f.encoding, column) {
        case (.auto, .categorical), (.oneHot, .categorical): return .oneHot
        case (.auto, .numeric), (.numeric, .numeric), (.numeric, .categorical): return .numeric
        case (.auto, .multiCategorical), (.multiHot, .multiCategorical), (.multiHot, .categorical): return .multiHot
        case (.buckets, .numeric), (.buckets, .categorical): return .buckets
        case (.region, .categorical): return .region
        default: throw unsupported
        }
    }

    /// Numeric values of a numeric column, or of a categorical column whose levels are numbers
    /// (NaN for missing or non-numeric levels).
    private static func numbers(_ column: AttributeColumn) -> [Float] {
        switch column {
        case .numeric(let v): return v
        case let .categorical(codes, levels):
            let parsed = levels.map { Float($0.trimmingCharacters(in: .whitespaces)) ?? .nan }
            return codes.map { $0 >= 0 ? parsed[Int($0)] : .nan }
        case .multiCategorical: return []
        }
    }

    /// Writes a number into a numeric group (value + missing indicator) or a bucket group.
    private static func write(_ g: FeatureGroup, number x: Float, row out: UnsafeMutableBufferPointer<Float>, offset: Int) {
        if g.kind == .numeric {
            out[offset + g.start] = x
            out[offset + g.start + 1] = x.isNaN ? 1 : 0
        } else if !x.isNaN {
            let bucket = g.edges.reduce(0) { Double(x) >= $1 ? $0 + 1 : $0 }
            out[offset + g.start + bucket] = 1
        }
    }

    /// `<18`, `[18,25)`, …, `>=56`.
    static func bucketLabels(_ edges: [Double]) -> [String] {
        let text = { (x: Double) in x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x) }
        var out = ["<" + text(edges[0])]
        for (a, b) in zip(edges, edges.dropFirst()) { out.append("[\(text(a)),\(text(b)))") }
        out.append(">=" + text(edges[edges.count - 1]))
        return out
    }
}

extension AttributeColumn {
    /// Level names of categorical and multi-categorical columns (empty for numeric ones).
    var levels: [String] {
        switch self {
        case .categorical(_, let l), .multiCategorical(_, _, let l): return l
        case .numeric: return []
        }
    }

    /// Kind in words, for error messages.
    var kindDescription: String {
        switch self {
        case .categorical: return "categorical"
        case .numeric: return "numeric"
        case .multiCategorical: return "multi-categorical"
        }
    }
}
