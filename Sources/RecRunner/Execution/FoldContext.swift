import Foundation
import RecConfig
import RecCore
import RecData
import RecEval
import RecHDF5
import RecModels
import RecProfiles

/// Everything trials on one split (one fold) share: the prepared data, the training view, and the
/// evaluators for validation and test with their (optionally sampled) candidates. Built once per
/// fold and read concurrently by every trial.
public final class FoldContext: @unchecked Sendable {
    /// Cross-validation fold, or nil.
    public let fold: Int?
    /// Dataset and split.
    public let prepared: PreparedData
    /// What models train on.
    public let training: TrainingData
    /// Evaluator over validation interactions (nil when the split has none).
    public let validation: Evaluator?
    /// Evaluator over test interactions; excluded items are the user's training and validation items.
    public let test: Evaluator
    /// Ranking metric requests.
    public let rankingRequests: [MetricRequest]
    /// Rating metric requests (evaluated only for models that predict ratings on explicit data).
    public let ratingRequests: [MetricRequest]

    /// Builds evaluators for `prepared`. With `sampledNegatives`, negatives are read from (or drawn
    /// once and stored in) `negativesFile`, so every model of the run ranks the same candidates.
    public convenience init(fold: Int?, prepared: PreparedData, requests: [MetricRequest], relevanceThreshold: Float?,
                            sampledNegatives: (count: Int, seed: UInt64)?, negativesFile: String,
                            profiles: FoldProfiles = FoldProfiles()) throws {
        try self.init(fold: fold, prepared: prepared, training: FoldContext.training(prepared, profiles: profiles), seen: nil,
                      itemFeatures: FoldContext.itemFeatures(prepared.dataset.itemAttributes), requests: requests,
                      relevanceThreshold: relevanceThreshold, sampledNegatives: sampledNegatives, negativesFile: negativesFile)
    }

    /// Builds evaluators from parts the caller built once: `training` (the view of `prepared`),
    /// `seen` (the train + validation matrix by user, which test rankings exclude; nil builds it
    /// here, and without validation it is the training matrix itself) and `itemFeatures`.
    convenience init(fold: Int?, prepared: PreparedData, training: TrainingData, seen: CSRMatrix?, itemFeatures features: ItemFeatures?,
                     requests: [MetricRequest], relevanceThreshold: Float?, sampledNegatives: (count: Int, seed: UInt64)?,
                     negativesFile: String) throws {
        let d = prepared.dataset, s = prepared.split
        let seen = seen ?? (s.validation.count == 0 ? training.userItem
                            : s.train.appending(s.validation).byUser(userCount: d.userCount, itemCount: d.itemCount))
        var validationNegatives: CSRMatrix?, testNegatives: CSRMatrix?
        if let sampled = sampledNegatives {
            (validationNegatives, testNegatives) = try FoldContext.negatives(
                file: negativesFile, fold: fold, trainCSR: training.userItem, seen: seen, split: s,
                itemCount: d.itemCount, count: sampled.count, seed: sampled.seed)
        }
        let validation = s.validation.count == 0 ? nil
            : Evaluator(train: training.userItem, test: s.validation, relevanceThreshold: relevanceThreshold,
                        negatives: validationNegatives, itemFeatures: features)
        let test = Evaluator(train: seen, test: s.test, relevanceThreshold: relevanceThreshold,
                             negatives: testNegatives, itemFeatures: features)
        // Ranking metrics over no user are NaN in every trial: say why once, before any trial runs.
        let ranks = requests.contains(where: { !$0.kind.isRatingMetric })
        for (name, part, ev) in [("test", s.test, Optional(test)), ("validation", s.validation, validation)] {
            guard ranks, let ev, ev.users.isEmpty, name == "test" || part.count > 0 else { continue }
            let kept = relevanceThreshold.map { "relevance_threshold \(JSONValue.double(Double($0)).compactText) keeps none of its \(part.count) interactions" }
                ?? "it has no interactions"
            throw DataError.emptyResult(detail: "the \(name) split\(fold.map { " of fold \($0)" } ?? "") has no relevant items (\(kept))")
        }
        self.init(fold: fold, prepared: prepared, training: training, validation: validation, test: test, requests: requests)
    }

    /// A context over evaluators built elsewhere, as the refit's, which evaluates on the sweep's
    /// test evaluator (the same test part, exclusions and candidates) and has no validation.
    init(fold: Int?, prepared: PreparedData, training: TrainingData, validation: Evaluator?, test: Evaluator,
         requests: [MetricRequest]) {
        self.fold = fold
        self.prepared = prepared
        self.training = training
        self.validation = validation
        self.test = test
        rankingRequests = requests.filter { !$0.kind.isRatingMetric }
        ratingRequests = requests.filter { $0.kind.isRatingMetric }
    }

    /// The training view of `prepared` (its matrices built here, once) with the fold's profiles.
    static func training(_ prepared: PreparedData, profiles: FoldProfiles) -> TrainingData {
        var training = TrainingData(prepared)
        training.userProfiles = profiles.users
        training.itemProfiles = profiles.items
        return training
    }

