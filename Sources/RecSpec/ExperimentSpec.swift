import Foundation

/// A validated experiment: data, split, models with their sweeps, evaluation and run settings, with
/// every default filled in.
///
/// Specs are JSON files (see docs/spec.md). Loading validates everything at once against the runner's
/// registry and throws a `SpecErrorList` naming each problem by JSON path, line and column.
///
/// ```swift
/// let spec = try ExperimentSpec.load(path: "experiments/quickstart.json", context: ctx)
/// try spec.resolvedJSON().write(to: runFolder.appendingPathComponent("spec.resolved.json"))
/// for trial in try spec.trials() { … }
/// ```
public struct ExperimentSpec: Sendable, Equatable {
    /// Experiment name, `[A-Za-z0-9._-]+`; names the run folder.
    public var name: String
    /// Free text.
    public var description: String?
    /// Where the data comes from and how it is cleaned.
    public var dataset: DatasetSpec
    /// Train / validation / test split.
    public var split: SplitSpec
    /// User and item profiles to build (none by default).
    public var profiles: ProfilesSpec
    /// Models, in spec order.
    public var models: [ModelSpec]
    /// Model seeds every configuration is replicated over (default `[0]`).
    public var seeds: [UInt64]
    /// Metrics, candidates, subgroups and outputs.
    public var evaluation: EvaluationSpec
    /// How the best configuration of each model is chosen.
    public var selection: SelectionSpec
    /// Early stopping for epoch-trained models, when set (a model's own `early_stopping` overrides it).
    public var earlyStopping: EarlyStoppingSpec?

    /// The early stopping that applies to model `name`: its own, else the spec's, else none.
    public func earlyStopping(for name: String) -> EarlyStoppingSpec? {
        models.first { $0.name == name }?.earlyStopping ?? earlyStopping
    }
    /// Concurrency.
    public var parallelism: ParallelismSpec
    /// Output location.
    public var output: OutputSpec
    /// Prequential replay settings (`reclab replay`).
    public var streaming: StreamingSpec
    /// Non-fatal remarks (e.g. early stopping set but no model trains in epochs).
    public var warnings: [SpecError]

    static let keys = ["name", "description", "dataset", "split", "profiles", "models", "seeds", "evaluation",
                       "selection", "early_stopping", "parallelism", "output", "streaming"]

