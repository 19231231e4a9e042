import Foundation
import RecConfig
import RecCore
import RecData
import RecEval
import RecSpec
import Synchronization

/// Options of one `reclab run`.
public struct RunOptions: Sendable {
    /// Rerun every trial, including those that finished earlier. The old records stay until each is
    /// replaced (atomically) and the tables are rewritten only at the end, so an interrupted forced
    /// run leaves the previous tables whole.
    public var force = false
    /// Rerun the trials whose earlier record says they failed (finished ones are kept).
    public var retryFailed = false
    /// No progress output.
    public var quiet = false
    /// Datasets root (known datasets and the HDF5 cache).
    public var datasetsRoot = "datasets"
    /// Overrides `output.folder` of the spec.
    public var outputRoot: String?
    /// Force the plain-line progress output even on a terminal.
    public var plainProgress = false
    /// Plain progress lines for every trial start, skip and epoch too.
    public var verbose = false
    /// When set, the run's test tables are also written into this section of `benchmarksFile`,
    /// with `reproduceCommand` as the command that regenerates them.
    public var benchmarksSection: String?
    /// The Markdown file `benchmarksSection` goes into.
    public var benchmarksFile = "BENCHMARKS.md"
    /// The command line quoted next to the tables in `benchmarksFile`.
    public var reproduceCommand = ""
    /// The final test table prints every metric, not only those that fit `terminalWidth`.
    public var wideTable = false
    /// Columns the final table may use.
    public var terminalWidth = ProgressReporter.terminalWidth
    /// Run only this shard's sweep trials (no refits, no tables): see `Shard`.
    public var shard: Shard?

    /// Defaults: resume, progress on, `datasets/`.
    public init() {}
}

/// Runs an experiment spec end to end: prepares the data through the cache, runs every trial with
/// bounded parallelism (skipping those that finished in an earlier, possibly killed, run), then
/// writes the run's tables, traces, significance tests and manifest.
///
/// The run folder is `<output.folder>/<name>/<fingerprint>`: the same spec always maps to the same
/// folder, which is what makes resuming possible; a changed spec gets a new folder.
public struct ExperimentRunner: Sendable {
    /// The validated spec.
    public let spec: ExperimentSpec
    /// Run options.
    public let options: RunOptions

    /// A runner for `spec`.
    public init(spec: ExperimentSpec, options: RunOptions = RunOptions()) { self.spec = spec; self.options = options }

    /// The spec context RecLab validates specs against: every registered model and metric.
    public static var specContext: SpecContext {
        var context = SpecContext(models: ModelRegistry.descriptors,
                                  metrics: MetricKind.allCases.map { MetricDescriptor($0.rawValue, cutoff: $0.needsCutoff ? .required : .forbidden) })
        context.violations = ModelRegistry.violations
        return context
    }

    /// The folder this spec's run writes to.
    public var runFolder: String {
        let root = options.outputRoot ?? spec.output.folder
        return "\(root)/\(spec.name)/\(spec.fingerprint.prefix(12))"
    }

    /// Runs the experiment and returns the run folder, as a chain of values: each fold's data
    /// (`loadFolds`), its contexts (`foldContexts`), the trial records (`runTrials`, read back from
    /// the store, so a resumed run reports every trial, old and new), their analysis
    /// (`RunAnalysis`), then the writers of every file (`RunReport`, `Manifest`).
    ///
    /// - Throws: `RunFailure` after writing every file when any trial failed (listed on standard
    ///   error), so the process exits non-zero; a data or spec error before any trial ran leaves no
    ///   run folder behind when the run created it.
    @discardableResult
    public func run() throws -> String {
        let started = Date()
        let folder = runFolder
        let store = TrialStore(runFolder: folder)
        // What a killed run (or cache build) left half-written is removed before anything reads here.
        for place in [folder, store.folder, options.datasetsRoot + "/.cache"] {
            for path in AtomicFile.removeStaleTemporaries(in: place) { log("removed a stale temporary file of a stopped process: \(path)") }
        }
        let trials = try spec.trials()
        let requests = try metricRequests()
        let folds = try loadFolds(trials)
        if let first = folds.first { try checkSubgroups(against: first.prepared.dataset) }

        BLAS.setThreads(spec.parallelism.blasThreads)
        // The folders this run creates, innermost first; on an early failure the run folder is removed
        // and its new parents only while empty, so nothing another run or the user put there goes.
        // A dangling link counts as existing (it is never removed).
        var created: [String] = []
        var probe = URL(fileURLWithPath: folder)
        var info = stat()
        while lstat(probe.path, &info) != 0 && probe.path != "/" {
            created.append(probe.path)
            probe.deleteLastPathComponent()
        }
        let contexts: RunContexts
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try AtomicFile.write(spec.resolvedJSON(), to: folder + "/spec.resolved.json")
            contexts = try foldContexts(folds, requests: requests, folder: folder)
        } catch {
            if let runFolder = created.first, runFolder == folder {
                try? FileManager.default.removeItem(atPath: runFolder)
                for parent in created.dropFirst() where rmdir(parent) != 0 { break }
            }
            throw error
        }
        if let shard = options.shard {
            return try runShard(shard, of: trials, folds: folds, contexts: contexts, store: store, folder: folder)
        }
        let (records, unrecorded) = runTrials(trials, folds: folds, contexts: contexts, store: store)

