import RecConfig

/// The `streaming` section: how `reclab replay` evaluates the spec's models prequentially (Alpenglow,
/// StreamingRec): train on the interactions before a cut time, then replay the rest in time order —
/// for each event recommend to its user first, score the revealed item, then let the model see it.
/// Outside the fingerprint: it changes no result of `reclab run`.
public struct StreamingSpec: Configuration, Equatable {
    @Param(in: Bounds(lower: 0, upper: 1, includesLower: false, includesUpper: false),
           doc: "share of the interactions, in time order, before the cut: the models train on them and the rest is replayed")
    public var cut = 0.8
    @Param(in: 1...1000, doc: "list length k of hit@k and ndcg@k of each revealed item")
    public var cutoff = 10
    @Param(in: 0...100_000_000, doc: "the `retrain` mode trains the model again on everything seen every this many replayed events (0: no retrain mode)")
    public var retrainEvery = 5000
    @Param(in: Bounds(lower: 0, upper: 10_000, includesLower: false), doc: "length of the time windows the results are also broken into, in days")
    public var windowDays = 30.0

    /// 80% before the cut, k = 10, retraining every 5,000 events, 30-day windows.
    public init() {}
}
