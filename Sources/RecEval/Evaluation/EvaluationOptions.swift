import RecConfig

/// The scalar options of the spec's `evaluation` section, declared once: what counts as relevant and
/// which per-trial files are written. (The section's `metrics`, `candidates` and `subgroups` are small
/// grammars of their own, read by RecSpec against the metric registry and the dataset.)
///
/// ```swift
/// let options = try EvaluationOptions.decode(["relevance_threshold": .double(4), "top_k_output": .int(10)])
/// ```
public struct EvaluationOptions: Configuration, Equatable {
    @Param(doc: "minimum rating that counts as relevant; null counts every held-out interaction as relevant")
    public var relevanceThreshold: Double? = nil
    @Param(in: 0...100_000, doc: "items of each test user's top-K list written to `topk/<model>.tsv` and the trial store's `<key>.topk.tsv` (0 = none)")
    public var topKOutput = 0
    @Param(doc: "write every test interaction's rating prediction (`predictions/<model>.tsv`; models that predict ratings on rated data)")
    public var predictionsOutput = false

    /// Every file off, every held-out interaction relevant.
    public init() {}

    /// A finite threshold: NaN or ±∞ would make every interaction relevant or none.
    public func violations() -> [ConfigurationViolation] {
        guard let t = relevanceThreshold, !t.isFinite else { return [] }
        return [ConfigurationViolation("relevance_threshold", "the threshold must be a finite number")]
    }
}
