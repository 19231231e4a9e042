/// One problem found in a spec: where it is (a JSON path such as `models[1].params.learning_rate`, plus
/// the line and column in the file when known), what is wrong, and how to fix it.
///
/// ```text
/// quickstart.json:14:9: models[1].params.lerning_rate: unknown parameter of model type 'biased_mf'; did you mean 'learning_rate'?
/// ```
public struct SpecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is, for callers that branch on it.
    public enum Kind: String, Sendable, Hashable {
        /// The file is not valid JSON.
        case syntax
        /// A key that the section does not define.
        case unknownKey
        /// A required key is absent.
        case missingKey
        /// A value of the wrong JSON type (a string where a number belongs, …).
        case wrongType
        /// A value of the right type that is not allowed (out of range, not in the set, …).
        case invalidValue
        /// A model type the registry does not know.
        case unknownModelType
        /// A metric name the registry does not know, or a malformed metric string.
        case unknownMetric
        /// Two entries that must be distinct are not (model names, metrics, seeds).
        case duplicate
        /// Sections that contradict each other (a grid sweep with a distribution, selection on a
        /// split without validation data, …).
        case conflict
        /// A file or folder that does not exist.
        case missingFile
        /// The file could not be read.
        case io
    }

    /// The kind of problem.
    public var kind: Kind
    /// JSON path of the offending value (`""` for the document itself).
    public var path: String
    /// What is wrong.
    public var message: String
    /// How to fix it, e.g. `did you mean 'learning_rate'?`, when RecSpec can tell.
    public var fix: String?
    /// 1-based line in the spec file, when known.
    public var line: Int?
    /// 1-based column in the spec file, when known.
    public var column: Int?

    /// Creates an error; `line`/`column` locate it in the file.
    /// The message, path and fix are each cut to `maxPartLength` characters: a spec may hold
    /// megabytes in one string, and an error quotes, never echoes.
    public init(_ kind: Kind, path: String, message: String, fix: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.kind = kind; self.path = Self.cut(path); self.message = Self.cut(message); self.fix = fix.map(Self.cut)
        self.line = line; self.column = column
    }

    /// Longest path, message or fix an error carries.
    public static let maxPartLength = 400

    static func cut(_ text: String) -> String {
        text.count <= maxPartLength ? text : String(text.prefix(maxPartLength - 1)) + "…"
    }

    /// `line:column: path: message; fix` (parts omitted when unknown).
    public var description: String {
        var text = ""
        if let line, let column { text += "\(line):\(column): " }
        if !path.isEmpty { text += path + ": " }
        text += message
        if let fix { text += "; " + fix }
        return text
    }
}

/// Every problem found in one spec, thrown by `ExperimentSpec.parse`/`load`. The list is complete:
/// validation does not stop at the first error, so one run of `reclab plan` shows all of them.
public struct SpecErrorList: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order (line, then column; problems without a position last).
    public var errors: [SpecError]
    /// Name of the spec (file path or label) used in the rendering.
    public var source: String

    /// Wraps `errors` found in `source`.
    public init(errors: [SpecError], source: String) {
        self.errors = errors; self.source = source
    }

    /// One line per error, each prefixed by the source name, like compiler diagnostics.
    public var description: String {
        let header = "\(source): \(errors.count) problem\(errors.count == 1 ? "" : "s") in experiment spec"
        return ([header] + errors.map { "\(source):\($0)" }).joined(separator: "\n")
    }
}
