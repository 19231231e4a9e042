import Foundation
import RecData
@testable import RecSpec
import Testing

/// What every method of `SplitMethods.all` must do, so that a new split is its file plus one line in
/// the list: a valid default, values that decode back to it, a spec that names it with its defaults
/// or with every key, and a resolved spec that reads back the same.
@Suite struct SplitMethodContractTests {
    static let methods = SplitMethods.all.map { ObjectIdentifier($0) }

    static func method(_ id: ObjectIdentifier) -> any SplitMethod.Type { SplitMethods.all.first { ObjectIdentifier($0) == id }! }

    static func split(_ m: any SplitMethod.Type, _ members: String = "") -> String {
        let data = m.methodName == PredefinedSplit.methodName
            ? #"{"format": "predefined", "predefined": {"train": "a.csv", "test": "b.csv"}}"# : #"{"source": "ml-100k"}"#
        return spec(["dataset": data, "split": #"{"method": "\#(m.methodName)""# + members + "}",
                     "selection": #"{"split": "test"}"#])
    }

    @Test(arguments: methods) func defaultsAreValidAndDecodeBack(_ id: ObjectIdentifier) throws {
        let m = Self.method(id)
        let d = m.init()
        #expect(d.problems.isEmpty, "\(m.methodName): \(d.problems)")
        #expect(same(try m.decode(d.values), d))
        #expect(Set(m.parameters.map(\.name)).count == m.parameters.count)
        #expect(!m.summary.isEmpty && m.parameters.allSatisfy { !$0.doc.isEmpty })
    }

    @Test(arguments: methods) func specsNameItWithDefaultsOrEveryKey(_ id: ObjectIdentifier) throws {
        let m = Self.method(id)
        let plain = try parse(Self.split(m))
        #expect(same(plain.split.method, m.init()))
        // Every key written out with its default reads the same, and the resolved spec reads back.
        let members = m.init().values.sorted { $0.key < $1.key }.map { ", \"\($0.key)\": \($0.value.json.compactText)" }.joined()
        let explicit = try parse(Self.split(m, members))
        #expect(explicit.split == plain.split)
        let again = try ExperimentSpec.parse(data: explicit.resolvedJSON(), context: TestRegistry.context)
        #expect(again.split == explicit.split && again.resolvedJSON() == explicit.resolvedJSON())
    }

    @Test(arguments: methods) func keysOfNoMethodAreRejectedWithTheirPath(_ id: ObjectIdentifier) {
        let e = errors(Self.split(Self.method(id), #", "ratioss": 1"#))
        #expect(e.count == 1 && e.first?.path == "split.ratioss" && e.first?.kind == .unknownKey)
    }
}
