import RecConfig
import RecData

/// The knowledge-graph neighbourhood parameters shared by `kg_boost` and `content_based`: how far
/// from an item's entity to walk and how to weight what is found (`NeighbourhoodOptions`).
public struct KnowledgeGraphNeighbourhoodConfig: ParameterGroup {
    @Param(in: 1...3, doc: "knowledge-graph neighbourhood radius")
    public var hops = 1
    @Param(in: 0...1, doc: "weight multiplier per extra hop")
    public var hopDecay: Float = 0.5
    @Param(doc: "weight of a (relation, tail): inverse frequency over items (idf) or uniform")
    public var relationWeighting = RelationWeighting.inverseFrequency
    @Param(in: 0...1_000_000, doc: "entities with more neighbours are not expanded further (0 = no limit)")
    public var maxFanout = 200
    public init() {}

    /// The data layer's options, with `balanceRelations` from the enclosing model.
    public func options(balanceRelations: Bool) -> NeighbourhoodOptions {
        NeighbourhoodOptions(hops: hops, hopDecay: hopDecay, weighting: relationWeighting, maxFanout: maxFanout,
                             balanceRelations: balanceRelations)
    }
}

extension RelationWeighting: ChoiceParameter {}
extension ScoreNormalization: ChoiceParameter {}
extension KnowledgeSource: ChoiceParameter {}
extension TransEDistance: ChoiceParameter {}
