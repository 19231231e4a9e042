import Foundation
import RecModels
import RecSpec
import Testing
@testable import RecRunner

/// The model registry, its catalogue and the spec layer agree.
@Suite struct ModelCatalogTests {
    @Test func docsModelsMatchesTheRegistry() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/models.md"), encoding: .utf8)
        #expect(doc == ModelCatalog.markdown(), "regenerate with: reclab models --markdown > docs/models.md")
    }

    @Test func everyRegisteredTypeBuildsWithItsDefaults() throws {
        for d in ModelRegistry.descriptors where d.components == nil {
            var values: [String: ParamValue] = [:]
            for p in d.parameters { values[p.name] = p.defaultValue }
            let model = try ModelRegistry.make(type: d.type, parameters: values, seed: 1)
            #expect(model.typeName == d.type)
        }
        #expect(Set(ModelRegistry.descriptors.map(\.type)).count == ModelRegistry.descriptors.count)
    }

    @Test func componentParametersReachTheirModel() throws {
        let values: [String: ParamValue] = ["alpha": .double(0.2), "base.type": .string("biased_mf"), "base.factors": .int(8),
                                            "other.type": .string("popularity"), "other.damping": .double(3)]
        let split = ComponentValues(values)
        #expect(split.componentNames == ["base", "other"])
        #expect(split.own == ["alpha": .double(0.2)])
        let base = try #require(split.components["base"])
        #expect(base.type == "biased_mf" && base.values == ["factors": .int(8)])
        let model = try ModelRegistry.make(type: "kg_boost", parameters: ["alpha": .double(0.2), "base.type": .string("biased_mf"),
                                                                          "base.factors": .int(8)], seed: 0)
        let boost = try #require(model as? KGBoost)
        #expect(boost.alpha == 0.2)
        #expect(boost.base.typeName == "biased_mf")
        #expect((boost.base as? BiasedMF)?.factors == 8)
        #expect(throws: Error.self) { try ModelRegistry.make(type: "kg_boost", parameters: ["alpha": .double(0.2)], seed: 0) }
    }
}
