import RecConfig
import RecData
import RecProfiles

/// Human-readable plan for `reclab plan`: what the spec resolved to and the table of trials.
extension ExperimentSpec {
    /// A summary of the resolved spec followed by one row per trial.
    ///
    /// ```text
    /// experiment  quickstart
    /// dataset     ml-100k (grouplens) …
    /// trials      6
    ///
    ///   #  trial             model  type        config  seed  params
    ///   0  3f9a…             pop    popularity  0       0
    /// ```
    public func planDescription() -> String {
        var lines: [String] = []
        func row(_ label: String, _ value: String) { lines.append(label.padding(12) + value) }
        row("experiment", name + (description.map { " — \($0)" } ?? ""))
        let source = dataset.sql.map { "SQL " + DataError.redacted($0.sql) } ?? dataset.source ?? "(predefined files)"
        var data = "\(source) (\(dataset.format.rawValue))"
        let p = dataset.preprocessing
        data += "; duplicates \(p.duplicates.rawValue)"
        if let t = p.implicitThreshold { data += ", implicit ≥ \(t)" }
        if p.minUserInteractions > 0 || p.minItemInteractions > 0 { data += ", min \(p.minUserInteractions)/user \(p.minItemInteractions)/item" }
        if p.userCore > 0 || p.itemCore > 0 { data += ", core \(p.userCore)/\(p.itemCore)" }
        row("dataset", data)
        row("split", split.json.compactText)
        for (side, config) in [("users", profiles.users), ("items", profiles.items)] {
            guard let c = config else { continue }
            row("profiles", "\(side): attributes " + (c.attributes.isEmpty ? "none" : c.attributes.map(\.groupName).joined(separator: ", "))
                + "; dynamic " + (c.dynamic.isEmpty ? "none" : c.dynamic.map(\.specName).joined(separator: ", "))
                + "; \(c.normalisation.specName)" + (c.coldIndicator ? ", is_cold column" : ""))
        }
        row("seeds", seeds.map(String.init).joined(separator: ", "))
        row("metrics", evaluation.metrics.map(\.description).joined(separator: ", ") + " (candidates: "
            + { switch evaluation.candidates { case .all: return "all"; case .sampled(let n, let s): return "\(n) sampled, seed \(s)" } }() + ")")
        if !evaluation.subgroups.isEmpty { row("subgroups", evaluation.subgroups.map(\.description).joined(separator: ", ")) }
        row("selection", "\(selection.metric) on \(selection.split.rawValue)" + (selection.refit ? ", refit on train+validation" : ""))
        if let e = earlyStopping { row("early stop", e.text) }
        row("parallel", "\(parallelism.trials) trial(s), \(parallelism.blasThreads) BLAS thread(s)")
        row("output", output.folder + "/" + name)
        for m in models {
            var sweepText: String
            switch m.sweep {
            case .grid: sweepText = "grid"
            case .random(let c, let s): sweepText = "random, \(c) draws, seed \(s)"
            case .tpe(let c, let s, let n): sweepText = "tpe, \(n) random then \(c - n) proposed from the finished ones during the run, seed \(s)"
            }
            sweepText += ", \(m.configurationCount) configuration\(m.configurationCount == 1 ? "" : "s")"
            if m.deterministic && seeds.count > 1 { sweepText += "; deterministic: trained once, not once per seed" }
            row("model", "\(m.name) (\(m.type); \(sweepText))")
            if let e = m.earlyStopping { lines.append(String(repeating: " ", count: 14) + "early stop: " + e.text) }
            for p in m.parameters {
                lines.append(String(repeating: " ", count: 14) + p.name + " = " + p.values.json.compactText + (p.isDefault ? "  (default)" : ""))
            }
        }
        for w in warnings { row("warning", w.description) }

        let trials = (try? self.trials()) ?? []
        if selection.refit {
            // One refit per model, seed and fold: the configuration selected on validation, retrained
            // on train + validation once the sweep has run.
            let refits = Set(trials.map { "\($0.modelName)\u{0}\($0.seed)\u{0}\($0.fold ?? -1)" }).count
            row("trials", "\(trials.count + refits): \(trials.count) sweep trials (listed) + \(refits) refits "
                + "(each model's selected configuration per seed and fold, retrained on train + validation)")
        } else {
            row("trials", String(trials.count))
        }
        lines.append("")
        let hasFolds = split.folds != nil
        var table: [[String]] = [["#", "trial", "model", "type", "config", "seed"] + (hasFolds ? ["fold"] : []) + ["params"]]
        for t in trials {
            let order = models.first { $0.name == t.modelName }?.parameters.map(\.name)
            table.append([String(t.index), t.trialID, t.modelName, t.modelType, String(t.configIndex), String(t.seed)]
                         + (hasFolds ? [t.fold.map(String.init) ?? "-"] : []) + [t.paramsText(order: order)])
        }
        let widths = (0..<table[0].count).map { c in table.map { $0[c].count }.max() ?? 0 }
        for r in table {
            let cells = r.enumerated().map { c, cell in c == r.count - 1 ? cell : cell.padding(widths[c]) }
            var line = "  " + cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
