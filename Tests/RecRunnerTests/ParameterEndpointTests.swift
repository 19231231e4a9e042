import Foundation
import RecSpec
import Testing
@testable import RecRunner

/// Every bound of every declared model parameter, taken through `reclab plan`'s spec validation:
/// an end inside the interval plans, an excluded end or a value just beyond is an error whose JSON
/// path is the parameter's spec key. The declarations are the only source of these facts, so a
/// model that needs stricter values than it declares fails here rather than at run time.
@Suite struct ParameterEndpointTests {
    static let types = ModelRegistry.descriptors.map(\.type)

    @Test(arguments: types)
    func everyEndpointIsPlannedOrRejectedAtItsKey(_ type: String) throws {
        let descriptor = try #require(ModelRegistry.descriptors.first { $0.type == type })
        for p in descriptor.parameters {
            guard let bounds = p.bounds else { continue }
            for (end, included) in [(bounds.lower, bounds.includesLower), (bounds.upper, bounds.includesUpper)] where end.isFinite {
                let step = p.kind == .int ? 1.0 : max(abs(end) * 1e-6, 1e-9)
                let beyond = end == bounds.lower ? end - step : end + step
                let key = "models[0].params.\(p.name)"
                let atEnd = Self.plan(type, descriptor, p.name, Self.literal(end, p.kind))
                if included {
                    // A cross-field rule (neighbours above the default saved_neighbours) may still object.
                    #expect(!atEnd.contains { $0.path == key && $0.message.hasPrefix("expected") },
                            "\(type).\(p.name) = \(end) lies in \(bounds) but plan rejected it: \(atEnd)")
                    // What plan accepts, the model is built from (construction never re-checks).
                    if atEnd.isEmpty {
                        let value: ParamValue = p.kind == .int ? .int(Int(end)) : .double(end)
                        #expect(throws: Never.self, "\(type).\(p.name) = \(end)") {
                            _ = try ModelRegistry.make(type: type, parameters: Self.components(d: descriptor).merging([p.name: value]) { $1 }, seed: 0)
                        }
                    }
                } else {
                    #expect(atEnd.contains { $0.path == key }, "\(type).\(p.name) = \(end) lies outside \(bounds) but plan accepted it")
                }
                let outside = Self.plan(type, descriptor, p.name, Self.literal(beyond, p.kind))
                #expect(outside.contains { $0.path == key && $0.kind == .invalidValue },
                        "\(type).\(p.name) = \(beyond) lies outside \(bounds) but plan accepted it: \(outside)")
            }
        }
    }

    @Test func aWrongKindIsRejectedAtItsKeyForEveryParameter() throws {
        for d in ModelRegistry.descriptors {
            for p in d.parameters {
                let wrong = p.kind == .bool || p.kind == .int || p.kind == .double ? "\"text\"" : "[[1]]"
                let errors = Self.plan(d.type, d, p.name, wrong)
                #expect(errors.contains { $0.path.hasPrefix("models[0].params.\(p.name)") }, "\(d.type).\(p.name) = \(wrong) was accepted")
            }
        }
    }

    /// The spec errors of a one-model spec setting `name` to the JSON `literal`.
    static func plan(_ type: String, _ d: ModelDescriptor, _ name: String, _ literal: String) -> [SpecError] {
        var components = ""
        if let range = d.components {
            let parts = (0..<range.lowerBound).map { "{\"name\": \"c\($0)\", \"type\": \"popularity\"}" }
            components = ", \"components\": [" + parts.joined(separator: ", ") + "]"
        }
        let spec = """
            {"name": "endpoints", "dataset": {"source": "synthetic"},
             "split": {"method": "random_ratio", "ratios": [0.8, 0.1, 0.1]},
             "models": [{"type": "\(type)", "params": {"\(name)": \(literal)}\(components)}],
             "evaluation": {"metrics": ["ndcg@10"]}}
            """
        do {
            _ = try ExperimentSpec.parse(data: Data(spec.utf8), context: ExperimentRunner.specContext)
            return []
        } catch {
            return error.errors
        }
    }

    /// The flat values of the popularity components a composite needs (`c0.type`, …).
    static func components(d: ModelDescriptor) -> [String: ParamValue] {
        guard let range = d.components else { return [:] }
        var out: [String: ParamValue] = [:]
        for k in 0..<range.lowerBound { out["c\(k).type"] = .string("popularity") }
        return out
    }

    static func literal(_ x: Double, _ kind: ParameterKind) -> String {
        kind == .int ? String(Int(x)) : JSONValue.double(x).compactText
    }
}
