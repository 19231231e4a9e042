import Foundation

/// The server's write-ahead log (`<run>/serve/<model>.events.jsonl`): every change is appended and
/// flushed to disk (`fsync`) before it is acknowledged, so a server killed at any moment and started
/// again replays it and loses nothing it said it had.
///
/// One JSON object per line: `{"op":"events","events":[…]}`, `{"op":"user","user":…,"attributes":{…}}`,
/// `{"op":"delete","user":…}`. Forgetting a user rewrites the log without any line about them
/// (atomically); only a user of the saved model's own data keeps a bare `delete` line, which is what
/// keeps their training history out of the state after a restart.
public final class EventLog: @unchecked Sendable {
    /// One change to the served state.
    public enum Entry: Equatable, Sendable {
        /// Interactions folded in.
        case events([ServeEvent])
        /// A user created or updated from attributes.
        case user(id: String, attributes: [String: String])
        /// A user forgotten.
        case delete(id: String)

        /// The users the entry is about.
        var users: Set<String> {
            switch self {
            case .events(let e): return Set(e.map(\.user))
            case .user(let id, _), .delete(let id): return [id]
            }
        }
    }

    /// The log file.
    public let path: String
    private var descriptor: Int32 = -1

    /// Opens (creating) the log at `path` for appending.
    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try reopen()
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    private func reopen() throws {
        if descriptor >= 0 { close(descriptor) }
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw EventLogError(path: path, line: nil, detail: "cannot open for appending: \(String(cString: strerror(errno)))") }
    }

    /// Reads every entry. A last line without its newline is a write the server never acknowledged
    /// (it was killed mid-append): it is cut off, with a warning through `warn`. Any other line that
    /// does not parse is damage: an error naming `path:line`, never a guess.
    public func replay(warn: (String) -> Void) throws -> [Entry] {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return [] }
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if data.last != UInt8(ascii: "\n") {
            let torn = lines.removeLast()
            warn("warning: \(path): the last line (\(torn.count) bytes) was never completed (the server stopped while writing it); dropping it")
            guard truncate(path, off_t(data.count - torn.count)) == 0 else {
                throw EventLogError(path: path, line: lines.count + 1, detail: "cannot cut off the incomplete line: \(String(cString: strerror(errno)))")
            }
        }
        var entries: [Entry] = []
        for (n, line) in lines.enumerated() where !line.isEmpty {
            guard let entry = Self.decode(Data(line)) else {
                throw EventLogError(path: path, line: n + 1, detail: "not a log entry: \(String(decoding: line.prefix(60), as: UTF8.self))")
            }
            entries.append(entry)
        }
        return entries
    }

    /// Appends `entry` and flushes it to disk before returning.
    public func append(_ entry: Entry) throws {
        var bytes = Self.encode(entry)
        bytes.append(UInt8(ascii: "\n"))
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw EventLogError(path: path, line: nil, detail: "write failed: \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
        guard fsync(descriptor) == 0 else { throw EventLogError(path: path, line: nil, detail: "fsync failed: \(String(cString: strerror(errno)))") }
    }

    /// Rewrites the log as `entries`, atomically and durably: a temporary file is written, flushed to
    /// disk and renamed over the log, then the folder is flushed, so a forgotten user's lines are gone
    /// from the disk, not only from the name.
    public func rewrite(_ entries: [Entry]) throws {
        var text = Data()
        for e in entries { text.append(Self.encode(e)); text.append(UInt8(ascii: "\n")) }
        let tmp = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: nil), let handle = FileHandle(forWritingAtPath: tmp) else {
            throw EventLogError(path: tmp, line: nil, detail: "cannot create the rewritten log")
        }
        do {
            try handle.write(contentsOf: text)
            try handle.synchronize()
            try handle.close()
            guard rename(tmp, path) == 0 else { throw EventLogError(path: path, line: nil, detail: "rename failed: \(String(cString: strerror(errno)))") }
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
        }
        let folder = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_CLOEXEC)
        if folder >= 0 { fsync(folder); close(folder) }
        try reopen()
    }

    static func encode(_ entry: Entry) -> Data {
        let object: [String: Any]
        switch entry {
        case .events(let events):
            object = ["op": "events", "events": events.map { e -> [String: Any] in
                var o: [String: Any] = ["user": e.user, "item": e.item, "timestamp": e.timestamp]
                if let r = e.rating { o["rating"] = Double(r) }
                return o
            }]
        case .user(let id, let attributes): object = ["op": "user", "user": id, "attributes": attributes]
        case .delete(let id): object = ["op": "delete", "user": id]
        }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    static func decode(_ line: Data) -> Entry? {
        guard let o = try? JSONSerialization.jsonObject(with: line) as? [String: Any], let op = o["op"] as? String else { return nil }
        switch op {
        case "events":
            guard let list = o["events"] as? [Any],
                  let events = try? list.enumerated().map({ try ServeEvent.event(from: $1, at: "events[\($0)]", now: 0) }) else { return nil }
            return .events(events)
        case "user":
            guard let id = o["user"] as? String, let attributes = o["attributes"] as? [String: String] else { return nil }
            return .user(id: id, attributes: attributes)
        case "delete":
            guard let id = o["user"] as? String else { return nil }
            return .delete(id: id)
        default: return nil
        }
    }
}

/// The event log cannot be read or written.
public struct EventLogError: Error, CustomStringConvertible {
    /// The log file.
    public let path: String
    /// The 1-based line at fault, if one is.
    public let line: Int?
    /// What went wrong.
    public let detail: String

    public var description: String { path + (line.map { ":\($0)" } ?? "") + ": " + detail }
}