    /// Feature vectors for intra-list diversity: a genre/class/category attribute if there is one, else
    /// the first multi-valued attribute that is not a title, else the first categorical one.
    static func itemFeatures(_ attributes: AttributeTable) -> ItemFeatures? {
        func isMulti(_ c: AttributeColumn) -> Bool { if case .multiCategorical = c { return true }; return false }
        let named = zip(attributes.names, attributes.columns)
        let pick = named.first { ["genre", "genres", "class", "category", "categories"].contains($0.0.lowercased()) }?.1
            ?? named.first { isMulti($0.1) && !$0.0.lowercased().contains("title") }?.1
            ?? named.first { if case .categorical = $0.1 { return true }; return false }?.1
        return pick.flatMap { try? ItemFeatures(column: $0) }
    }

    /// Negatives for validation and test, read from `file` when present (same fold), else sampled
    /// and written atomically.
    static func negatives(file: String, fold: Int?, trainCSR: CSRMatrix, seen: CSRMatrix, split: DataSplit,
                          itemCount: Int, count: Int, seed: UInt64) throws -> (CSRMatrix?, CSRMatrix) {
        let group = "fold_\(fold ?? 0)"
        // Every fold's negatives already in the file (read once): this fold's are reused, the others
        // are carried over when this fold's are added.
        var stored: [(name: String, validation: CSRMatrix?, test: CSRMatrix)] = []
        let state = SealedFile.check(file)
        if let problem = state.problem {
            // Drawn from the seed, so drawing again gives the same negatives.
            Console.error("warning: \(file) \(problem); drawing the negatives again")
            if case .unreadable = state {} else { SealedFile.remove(file) }
        }
        if state == .intact {
            let f = try HDF5File.open(path: file, readOnly: true)
            defer { f.close() }
            for name in f.root.memberNames() {
                let g = try f.root.openGroup(name)
                stored.append((name, g.contains("validation") ? try g.readCSRMatrix("validation") : nil, try g.readCSRMatrix("test")))
            }
        }
        if let mine = stored.first(where: { $0.name == group }) { return (mine.validation, mine.test) }
        let v = split.validation.count == 0 ? nil
            : NegativeSampler.sample(train: trainCSR, test: split.validation, itemCount: itemCount,
                                     negativesPerUser: count, seed: seed)
        let t = NegativeSampler.sample(train: seen, test: split.test, itemCount: itemCount,
                                       negativesPerUser: count, seed: seed &+ 1)
        let existing = stored.map { ($0.name, $0.validation, $0.test) }
        try SealedFile.produce(file) { tmp in
            let out = try HDF5File.create(path: tmp)
            defer { out.close() }
            for (name, ev, et) in existing + [(group, v, t)] {
                let g = try out.root.createGroup(name)
                if let ev { try g.write("validation", csr: ev) }
                try g.write("test", csr: et)
            }
        }
        return (v, t)
    }
}

/// One fold's data as the data step loaded it through the HDF5 cache.
struct FoldData: Sendable {
    /// Cross-validation fold, or nil.
    let fold: Int?
    /// Dataset and split.
    let prepared: PreparedData
    /// The dataset cache key (content hash), for the manifest and the profile cache.
    let cacheKey: String
}

/// The fold contexts of a run, keyed by fold (−1 without folds): the sweep's and, with
/// `selection.refit`, the refit's, whose training part is train + validation.
///
/// Each fold's data is built once: with a refit, the refit's training matrix (train + validation
/// by user) is built first and is also what the sweep's test rankings exclude, and the refit
/// evaluates on the sweep's test evaluator (same test part, exclusions, candidates and item
/// features); without validation, the test rankings exclude the training matrix itself.
struct RunContexts {
    /// Every fold's context for the sweep trials.
    var sweep: [Int: FoldContext] = [:]
    /// Every fold's context for the refit trials; nil when the run does not refit.
    var refit: [Int: FoldContext]?

    /// Contexts for `folds`; `profiles` builds (or reads from the cache) the profiles of a prepared
    /// split given its dataset cache key.
    init(folds: [FoldData], refit: Bool, requests: [MetricRequest], relevanceThreshold: Float?,
         sampledNegatives: (count: Int, seed: UInt64)?, negativesFile: String,
         profiles: (PreparedData, String) throws -> FoldProfiles) throws {
        if refit { self.refit = [:] }
        for data in folds {
            let key = data.fold ?? -1, prepared = data.prepared
            let training = FoldContext.training(prepared, profiles: try profiles(prepared, data.cacheKey))
            let refitPrepared = refit ? Refit.prepared(prepared) : nil
            let refitTraining = try refitPrepared.map { FoldContext.training($0, profiles: try profiles($0, data.cacheKey)) }
            let context = try FoldContext(fold: data.fold, prepared: prepared, training: training, seen: refitTraining?.userItem,
                                          itemFeatures: FoldContext.itemFeatures(prepared.dataset.itemAttributes),
                                          requests: requests, relevanceThreshold: relevanceThreshold,
                                          sampledNegatives: sampledNegatives, negativesFile: negativesFile)
            sweep[key] = context
            if let refitPrepared, let refitTraining {
                self.refit?[key] = FoldContext(fold: data.fold, prepared: refitPrepared, training: refitTraining,
                                               validation: nil, test: context.test, requests: requests)
            }
        }
    }
}