    /// Reads and validates the spec file at `path`.
    public static func load(path: String, context: SpecContext) throws(SpecErrorList) -> ExperimentSpec {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SpecErrorList(errors: [SpecError(.io, path: "", message: "cannot read the spec file: \(error.localizedDescription)")],
                                source: path)
        }
        return try parse(data: data, source: path, context: context)
    }

    /// Parses and validates spec text; `source` names it in error messages.
    public static func parse(data: Data, source: String = "spec", context: SpecContext) throws(SpecErrorList) -> ExperimentSpec {
        let root: JSONNode
        do {
            root = try JSONParser.parse(Array(data))
        } catch {
            throw SpecErrorList(errors: [SpecError(.syntax, path: "", message: "invalid JSON: \(error.message)",
                                                   line: error.line, column: error.column)], source: source)
        }
        let r = SpecReader(context: context)
        let spec = read(root, r)
        if !r.errors.isEmpty || spec == nil {
            // Report in file order; errors without a position (missing sections) come last.
            let ordered = r.errors.enumerated().sorted { a, b in
                let ka = (a.element.line ?? Int.max, a.element.column ?? 0, a.offset)
                let kb = (b.element.line ?? Int.max, b.element.column ?? 0, b.offset)
                return ka < kb
            }.map(\.element)
            throw SpecErrorList(errors: ordered, source: source)
        }
        return spec!
    }

    /// Longest experiment or model name: it names a folder or file (`topk/<model>.tsv`), and file
    /// names stop at 255 bytes.
    static let maxNameLength = 100

    static func isValidName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= maxNameLength && s != "." && s != ".." && s.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-"
        }
    }

    /// A name as an error quotes it: at most 40 characters.
    static func quotedName(_ n: JSONNode) -> String {
        guard case .string(let s) = n.value, s.count > 40 else { return n.gotDescription }
        return JSONValue.quote(String(s.prefix(40)) + "…") + " (\(s.count) characters)"
    }

    private static func read(_ root: JSONNode, _ r: SpecReader) -> ExperimentSpec? {
        guard let obj = r.object(root, at: "") else { return nil }
        r.rejectUnknownKeys(obj, allowed: keys, at: "", section: "the experiment spec")
        var warnings: [SpecError] = []

        let name = r.string(obj, "name", at: "") ?? ""
        if obj["name"] == nil { r.missing("name", in: "", node: root, fix: "add e.g. \"name\": \"quickstart\"") }
        else if let n = obj["name"], case .string = n.value, !isValidName(name) {
            r.fail(.invalidValue, "name", "\(Self.quotedName(n)) may only use letters, digits, '.', '_' and '-', at most \(maxNameLength) (it names a folder)", at: n)
        }
        let description = r.string(obj, "description", at: "")
        let dataset = DatasetSpec.read(obj["dataset"], r)
        let split = SplitSpec.read(obj["split"], datasetFormat: dataset.format, r)
        let profiles = ProfilesSpec.read(obj["profiles"], r)
        var models = ModelSpec.readAll(obj["models"], r)
        let seeds = readSeeds(obj, r)
        let evaluation = EvaluationSpec.read(obj["evaluation"], r)
        let (hasValidation, whyNot) = split.validationAvailability(predefined: dataset.predefined)
        let noValidation = "split '\(split.methodName)' has no validation set (\(whyNot))"

        // selection
        var selection = SelectionSpec(metric: evaluation.metrics.first ?? MetricSpec("none"),
                                      split: hasValidation ? .validation : .test, refit: false)
        let selectionObject = r.object(obj, "selection", at: "")
        if let (s, _) = selectionObject {
            r.rejectUnknownKeys(s, allowed: ["metric", "split", "refit", "reference"], at: "selection", section: "selection")
            if let m = s["metric"], !m.isNull, let metric = MetricSpec.parseOne(m, path: "selection.metric", evaluated: evaluation.metrics, r) {
                selection.metric = metric
            }
            if let explicit = r.choice(s, "split", at: "selection", as: SelectionSplit.self) {
                selection.split = explicit
                if explicit == .validation && !hasValidation {
                    r.fail(.conflict, "selection.split", noValidation,
                           fix: "give the split a validation part, or select on \"test\" (optimistic)", at: s["split"])
                }
            }
            selection.refit = r.bool(s, "refit", at: "selection") ?? false
            if let node = s["reference"], !node.isNull, let name = r.string(node, at: "selection.reference") {
                let names = models.map(\.name)
                if names.contains(name) { selection.reference = name } else {
                    r.fail(.conflict, "selection.reference", "'\(name)' is not the name of a model in this spec",
                           fix: Suggestions.didYouMean(name, in: names) ?? "use one of " + names.map { "'\($0)'" }.joined(separator: ", "),
                           at: node)
                }
            }
        }
        let compared = models.filter { $0.configurationCount > 1 }
        let explicitSplit = selectionObject.map { $0.0["split"].map { !$0.isNull } ?? false } ?? false
        if !hasValidation && !explicitSplit, let first = compared.first {
            r.fail(.conflict, "selection.split",
                   "model '\(first.name)' compares \(first.configurationCount) configurations, but \(noValidation)",
                   fix: "give the split a validation part, or set \"selection\": {\"split\": \"test\"} to select on test data",
                   at: obj["selection"] ?? obj["split"])
        }

        // early stopping: the section, then each model's own over it
        var earlyStopping: EarlyStoppingSpec? = nil
        if let (e, enode) = r.object(obj, "early_stopping", at: "") {
            let path = "early_stopping"
            earlyStopping = EarlyStoppingSpec.read(e, at: path, base: .defaults, evaluated: evaluation.metrics, r)
            if !hasValidation {
                r.fail(.conflict, path, "early stopping watches validation scores, but \(noValidation)",
                       fix: "give the split a validation part, or remove early_stopping", at: enode)
            }
            if !models.isEmpty && !models.contains(where: \.epochTrained) {
                warnings.append(SpecError(.conflict, path: path, message: "no model in this spec trains in epochs; early_stopping has no effect",
                                          line: enode.line, column: enode.column))
            }
        }

        if case .array(let items)? = obj["models"]?.value, items.count == models.count {
            for (i, item) in items.enumerated() {
                guard case .object(let m) = item.value, let node = m["early_stopping"], !node.isNull else { continue }
                let path = JSONPath.child(JSONPath.child("models", i), "early_stopping")
                guard let e = r.object(node, at: path) else { continue }
                models[i].earlyStopping = EarlyStoppingSpec.read(e, at: path, base: earlyStopping ?? .defaults, evaluated: evaluation.metrics, r)
                if !models[i].epochTrained {
                    r.fail(.conflict, path, "model type '\(models[i].type)' does not train in epochs, so nothing can stop early",
                           fix: "remove \"early_stopping\" from this model", at: node)
                } else if !hasValidation {
                    r.fail(.conflict, path, "early stopping watches validation scores, but \(noValidation)",
                           fix: "give the split a validation part, or remove early_stopping", at: node)
                }
            }
        }

        // Halving ranks a model's configurations against each other: with one there is nothing to rank.
        for (i, model) in models.enumerated() where model.epochTrained && model.configurationCount == 1 {
            guard (model.earlyStopping ?? earlyStopping)?.halving != nil else { continue }
            let own = model.earlyStopping?.halving != nil
            warnings.append(SpecError(.conflict, path: own ? "models[\(i)].early_stopping.halving" : "early_stopping.halving",
                                      message: "model '\(model.name)' has one configuration; halving has nothing to compare it with and stops nothing"))
        }

        let parallelism = r.object(obj, "parallelism", at: "").map { p, node in
            r.configuration(ParallelismSpec.self, p, at: "parallelism", section: "parallelism", node: node)
        } ?? ParallelismSpec()
        let output = r.object(obj, "output", at: "").map { o, node in
            r.configuration(OutputSpec.self, o, at: "output", section: "output", node: node)
        } ?? OutputSpec()
        let streaming = r.object(obj, "streaming", at: "").map { o, node in
            r.configuration(StreamingSpec.self, o, at: "streaming", section: "streaming", node: node)
        } ?? StreamingSpec()
        return ExperimentSpec(name: name, description: description, dataset: dataset, split: split, profiles: profiles,
                              models: models, seeds: seeds, evaluation: evaluation, selection: selection,
                              earlyStopping: earlyStopping, parallelism: parallelism, output: output, streaming: streaming,
                              warnings: warnings)
    }

    private static func readSeeds(_ obj: JSONObject, _ r: SpecReader) -> [UInt64] {
        guard let (items, node) = r.array(obj, "seeds", at: "") else { return [0] }
        if items.isEmpty {
            r.fail(.invalidValue, "seeds", "the list of seeds is empty", fix: "use e.g. [0] or remove the key", at: node)
            return [0]
        }
        var seeds: [UInt64] = []
        for (i, item) in items.enumerated() {
            guard let s = r.int(item, at: JSONPath.child("seeds", i), in: 0...Int.max).map(UInt64.init) else { continue }
            if seeds.contains(s) { r.fail(.duplicate, JSONPath.child("seeds", i), "seed \(s) is listed twice", at: item) }
            else { seeds.append(s) }
        }
        return seeds
    }

    /// The spec with every default filled in, as a JSON value (see `resolvedJSON()`).
    public var resolved: JSONValue {
        var selectionJSON: [String: JSONValue] = ["metric": .string(selection.metric.description),
                                                  "split": .string(selection.split.rawValue), "refit": .bool(selection.refit)]
        if let reference = selection.reference { selectionJSON["reference"] = .string(reference) }
        var o: [String: JSONValue] = [
            "name": .string(name),
            "description": description.map(JSONValue.string) ?? .null,
            "dataset": dataset.json,
            "split": split.json,
            "profiles": profiles.json,
            "models": .array(models.map(\.json)),
            "seeds": .array(seeds.map { .int(Int($0)) }),
            "evaluation": evaluation.json,
            "selection": .object(selectionJSON),
            "parallelism": ParamValue.record(parallelism.values).json,
            "output": ParamValue.record(output.values).json,
            "streaming": ParamValue.record(streaming.values).json,
        ]
        o["early_stopping"] = earlyStopping?.json ?? .null
        return .object(o)
    }

    /// The resolved spec (every default filled in, keys sorted, pretty-printed), written as
    /// `spec.resolved.json`. Parsing it again gives the same spec and the same trials.
    public func resolvedJSON() -> Data { Data(resolved.serialized()) }

    /// FNV-1a hash (16 hex digits) of the resolved spec without `description`, `parallelism`,
    /// `output` and `streaming`: it changes whenever anything that affects results changes, so a runner can refuse to
    /// resume a run folder made from a different spec.
    public var fingerprint: String {
        guard case .object(var o) = resolved else { return "" }
        for key in ["description", "parallelism", "output", "streaming"] { o[key] = nil }
        return FNV1a.hex(JSONValue.object(o).compactText)
    }
}
