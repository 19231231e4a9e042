import RecConfig

/// The size and seed of a synthetic dataset: the part of `SyntheticOptions` a spec sets
/// (`dataset.synthetic`), read straight from these declarations. Every other generator option keeps
/// its `SyntheticOptions` default.
///
/// ```swift
/// let size = try SyntheticSize.decode(["users": .int(50), "interactions": .int(1_000)])
/// let data = SyntheticGenerator(SyntheticOptions(size)).generate()
/// ```
public struct SyntheticSize: Configuration {
    @Param(in: .atLeast(1), doc: "number of users")
    public var users = 600
    @Param(in: .atLeast(1), doc: "number of items")
    public var items = 400
    @Param(in: .atLeast(1), doc: "number of (user, item) interactions, at most users × items")
    public var interactions = 20_000
    @Param(in: .atLeast(0), doc: "generator seed")
    public var seed: UInt64 = 0

    /// A spec's default: 600 users, 400 items, 20 000 interactions, seed 0 (`SyntheticOptions.small` is
    /// the same size with seed 42).
    public init() {}

    /// The interactions fit the user × item matrix.
    public func violations() -> [ConfigurationViolation] {
        let (cells, overflow) = users.multipliedReportingOverflow(by: items)
        guard !overflow, interactions > cells else { return [] }
        return [ConfigurationViolation("interactions", "\(interactions) interactions do not fit \(users) users × \(items) items")]
    }
}
