import Foundation
import RecConfig
import RecCore
import RecSpec

/// The configurations a TPE sweep proposed, one file per configuration number in the run folder
/// (`tpe/<model>/<c>.json`, the parameters as JSON), created once and never replaced: the first
/// process to store number `c` decides it, and every later one (another shard, the finishing run, a
/// resumed run) uses it. So shards can propose while the others train, and the run's tables are
/// made from one set of proposals however the shards' timing went.
struct TPEProposals {
    /// `<run folder>/tpe`.
    let folder: String

    private func path(_ model: String, _ c: Int) -> String {
        "\(folder)/\(model.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? model)/\(c).json"
    }

    /// The file's layout: numbers by kind, since JSON writes the double 40.0 as `40`, which would read
    /// back as an integer and change the trial's key.
    private struct Stored: Codable {
        var ints: [String: Int] = [:]
        var doubles: [String: Double] = [:]
        var others: [String: ParamValue] = [:]

        init(_ params: [String: ParamValue]) {
            for (name, value) in params {
                switch value {
                case .int(let i): ints[name] = i
                case .double(let d): doubles[name] = d
                default: others[name] = value
                }
            }
        }

        var params: [String: ParamValue] {
            ints.mapValues(ParamValue.int).merging(doubles.mapValues(ParamValue.double)) { a, _ in a }.merging(others) { a, _ in a }
        }
    }

    /// Configuration `c` of `model` as stored, or nil when none is (or it cannot be read).
    func stored(_ model: String, _ c: Int) -> [String: ParamValue]? {
        guard let data = FileManager.default.contents(atPath: path(model, c)) else { return nil }
        return (try? JSONDecoder().decode(Stored.self, from: data))?.params
    }

    /// Stores `params` as configuration `c` of `model` unless one is stored already. Returns the one
    /// stored and whether this call stored it.
    func claim(_ model: String, _ c: Int, _ params: [String: ParamValue]) throws -> (params: [String: ParamValue], claimed: Bool) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        if try AtomicFile.writeIfAbsent(encoder.encode(Stored(params)), to: path(model, c)) { return (params, true) }
        guard let kept = stored(model, c) else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path(model, c)])
        }
        return (kept, false)
    }
}
