import Foundation
import RecData
@testable import RecSpec

/// A small stand-in for the runner's registry: three model types and the usual metrics.
enum TestRegistry {
    static let models = [
        ModelDescriptor(type: "popularity", summary: "most popular unseen items", parameters: []),
        ModelDescriptor(type: "biased_mf", summary: "biased matrix factorisation", parameters: [
            ParameterDescriptor("factors", kind: .int, default: .int(64), bounds: Bounds(1...4096), doc: "latent dimension"),
            ParameterDescriptor("learning_rate", kind: .double, default: .double(0.01), bounds: Bounds(0...1)),
            ParameterDescriptor("reg", kind: .double, default: .double(0.01), bounds: Bounds(0...10)),
            ParameterDescriptor("init", kind: .choice(["normal", "uniform"]), default: .string("normal")),
            ParameterDescriptor("epochs", kind: .int, default: .int(20), bounds: Bounds(1...10_000)),
        ], epochTrained: true),
        ModelDescriptor(type: "item_knn", summary: "item-based k nearest neighbours", parameters: [
            ParameterDescriptor("neighbors", kind: .int, bounds: Bounds(1...100_000), doc: "neighbourhood size"),
            ParameterDescriptor("similarity", kind: .choice(["cosine", "jaccard"]), default: .string("cosine")),
            ParameterDescriptor("normalize", kind: .bool, default: .bool(true)),
        ]),
        ModelDescriptor(type: "boost", summary: "a base model plus a boost", parameters: [
            ParameterDescriptor("alpha", kind: .double, default: .double(0.1), bounds: Bounds(0...10)),
        ], components: 1...1),
        ModelDescriptor(type: "blend", summary: "several models blended", parameters: [], components: 2...100_000),
    ]
    static let context = SpecContext(models: models,
                                     metricNames: ["ndcg", "recall", "precision", "map", "mrr", "hit_rate", "rmse", "mae"],
                                     checkPaths: false)
}

func parse(_ text: String, context: SpecContext = TestRegistry.context) throws(SpecErrorList) -> ExperimentSpec {
    try ExperimentSpec.parse(data: Data(text.utf8), source: "test.json", context: context)
}

/// The errors a spec produces (empty when it is valid).
func errors(_ text: String, context: SpecContext = TestRegistry.context) -> [SpecError] {
    do {
        _ = try parse(text, context: context)
        return []
    } catch {
        return error.errors
    }
}

/// Whether two split methods are the same method with the same parameter values.
func same(_ a: any SplitMethod, _ b: any SplitMethod) -> Bool { SplitSpec(method: a, seed: 0) == SplitSpec(method: b, seed: 0) }

/// A minimal valid spec with `extra` top-level members spliced in (later keys replace earlier ones).
func spec(_ members: [String: String]) -> String {
    var all: [String: String] = [
        "name": "\"t\"",
        "dataset": "{\"source\": \"ml-100k\"}",
        "models": "[{\"type\": \"popularity\"}]",
        "evaluation": "{\"metrics\": [\"ndcg@10\", \"recall@10\"]}",
    ]
    for (k, v) in members { all[k] = v }
    return "{\n" + all.keys.sorted().map { "  \"\($0)\": \(all[$0]!)" }.joined(separator: ",\n") + "\n}\n"
}

let fullSpec = """
{
  "name": "quickstart",
  "description": "every section",
  "dataset": {
    "source": "ml-100k",
    "preprocessing": {"duplicates": "mean", "min_user_interactions": 5}
  },
  "split": {"method": "user_ratio", "ratios": [0.7, 0.1, 0.2], "seed": 3},
  "profiles": {"users": {"normalisation": "min_max",
                         "attributes": [{"attribute": "age", "encoding": "buckets", "edges": [18, 35]}, {"attribute": "gender"}]}},
  "models": [
    {"name": "pop", "type": "popularity", "params": {}, "sweep": {"strategy": "grid"}},
    {"name": "mf", "type": "biased_mf",
     "params": {"factors": [32, 64], "learning_rate": {"loguniform": [0.001, 0.1]}, "reg": {"uniform": [0, 0.1]},
                "init": {"choice": ["normal", "uniform"]}},
     "sweep": {"strategy": "random", "count": 20, "seed": 1}}
  ],
  "seeds": [0, 1, 2],
  "evaluation": {"metrics": ["ndcg@5,10,20", "recall@10", "rmse"], "candidates": {"sampled": 100, "seed": 7},
                 "subgroups": ["user_activity", "item_popularity", "cold_users", "user:gender"],
                 "top_k_output": 10},
  "selection": {"metric": "ndcg@10", "split": "validation"},
  "early_stopping": {"metric": "ndcg@10", "patience": 5},
  "parallelism": {"trials": 2},
  "output": {"folder": "results"}
}
"""