        let perUser = StoredPerUserSource(store: store)
        let analysis = RunAnalysis(spec: spec, records: records, requests: requests, perUser: perUser, folds: Array(contexts.sweep.values))
        let report = RunReport(analysis: analysis, folder: folder, store: store)
        // One process at a time writes a folder's tables (shards finishing together, two runs by hand).
        let page = try FileLock.holding(folder + "/.lock", log: log) {
            try report.writeAll()
            if let section = options.benchmarksSection {
                let body = MarkdownWriter.benchmarkSection(analysis, command: options.reproduceCommand)
                try BenchmarksFile.update(path: options.benchmarksFile, section: section, body: body)
            }
            try Manifest.write(folder: folder, spec: spec, cacheKeys: folds.map(\.cacheKey), records: records, started: started)
            _ = ModelExport.write(spec: spec, records: records, contexts: contexts, folds: folds, store: store, folder: folder,
                                  warn: Console.error)
            // Every table is written by now: a report that cannot be made is a warning, not a lost run.
            do { return try report.writeHTMLReport(cacheKeys: folds.map(\.cacheKey), perUser: perUser) } catch {
                Console.error("warning: report.html not written: \(error)")
                return "(not written)"
            }
        }
        if !options.quiet {
            print(RunReport.consoleSummary(analysis, width: options.terminalWidth, wide: options.wideTable))
            print("results: \(folder)")
            print("report:  \(page)")
        }
        var failures = records.filter { $0.status != "ok" }.map(\.failureLine)
        // A trial whose record could not be written (disk full, a value JSON cannot hold) has no record
        // to say it failed; it is a failure all the same.
        for t in unrecorded {
            failures.append("\(TrialExecutor.label(t)): no record was written for it (see the messages above)")
        }
        if !failures.isEmpty {
            for f in failures.prefix(20) { Console.error("failed: " + f) }
            if failures.count > 20 { Console.error("… and \(failures.count - 20) more (metrics.csv rows with status failed)") }
            throw RunFailure(failed: failures.count, total: max(records.count, trials.count), folder: folder)
        }
        return folder
    }
}

/// How a run takes part in its TPE sweeps (proposals stored in the run folder: `TPEProposals`).
enum TPEMode {
    /// Proposal `c` is made from the records of configurations 0 ..< c (or taken as stored), then its
    /// trials run: the same spec and seed give the same proposals. `reclab run` without `--shard`.
    case sequential
    /// `--shard`: each shard, after its share of the start-up trials, proposes the next configuration
    /// not yet stored from the records present in the trial store at that moment, stores it and trains
    /// it; a configuration another shard stored first is left to that shard. Which configurations are
    /// proposed therefore depends on the shards' timing; the finishing run then uses the stored ones
    /// (training any whose shard died), so its tables follow from the stored proposals.
    case asynchronous
}

/// A run that finished with failed trials: its files are written, and the failures are listed.
public struct RunFailure: Error, CustomStringConvertible {
    /// Failed trials.
    public let failed: Int
    /// Trials recorded.
    public let total: Int
    /// The run folder.
    public let folder: String

