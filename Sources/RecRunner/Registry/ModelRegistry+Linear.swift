import RecModels
import RecSpec

extension ModelRegistry {
    /// Closed-form linear item-item models.
    static let linear: [ModelFactory] = [
        ModelFactory(descriptor: ModelDescriptor(
            type: "ease", summary: "EASE^R: closed-form item-item weights with a zero diagonal (Steck 2019), solved through LAPACKE.",
            parameters: [ParameterDescriptor("lambda", kind: .double, default: .double(500), range: 0...1e9, doc: "L2 penalty on the item-item weights"),
                         ParameterDescriptor("binarize", kind: .bool, default: .bool(true), doc: "fit on 0/1 interactions instead of rating values"),
                         ParameterDescriptor("max_items", kind: .int, default: .int(20_000), range: 1...200_000,
                                             doc: "refuse catalogues larger than this (the model is items × items dense)")])) { p, _ in
            EASE(lambda: Float(p.double("lambda", default: 500)), binarize: p.bool("binarize", default: true),
                 maxItems: p.int("max_items", default: 20_000))
        },
    ]
}
