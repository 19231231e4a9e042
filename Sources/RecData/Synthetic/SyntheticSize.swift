import Foundation
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
    @Param(in: 1...100_000_000, doc: "number of users")
    public var users = 600
    @Param(in: 1...100_000_000, doc: "number of items")
    public var items = 400
    @Param(in: 1...4_000_000_000, doc: "number of (user, item) interactions, at most users × items and what this machine's memory holds")
    public var interactions = 20_000
    @Param(in: .atLeast(0), doc: "generator seed")
    public var seed: UInt64 = 0

    /// A spec's default: 600 users, 400 items, 20 000 interactions, seed 0 (`SyntheticOptions.small` is
    /// the same size with seed 42).
    public init() {}

    /// The interactions fit the user × item matrix, and the generation fits this machine's memory.
    public func violations() -> [ConfigurationViolation] {
        let (cells, overflow) = users.multipliedReportingOverflow(by: items)
        if !overflow, interactions > cells {
            return [ConfigurationViolation("interactions", "\(interactions) interactions do not fit \(users) users × \(items) items")]
        }
        let available = ProcessInfo.processInfo.physicalMemory
        if estimatedBytes > available {
            return [ConfigurationViolation("interactions", "generating \(users) users × \(items) items with \(interactions) interactions needs about "
                                           + "\(Self.gibibytes(estimatedBytes)) of memory; this machine has \(Self.gibibytes(available))",
                                           fix: "generate fewer interactions")]
        }
        return []
    }

    /// Peak memory of generating, splitting and caching this size, an upper estimate: the
    /// interaction columns (user, item, rating, timestamp: 20 bytes) about three times over (the
    /// generator's, the dataset's, a split's), and each user's and item's latent taste, bias,
    /// cluster and attributes (about 256 bytes).
    public var estimatedBytes: UInt64 {
        UInt64(interactions) * 64 + UInt64(users + items) * 256
    }

    static func gibibytes(_ bytes: UInt64) -> String {
        let g = Double(bytes) / Double(1 << 30)
        return g >= 10 ? "\(Int(g.rounded())) GiB" : "\((g * 10).rounded() / 10) GiB"
    }
}