    public var description: String {
        "\(failed) of \(total) trials failed (listed above; results in \(folder)); rerun only those with --retry-failed"
    }
}

extension ExperimentRunner {
    /// Progress and data messages on standard error, unless `quiet`.
    var log: @Sendable (String) -> Void { { [quiet = options.quiet] line in if !quiet { Console.error(line) } } }

    /// The spec's metrics as requests, one per kind with its cutoffs merged and sorted.
    func metricRequests() throws -> [MetricRequest] {
        try spec.evaluation.metrics.reduce(into: [MetricRequest]()) { acc, m in
            let r = try MetricRequest.parse(m.description)
            if let i = acc.firstIndex(where: { $0.kind == r.kind }) { acc[i].cutoffs = Array(Set(acc[i].cutoffs + r.cutoffs)).sorted() }
            else { acc.append(r) }
        }
    }

    /// Each `user:<attribute>` / `item:<attribute>` subgroup names an attribute the dataset has:
    /// what plan cannot see (it does not load the data) is checked once the data is loaded, before
    /// any trial, instead of silently giving no table.
    func checkSubgroups(against dataset: Dataset) throws {
        var errors: [SpecError] = []
        for (i, group) in spec.evaluation.subgroups.enumerated() {
            let (side, name, binning, table): (String, String, AttributeBinning, AttributeTable)
            switch group {
            case .userAttribute(let a, let b): (side, name, binning, table) = ("user", a, b, dataset.userAttributes)
            case .itemAttribute(let a, let b): (side, name, binning, table) = ("item", a, b, dataset.itemAttributes)
            default: continue
            }
            if let column = table[name] {
                do { _ = try SubgroupBreakdown.attributeGrouping(column, binning: binning, name: group.description) } catch {
                    errors.append(SpecError(.invalidValue, path: "evaluation.subgroups[\(i)]",
                                            message: "\(side) attribute '\(name)' of dataset \(dataset.name) cannot be binned: \(error)",
                                            fix: "write '\(side):\(name)'"))
                }
                continue
            }
            let has = table.names.isEmpty ? "the dataset has no \(side) attributes"
                : Suggestions.fix(name, in: table.names, listing: "its \(side) attributes are")
            errors.append(SpecError(.invalidValue, path: "evaluation.subgroups[\(i)]",
                                    message: "dataset \(dataset.name) has no \(side) attribute '\(name)'", fix: has))
        }
        if !errors.isEmpty { throw SpecErrorList(errors: errors, source: "the spec's subgroups") }
    }

    /// The data step: every fold the trials use, once, through the HDF5 cache.
    func loadFolds(_ trials: [TrialPlan]) throws -> [FoldData] {
        var folds: [FoldData] = []
        for fold in Set(trials.map { $0.fold ?? -1 }).sorted() {
            let f = fold < 0 ? nil : fold
            let request = try spec.dataRequest(fold: f, root: options.datasetsRoot)
            let result = try DataPipeline(log: log).run(request)
            guard let split = result.split else { throw DataError.emptyResult(detail: "the data pipeline produced no split") }
            log("data: \(result.dataset.name) — \(result.dataset.userCount) users, \(result.dataset.itemCount) items; "
                + "train \(split.train.count), validation \(split.validation.count), test \(split.test.count)"
                + (f.map { " (fold \($0))" } ?? "") + " [cache \(result.cacheHit ? "hit" : "built")]")
            // Once split, a run reads the split's parts (trials, profiles, subgroup activity) and the
            // dataset's users, items, attributes and knowledge graph, never the whole table the split
            // was drawn from: it is dropped, a third of the data's memory (BENCHMARKS.md, "Scale").
            var dataset = result.dataset
            dataset.interactions = .empty(like: dataset.interactions)
            folds.append(FoldData(fold: f, prepared: PreparedData(dataset: dataset, split: split), cacheKey: result.cacheKey))
        }
        return folds
    }

