import ArgumentParser
import Foundation
import RecCore
import RecRunner
import RecServe

/// `reclab serve RUN`: a saved model of a run behind HTTP, folding in new events.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a run's saved model over HTTP: recommendations, similar items, profiles, and events folded in as they arrive.",
        discussion: """
            Loads RUN/models/<model>.h5 (written by `reclab run`, see output.save_models). Routes: GET /recommend/{user}?n=10&exclude_seen=true, \
            GET /similar/{item}?n=10, GET /profile/{user}, POST /events (JSON array or JSON lines of {user, item, rating?, timestamp?}), \
            PUT /users/{user} (attributes), DELETE /users/{user}, GET /health, GET /metrics (Prometheus). Every change is written to \
            RUN/serve/<model>.events.jsonl and flushed before it is acknowledged; a restarted server replays it.
            """)

    @Argument(help: "A run folder (results/<name>/<id>) or a saved model file (.h5).")
    var source: String

    @Option(help: "Which of the run's models (the name in the spec); needed when the run saved several.")
    var model: String?

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed when listening).")
    var port = 8080

    @Option(help: "The write-ahead event log (default RUN/serve/<model>.events.jsonl).")
    var eventLog: String?

    func run() throws {
        let path = try modelPath()
        let saved = try SavedModel.read(from: path)
        let folder = source.hasSuffix(".h5") ? ((path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent : source
        let logPath = eventLog ?? "\(folder)/serve/\(saved.header.model).events.jsonl"
        // Concurrent requests each score one user: BLAS threads would only contend with them.
        BLAS.setThreads(1)
        let state = try ServingState(saved: saved, log: try EventLog(path: logPath), warn: Console.error)
        let banner = "serving \(saved.header.model) (\(saved.header.type)\(state.foldsIn ? ", folds events in" : ""))"
            + " — event log \(logPath), \(state.eventsFolded) events replayed"
        let app = RecommendationServer.application(state: state, host: host, port: port) { [host] bound in
            // The listening line is what scripts and tests wait for: written at once, not buffered.
            FileHandle.standardOutput.write(Data("\(banner)\nlistening on http://\(host):\(bound)\n".utf8))
        }
        let done = DispatchSemaphore(value: 0)
        let failure = LockedError()
        Task {
            do { try await app.runService() } catch { failure.set(error) }
            done.signal()
        }
        done.wait()
        if let error = failure.value { throw error }
    }

    /// RUN itself when it is a file, else RUN/models/<model>.h5 (the only one when --model is not given).
    func modelPath() throws -> String {
        if source.hasSuffix(".h5") { return source }
        let models = source + "/models"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: models)) ?? [])
            .filter { $0.hasSuffix(".h5") }.map { String($0.dropLast(3)) }.sorted()
        if let model {
            guard names.contains(model) else {
                throw ValidationError("\(models) has no model '\(model)'" + (names.isEmpty ? "" : "; it has \(names.joined(separator: ", "))"))
            }
            return "\(models)/\(model).h5"
        }
        guard !names.isEmpty else {
            throw ValidationError("\(source) has no saved models (models/*.h5): run the spec with output.save_models \"selected\" (the default) or \"all\"")
        }
        guard names.count == 1 else { throw ValidationError("\(source) saved \(names.count) models: choose one with --model (\(names.joined(separator: ", ")))") }
        return "\(models)/\(names[0]).h5"
    }
}

/// An error handed from the server task to the waiting command.
private final class LockedError: @unchecked Sendable {
    private let lock = NSLock()
    private var error: (any Error)?
    func set(_ e: any Error) { lock.lock(); error = e; lock.unlock() }
    var value: (any Error)? { lock.lock(); defer { lock.unlock() }; return error }
}
