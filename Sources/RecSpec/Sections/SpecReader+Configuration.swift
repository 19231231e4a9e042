import RecConfig

/// Reading a section straight into the `Configuration` its layer declares (a splitter, the delimited
/// layout, the preprocessing options): the declarations give the keys, kinds, bounds and defaults,
/// so no section lists them again.
extension SpecReader {
    /// The configuration `C` read from the members of `obj` at `path`.
    ///
    /// Every member that `C` declares is checked against its kind and bounds (an error at its JSON
    /// path, line and column, the default kept); `null` means absent. Unless `otherKeys` is nil, a
    /// member that is neither declared nor in `otherKeys` is an unknown key with a did-you-mean fix
    /// (`section` names the section in that message). When every value is valid, the rules of
    /// `C.violations()` are checked and each broken one is reported at the parameter it names (at
    /// `node`, the section's own value, when that parameter is absent).
    func configuration<C: Configuration>(_ type: C.Type, _ obj: JSONObject, at path: String, section: String,
                                         otherKeys: [String]? = [], node: JSONNode? = nil, template: C = C()) -> C {
        let fallback = (line: node?.line ?? obj.members.first?.line, column: node?.column ?? obj.members.first?.column)
        let declared = template.declaredParameters
        if let otherKeys {
            rejectUnknownKeys(obj, allowed: otherKeys + declared.map(\.name), at: path, section: section)
        }
        let errorsBefore = errors.count
        var values: [String: ParamValue] = [:]
        for p in declared {
            guard let node = obj[p.name], !node.isNull else { continue }
            if let v = value(node, p, at: JSONPath.child(path, p.name)) { values[p.name] = v }
        }
        let valid = errors.count == errorsBefore
        let config: C
        do {
            config = try C.decode(values, checkingRules: false, template: template)
        } catch {
            fail(.invalidValue, path, "\(error)", line: fallback.line, column: fallback.column)
            return template
        }
        guard valid else { return config }
        for v in config.violations() {
            var p = JSONPath.child(path, v.parameter)
            var at = obj[v.parameter]
            if let i = v.element {
                p = JSONPath.child(p, i)
                if case .array(let items)? = at?.value, i < items.count { at = items[i] }
            }
            if let at {
                fail(.invalidValue, p, v.message, fix: v.fix, at: at)
            } else {
                fail(.invalidValue, p, v.message, fix: v.fix, line: fallback.line, column: fallback.column)
            }
        }
        return config
    }

    /// One value checked against the declared kind and bounds, or nil (with an error).
    func value(_ node: JSONNode, _ p: ParameterDescriptor, at path: String) -> ParamValue? {
        value(node, kind: p.kind, bounds: p.bounds, name: p.name, expectation: p.expectation, at: path)
    }

    private func value(_ node: JSONNode, kind: ParameterKind, bounds: Bounds?, name: String, expectation: String,
                       at path: String) -> ParamValue? {
        func outOfBounds(_ x: Double) -> Bool { bounds.map { !$0.contains(x) } ?? false }
        switch (kind, node.value) {
        case (.int, .int(let i)):
            if outOfBounds(Double(i)) {
                fail(.invalidValue, path, "expected an integer\(bounds?.phrase ?? ""), got \(i)", at: node)
                return nil
            }
            return .int(i)
        case (.int, .double(let d)) where d.rounded() == d && abs(d) < 9e15:
            return value(JSONNode(value: .int(Int(d)), line: node.line, column: node.column), kind: kind, bounds: bounds,
                         name: name, expectation: expectation, at: path)
        case (.double, .int(let i)):
            if outOfBounds(Double(i)) {
                fail(.invalidValue, path, "expected a number\(bounds?.phrase ?? ""), got \(i)", at: node)
                return nil
            }
            return .double(Double(i))
        case (.double, .double(let d)):
            if outOfBounds(d) {
                fail(.invalidValue, path, "expected a number\(bounds?.phrase ?? ""), got \(node.gotDescription)", at: node)
                return nil
            }
            return .double(d)
        case (.bool, .bool(let b)):
            return .bool(b)
        case (.string, .string(let s)):
            return .string(s)
        case (.choice(let options), .string(let s)):
            if options.contains(s) { return .string(s) }
            fail(.invalidValue, path, "unknown value \(node.gotDescription)", fix: Suggestions.fix(s, in: options), at: node)
            return nil
        case (.optional, .null):
            return .null
        case (.optional(let inner), _):
            return value(node, kind: inner, bounds: bounds, name: name, expectation: expectation, at: path)
        case (.list(let element), .array(let items)):
            let elementPhrase = ParameterDescriptor(name, kind: element, bounds: bounds).expectation
            let read = items.enumerated().map { i, item in
                value(item, kind: element, bounds: bounds, name: name, expectation: elementPhrase, at: JSONPath.child(path, i))
            }
            guard read.allSatisfy({ $0 != nil }) else { return nil }
            return .list(read.map { $0! })
        case (.record(let fields), .object(let obj)):
            rejectUnknownKeys(obj, allowed: fields.map(\.name), at: path, section: "'\(name)'")
            var read: [String: ParamValue] = [:], valid = true
            for field in fields {
                guard let member = obj[field.name], !member.isNull else { continue }
                if let v = value(member, field, at: JSONPath.child(path, field.name)) { read[field.name] = v } else { valid = false }
            }
            return valid ? .record(read) : nil
        case (.oneOf(let kinds), _):
            // The first alternative that reads this JSON type decides (numbers for an index, strings for a name).
            if let k = kinds.first(where: { Self.reads($0, node.value) }) {
                if case .choice(let options) = k, case .string(let s) = node.value, !options.contains(s) {
                    fail(.invalidValue, path, "expected \(expectation), got \(node.gotDescription)",
                         fix: Suggestions.didYouMean(s, in: options), at: node)
                    return nil
                }
                return value(node, kind: k, bounds: bounds, name: name, expectation: expectation, at: path)
            }
        default:
            break
        }
        wrongType(path, expected: expectation, node: node)
        return nil
    }

    /// Whether `kind` reads values of this JSON type.
    private static func reads(_ kind: ParameterKind, _ value: JSONNode.Value) -> Bool {
        switch (kind, value) {
        case (.int, .int), (.double, .int), (.double, .double), (.bool, .bool), (.string, .string), (.choice, .string),
             (.list, .array), (.record, .object):
            return true
        case (.int, .double(let d)): return d.rounded() == d
        case (.optional(let inner), _): return reads(inner, value)
        default: return false
        }
    }
}