    /// Every fold's contexts, with profiles (if asked for) from each training part; refit contexts
    /// when `selection.refit` is set and the split has validation data to fold in.
    func foldContexts(_ folds: [FoldData], requests: [MetricRequest], folder: String) throws -> RunContexts {
        let hasValidation = folds.contains { $0.prepared.split.validation.count > 0 }
        if spec.selection.refit && !hasValidation { log("warning: selection.refit ignored: the split has no validation data") }
        let profileCache = options.datasetsRoot + "/.cache"
        return try RunContexts(folds: folds, refit: spec.selection.refit && hasValidation, requests: requests,
                               relevanceThreshold: spec.evaluation.relevanceThreshold.map { Float($0) },
                               sampledNegatives: sampledNegatives, negativesFile: folder + "/negatives.h5") { prepared, key in
            try FoldProfiles.build(spec.profiles, prepared: prepared, datasetKey: key, cacheFolder: profileCache, log: log)
        }
    }

    /// The trial step: every sweep trial, then (with refit contexts) the selected configurations
    /// again on train + validation, evaluated on test. Each trial is stored under its `TrialKey`, so
    /// a trial already in the store (from this run, a killed one or any other run of the experiment
    /// name on the same terms) is reused, and trials sharing a key run once. Returns the record of
    /// every trial, as this run names it, and the trials left without a record.
    func runTrials(_ trials: [TrialPlan], folds: [FoldData], contexts: RunContexts, store: TrialStore,
                   tpe: TPEMode = .sequential) -> (records: [TrialRecord], unrecorded: [TrialPlan]) {
        let dataKeys = Dictionary(folds.map { ($0.fold ?? -1, $0.cacheKey) }, uniquingKeysWith: { a, _ in a })
        let deterministic = Set(spec.models.filter(\.deterministic).map(\.name))
        let terms = TrialKey.SpecTerms(spec)
        var keys: [String: String] = [:]   // by trial id: each key hashed once
        let board = HalvingBoard()
        var halvingGroups: [String: [String]] = [:]   // the keys of each halving group so far, in trial order
        // Keys are made in trial order (sweep, then each TPE proposal), so a halving group's keys list
        // the trials before each one.
        func key(_ t: TrialPlan) -> String {
            if let k = keys[t.trialID] { return k }
            let group = spec.halvingGroup(of: t)
            let earlier = group.map { halvingGroups[$0, default: []] }
            let k = TrialKey(trial: t, dataKey: dataKeys[t.fold ?? -1] ?? "", spec: spec, terms: terms,
                             deterministic: deterministic.contains(t.modelName), halvingAfter: earlier).value
            keys[t.trialID] = k
            if let group, let earlier {
                halvingGroups[group, default: []].append(k)
                board.register(k, after: earlier)
            }
            return k
        }
        let progress = ProgressReporter(total: trials.count, quiet: options.quiet,
                                        interactive: options.plainProgress ? false : nil, verbose: options.verbose)
        var executor = TrialExecutor(spec: spec, store: store, progress: progress, halvingBoard: board)
        // `selected` keeps the refits when the run refits (a shard's spec refits in its finishing run),
        // else every sweep trial, as any of them may be the one selected.
        let refitting = contexts.refit != nil || (options.shard != nil && spec.selection.refit)
        executor.keepsModel = { [saving = spec.output.saveModels] plan in
            switch saving {
            case .none: return false
            case .all: return true
            case .selected: return plan.isRefit || !refitting
            }
        }
        var byPlan: [String: TrialRecord] = [:]
        var unrecorded: [TrialPlan] = []
        func collect(_ plans: [TrialPlan], from found: [String: TrialRecord]) {
            for t in plans {
                if let stored = found[key(t)] { byPlan[t.trialID] = stored.named(as: t) } else { unrecorded.append(t) }
            }
        }
        collect(trials, from: runPending(trials, key: key, store: store, executor: executor, progress: progress, contexts: contexts.sweep))
        var plans = trials
        // TPE sweeps: after their random start-up configurations, one configuration at a time is
        // proposed from the scores of the finished ones and its trials (seeds × folds) run together.
        // Each proposal is stored in the run folder by the first process to make it (`TPEProposals`)
        // and used as stored from then on, so a resumed run or the run that finishes a sharded sweep
        // reuses the proposals and their trials; without shards they depend only on the records.
        let proposals = TPEProposals(folder: runFolder + "/tpe")
        for model in spec.models {
            guard case let .tpe(count, seed, startup) = model.sweep, count > startup else { continue }
            // Halving compares a group's trials with each other within one process: the finishing run proposes.
            if tpe == .asynchronous && spec.earlyStopping(for: model.name)?.halving != nil { continue }
            let estimator = TreeParzenEstimator(parameters: model.sweepParameters)
            let higher = MetricKey(spec.selection.metric)?.higherIsBetter ?? true
            // A shard's view of the sweep: every configuration stored so far, whichever process runs it.
            var known = tpe == .asynchronous ? ((try? spec.trials()) ?? []).filter { $0.modelName == model.name } : []
            for c in startup..<count {
                var config: [String: ParamValue]
                if let kept = proposals.stored(model.name, c) {
                    config = kept
                    if tpe == .asynchronous {   // another shard's proposal: it trains it
                        known += spec.trials(of: model, configurations: [kept], firstConfig: c, firstIndex: plans.count)
                        continue
                    }
                } else {
                    let history: [(config: [String: ParamValue], score: Double)]
                    if tpe == .asynchronous {
                        // The records present now: configurations still training elsewhere are left out.
                        let present = known.compactMap { t in store.finished(key(t)).map { $0.named(as: t) } }
                        let scores = ModelSelection(spec: spec, records: present).scores[model.name] ?? [:]
                        let configs = Dictionary(known.map { ($0.configIndex, $0.params) }, uniquingKeysWith: { a, _ in a })
                        history = configs.keys.sorted().compactMap { i in scores[i].map { (config: configs[i]!, score: $0) } }
                    } else {
                        let done = plans.compactMap { byPlan[$0.trialID] }
                        let scores = ModelSelection(spec: spec, records: done).scores[model.name] ?? [:]
                        let configs = Dictionary(plans.filter { $0.modelName == model.name }.map { ($0.configIndex, $0.params) }, uniquingKeysWith: { a, _ in a })
                        history = configs.keys.sorted().map { (config: configs[$0]!, score: scores[$0] ?? .nan) }
                    }
                    var rng = SeededGenerator.derived(seed: seed, stream: (1 << 32) + UInt64(c))
                    let proposed = estimator.propose(history: history, higherIsBetter: higher, using: &rng)
                    var claimed = true
                    do { (config, claimed) = try proposals.claim(model.name, c, proposed) } catch {
                        log("warning: TPE proposal \(c) of \(model.name) not stored (\(error)); a later run may propose another")
                        config = proposed
                    }
                    if tpe == .asynchronous && !claimed {   // another shard stored its proposal first
                        known += spec.trials(of: model, configurations: [config], firstConfig: c, firstIndex: plans.count)
                        continue
                    }
                }
                let next = spec.trials(of: model, configurations: [config], firstConfig: c, firstIndex: plans.count)
                progress.add(next.count)
                collect(next, from: runPending(next, key: key, store: store, executor: executor, progress: progress, contexts: contexts.sweep))
                plans += next
                known += next
            }
        }
        let sweepPlans = plans
        if let refitContexts = contexts.refit {
            let refits = Refit.plans(spec: spec, trials: sweepPlans, records: byPlan)
            progress.add(refits.count)
            collect(refits, from: runPending(refits, key: key, store: store, executor: executor, progress: progress, contexts: refitContexts))
            plans += refits
        }
        progress.close()
        return (plans.compactMap { byPlan[$0.trialID] }, unrecorded)
    }

