/// JSON path helpers: `child("models", 1)` → `models[1]`, `child("models[1]", "params")` →
/// `models[1].params`. Keys that are not plain identifiers are written `["a key"]`.
enum JSONPath {
    static func child(_ base: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
        if !plain { return base + "[" + JSONValue.quote(key) + "]" }
        return base.isEmpty ? key : base + "." + key
    }
    static func child(_ base: String, _ index: Int) -> String { base + "[\(index)]" }
}

/// Collects errors while the section readers walk the parsed tree. Each typed getter returns nil when
/// the key is absent, `null`, or invalid (recording an error in the last case), so readers write
/// `r.int(obj, "seed", at: path) ?? 0` and keep going after a mistake.
final class SpecReader {
    var errors: [SpecError] = []
    let context: SpecContext

    init(context: SpecContext) { self.context = context }

    func fail(_ kind: SpecError.Kind, _ path: String, _ message: String, fix: String? = nil, at node: JSONNode?) {
        errors.append(SpecError(kind, path: path, message: message, fix: fix, line: node?.line, column: node?.column))
    }

    func fail(_ kind: SpecError.Kind, _ path: String, _ message: String, fix: String? = nil, line: Int?, column: Int?) {
        errors.append(SpecError(kind, path: path, message: message, fix: fix, line: line, column: column))
    }

    func wrongType(_ path: String, expected: String, node: JSONNode) {
        fail(.wrongType, path, "expected \(expected), got \(node.gotDescription)", at: node)
    }

    // MARK: Containers

    /// The node as an object, or nil (with an error) when it is something else.
    func object(_ node: JSONNode, at path: String) -> JSONObject? {
        if case .object(let o) = node.value { return o }
        wrongType(path, expected: "an object", node: node)
        return nil
    }

    /// The member `key` of `obj` as an object; nil when absent or null.
    func object(_ obj: JSONObject, _ key: String, at path: String) -> (JSONObject, JSONNode)? {
        guard let node = obj[key], !node.isNull else { return nil }
        return object(node, at: JSONPath.child(path, key)).map { ($0, node) }
    }

    /// The member `key` as a list of nodes; nil when absent or null.
    func array(_ obj: JSONObject, _ key: String, at path: String) -> ([JSONNode], JSONNode)? {
        guard let node = obj[key], !node.isNull else { return nil }
        if case .array(let items) = node.value { return (items, node) }
        wrongType(JSONPath.child(path, key), expected: "a list", node: node)
        return nil
    }

    /// Reports every key of `obj` not in `allowed`, suggesting the nearest allowed key.
    func rejectUnknownKeys(_ obj: JSONObject, allowed: [String], at path: String, section: String) {
        for m in obj.members where !allowed.contains(m.key) {
            fail(.unknownKey, JSONPath.child(path, m.key), "unknown key in \(section)",
                 fix: Suggestions.fix(m.key, in: allowed, listing: "allowed keys are"), line: m.line, column: m.column)
        }
    }

    /// Reports `key` as missing from `obj` (located at the object itself).
    func missing(_ key: String, in path: String, node: JSONNode?, fix: String? = nil) {
        fail(.missingKey, JSONPath.child(path, key), "required key is missing", fix: fix, at: node)
    }

    // MARK: Scalars

    func string(_ obj: JSONObject, _ key: String, at path: String) -> String? {
        guard let node = obj[key], !node.isNull else { return nil }
        return string(node, at: JSONPath.child(path, key))
    }

    func string(_ node: JSONNode, at path: String) -> String? {
        if case .string(let s) = node.value { return s }
        wrongType(path, expected: "a string", node: node)
        return nil
    }

    func bool(_ obj: JSONObject, _ key: String, at path: String) -> Bool? {
        guard let node = obj[key], !node.isNull else { return nil }
        if case .bool(let b) = node.value { return b }
        wrongType(JSONPath.child(path, key), expected: "true or false", node: node)
        return nil
    }

    /// An integer in `range` (a fractional number with zero fraction is accepted).
    func int(_ obj: JSONObject, _ key: String, at path: String, in range: ClosedRange<Int> = Int.min...Int.max) -> Int? {
        guard let node = obj[key], !node.isNull else { return nil }
        return int(node, at: JSONPath.child(path, key), in: range)
    }

    func int(_ node: JSONNode, at path: String, in range: ClosedRange<Int> = Int.min...Int.max) -> Int? {
        let value: Int
        switch node.value {
        case .int(let i): value = i
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: value = Int(d)
        default:
            wrongType(path, expected: "an integer" + SpecReader.rangeText(range), node: node)
            return nil
        }
        guard range.contains(value) else {
            fail(.invalidValue, path, "expected an integer" + SpecReader.rangeText(range) + ", got \(value)", at: node)
            return nil
        }
        return value
    }

    /// A seed: an integer ≥ 0 (stored as `UInt64`).
    func seed(_ obj: JSONObject, _ key: String, at path: String) -> UInt64? {
        int(obj, key, at: path, in: 0...Int.max).map(UInt64.init)
    }

    /// A number in `range` (inclusive); `what` names the kind in messages ("a number between 0 and 1").
    func double(_ obj: JSONObject, _ key: String, at path: String, in range: ClosedRange<Double>? = nil) -> Double? {
        guard let node = obj[key], !node.isNull else { return nil }
        return double(node, at: JSONPath.child(path, key), in: range)
    }

    func double(_ node: JSONNode, at path: String, in range: ClosedRange<Double>? = nil) -> Double? {
        let value: Double
        switch node.value {
        case .int(let i): value = Double(i)
        case .double(let d): value = d
        default:
            wrongType(path, expected: "a number" + SpecReader.rangeText(range), node: node)
            return nil
        }
        if let range, !range.contains(value) {
            fail(.invalidValue, path, "expected a number" + SpecReader.rangeText(range) + ", got \(node.gotDescription)", at: node)
            return nil
        }
        return value
    }

    /// A string that must be one of an enum's raw values; unknown values get a suggestion.
    func choice<E: RawRepresentable & CaseIterable>(_ obj: JSONObject, _ key: String, at path: String, as: E.Type) -> E?
    where E.RawValue == String {
        guard let node = obj[key], !node.isNull else { return nil }
        return choice(node, at: JSONPath.child(path, key), as: E.self)
    }

    func choice<E: RawRepresentable & CaseIterable>(_ node: JSONNode, at path: String, as: E.Type) -> E?
    where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        guard case .string(let s) = node.value else {
            wrongType(path, expected: "one of " + names.map { "'\($0)'" }.joined(separator: ", "), node: node)
            return nil
        }
        if let value = E(rawValue: s) { return value }
        fail(.invalidValue, path, "unknown value \(node.gotDescription)", fix: Suggestions.fix(s, in: names), at: node)
        return nil
    }

    static func rangeText(_ range: ClosedRange<Int>) -> String {
        switch (range.lowerBound, range.upperBound) {
        case (Int.min, Int.max): return ""
        case (let lo, Int.max): return lo == 0 ? " ≥ 0" : " ≥ \(lo)"
        case (let lo, let hi): return " between \(lo) and \(hi)"
        }
    }

    static func rangeText(_ range: ClosedRange<Double>?) -> String {
        guard let range else { return "" }
        func t(_ d: Double) -> String { d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : d.description }
        if range.upperBound == .infinity { return " ≥ \(t(range.lowerBound))" }
        if range.lowerBound == -.infinity { return " ≤ \(t(range.upperBound))" }
        return " between \(t(range.lowerBound)) and \(t(range.upperBound))"
    }
}