    /// `--shard I/N`: this shard's part of the sweep trials (`Shard.select`, by epochs × training
    /// size), each stored as usual; no refits, tables or report — a later `reclab run SPEC` without
    /// `--shard` reuses every stored trial, runs the refits and writes them. Throws `RunFailure` when
    /// one of its trials failed.
    func runShard(_ shard: Shard, of trials: [TrialPlan], folds: [FoldData], contexts: RunContexts, store: TrialStore,
                  folder: String) throws -> String {
        let sizes = Dictionary(folds.map { ($0.fold ?? -1, $0.prepared.split.train.count) }, uniquingKeysWith: { a, _ in a })
        // A halving group stays whole: its trials' stops compare them with each other (`HalvingBoard`).
        let mine = shard.select(trials, unit: { spec.halvingGroup(of: $0) }) {
            Shard.cost($0, spec: spec, trainingSize: { sizes[$0 ?? -1] ?? 1 })
        }
        var sweepOnly = contexts
        sweepOnly.refit = nil
        // TPE proposals: each shard, after its share of the start-up trials, proposes from the records
        // present and trains its proposals, while the others do the same (`TPEMode.asynchronous`).
        let (records, unrecorded) = runTrials(mine, folds: folds, contexts: sweepOnly, store: store, tpe: .asynchronous)
        let failed = records.filter { $0.status != "ok" }.map(\.failureLine) + unrecorded.map { "\(TrialExecutor.label($0)): no record was written" }
        if !options.quiet {
            print("shard \(shard): \(mine.count) of \(trials.count) sweep trials in \(store.folder); when every shard is done, `reclab run` the spec without --shard for the refits, tables and report")
        }
        if !failed.isEmpty {
            for f in failed.prefix(20) { Console.error("failed: " + f) }
            throw RunFailure(failed: failed.count, total: mine.count, folder: folder)
        }
        return folder
    }

    /// Sampled-evaluation settings (negatives per user, seed), nil for full ranking.
    var sampledNegatives: (count: Int, seed: UInt64)? {
        if case let .sampled(count, seed) = spec.evaluation.candidates { return (count, seed) }
        return nil
    }

    /// Whether a trial with this earlier record runs again: every one with `force`, the failed ones
    /// with `retryFailed`, and a failure recorded by another spec's run (its failure may have come
    /// from a setting outside the key, such as running 8 trials at once).
    func rerun(_ record: TrialRecord) -> Bool {
        options.force || (record.status != "ok" && (options.retryFailed || record.specFingerprint != spec.fingerprint))
    }

    /// Runs the trials of `plans` whose key has no finished record in the store (or that must rerun),
    /// each key once, on at most `parallelism.trials` threads. Returns the whole record of every key
    /// that has one: those checked here and those just written (read back, so a record that could
    /// not be saved counts as missing).
    func runPending(_ plans: [TrialPlan], key: (TrialPlan) -> String, store: TrialStore, executor: TrialExecutor,
                    progress: ProgressReporter, contexts: [Int: FoldContext]) -> [String: TrialRecord] {
        var pending: [(plan: TrialPlan, key: String)] = []
        var found: [String: TrialRecord] = [:]
        var queued = Set<String>()
        for t in plans {
            let k = key(t)
            guard !queued.contains(k) && found[k] == nil else {
                // Another plan of this run (a namesake configuration) trains or found the same trial.
                progress.skipped(t.trialID, label: TrialExecutor.label(t))
                continue
            }
            switch store.lookup(k) {
            case .finished(let done) where !rerun(done) && !(done.status == "ok" && executor.keepsModel(t) && !store.hasModel(k)):
                progress.skipped(t.trialID, label: TrialExecutor.label(t))
                found[k] = done
                executor.halvingBoard.recorded(k, scores: done.rungScores ?? [])
                continue
            case .damaged(let why):
                log("warning: trial \(k) (\(TrialExecutor.label(t))) cannot be trusted: \(why); running it again")
            case .finished(let done) where done.status == "ok" && !rerun(done):
                log("trial \(k) (\(TrialExecutor.label(t))) has no saved model (output.save_models); training it again to keep it")
            default:
                break
            }
            queued.insert(k)
            pending.append((t, k))
        }
        let next = Mutex(0)
        let workers = max(1, min(spec.parallelism.trials, pending.count))
        let work = pending
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i: Int = next.withLock { n in defer { n += 1 }; return n }
                guard i < work.count else { return }
                _ = executor.run(work[i].plan, key: work[i].key, in: contexts[work[i].plan.fold ?? -1]!)
            }
        }
        for (_, k) in work { found[k] = store.finished(k) }
        return found
    }
}

extension TrialRecord {
    /// This stored record as `plan`'s: the trial it stores may have been trained for another run, or
    /// another seed of a deterministic model, so the spec's name, configuration number, seed, fold
    /// and refit flag are this run's.
    func named(as plan: TrialPlan) -> TrialRecord {
        var r = self
        r.model = plan.modelName
        r.configIndex = plan.configIndex
        r.seed = plan.seed
        r.fold = plan.fold
        r.refit = plan.isRefit ? true : nil
        return r
    }
}

/// Standard error output, shared by the runner and the command-line tool.
public enum Console {
    /// Writes `line` and a newline to standard error.
    public static func error(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
}
