"""Top-N quality of implicit's ALS on ML-100K, under RecLab's protocol, for comparison with the tuned
iALS / EASE of BENCHMARKS.md's quality-implicit section (experiments/implicit_mf_sweep.json).

Data: `reclab data export experiments/implicit_mf_sweep.json` — per-user 70/10/20 split whose test part
is exactly baselines_8020.json's 80/20 test part and whose train + validation is baselines_8020's training part.

Protocol (as RecLab's sweep): every configuration of the grid is trained on train (seed 0; implicit's
default conjugate-gradient solver, 3 steps) and scored on
validation NDCG@10 after each iteration (iterations 1..15, i.e. early stopping picks the epoch count);
the best (configuration, iterations) is refit on train + validation with seeds 0, 1, 2 and scored on
test. Also reported: the selected configuration with the exact (Cholesky) solver, implicit trained with
RecLab's selected iALS configuration (exact solver, as RecLab's), and the best of the ten best validation
configurations picked on test (an optimistic bound, not a fair figure).

Metric, as RecLab defines it (docs/metrics.md): full ranking of every item of the index space except the
user's training items (higher score first, ties by lower item index), binary relevance, DCG@10 =
Σ rel_i / log2(i + 1), ideal DCG over min(|R|, 10) items, users without test items skipped, mean over
users. A popularity ranking is scored too, as a check against RecLab's popularity row (0.2197).

Confidence: c_ui = 1 + α·r_ui with r_ui the ML-100K rating (1–5), preference 1 for every observed pair:
RecLab's iALS on this spec (no implicit threshold) weights by the rating. Passed as the matrix values
with implicit's alpha = 1.0 (see implicit_als.py).

    python scripts/peers/implicit_quality.py --data /tmp/peers-data/ml100k_sweep --out results/peers/implicit_quality.json
"""
import argparse
import itertools
import statistics

import common  # first: thread settings
import numpy as np
from implicit.cpu.als import AlternatingLeastSquares

ap = argparse.ArgumentParser()
ap.add_argument("--data", required=True, help="export of experiments/implicit_mf_sweep.json")
ap.add_argument("--factors", default="32,64,128")
ap.add_argument("--regularization", default="0.01,0.1,1,3,10,30,100")
ap.add_argument("--alpha", default="0.5,1,2,5,10", help="α of c = 1 + α")
ap.add_argument("--iterations", type=int, default=15)
ap.add_argument("--out", required=True)
args = ap.parse_args()

split = common.Split(args.data)
ndcg_at_10 = common.ndcg_at_10


train = split.matrix(("train",))              # ratings
train_valid = split.matrix(("train", "validation"))
valid = split.matrix(("validation",), values=1.0)
test = split.matrix(("test",), values=1.0)

popularity = np.bincount(train_valid.indices, minlength=split.n_items).astype(np.float64)  # interaction counts
pop_ndcg = ndcg_at_10(np.tile(popularity, (split.n_users, 1)), train_valid, test)
common.log(f"popularity NDCG@10 on test: {pop_ndcg:.6f} (RecLab: 0.219687)")


def fit_trace(matrix, seen, relevant, factors, reg, alpha, iterations, seed, use_cg=True):
    """NDCG@10 on `relevant` after every iteration."""
    trace = []
    model = AlternatingLeastSquares(factors=factors, regularization=reg, alpha=1.0, use_cg=use_cg,
                                    iterations=iterations, num_threads=common.THREADS, random_state=seed)

    def cb(iteration, seconds, loss):
        trace.append(ndcg_at_10(model.user_factors @ model.item_factors.T, seen, relevant))

    conf = matrix.copy()
    conf.data = (1.0 + alpha * conf.data).astype(np.float32)
    model.fit(conf, show_progress=False, callback=cb)
    return trace


grid = list(itertools.product([int(x) for x in args.factors.split(",")],
                              [float(x) for x in args.regularization.split(",")],
                              [float(x) for x in args.alpha.split(",")]))
load_before = common.load_average()
rows = []
for factors, reg, alpha in grid:
    trace = fit_trace(train, train, valid, factors, reg, alpha, args.iterations, seed=0)
    best = int(np.argmax(trace))
    rows.append({"factors": factors, "regularization": reg, "alpha": alpha, "iterations": best + 1,
                 "validation_ndcg@10": trace[best]})
    common.log(f"factors {factors} λ {reg} α {alpha}: validation NDCG@10 {trace[best]:.4f} at iteration {best + 1}")
selected = max(rows, key=lambda r: r["validation_ndcg@10"])
common.log(f"selected: {selected}")


def refit(cfg, use_cg=True):
    values = [fit_trace(train_valid, train_valid, test, cfg["factors"], cfg["regularization"], cfg["alpha"],
                        cfg["iterations"], seed=s, use_cg=use_cg)[-1] for s in (0, 1, 2)]
    return {"mean": statistics.mean(values), "std": statistics.stdev(values), "seeds": values}


selected_test = refit(selected)
selected_test_exact = refit(selected, use_cg=False)
reclab_cfg = {"factors": 128, "regularization": 30.0, "alpha": 1.0, "iterations": 3}
reclab_cfg_test = refit(reclab_cfg, use_cg=False)  # RecLab's selected iALS used the Cholesky solver
oracle = []
for cfg in sorted(rows, key=lambda r: -r["validation_ndcg@10"])[:10]:
    oracle.append(dict(cfg, **{"test_ndcg@10": refit(cfg)["mean"]}))
common.log(f"test NDCG@10 of the selected configuration: {selected_test}")
common.write_result(args.out, name="implicit_als_quality", library="implicit", unit="quality",
                    quality={"ndcg@10": selected_test["mean"], "ndcg@10_std": selected_test["std"]},
                    selected=selected, selected_test=selected_test, selected_test_exact=selected_test_exact,
                    reclab_configuration=reclab_cfg, reclab_configuration_test=reclab_cfg_test,
                    top10_by_validation=oracle, grid=rows, popularity_ndcg10=pop_ndcg,
                    users=split.n_users, items=split.n_items, train_interactions=split.count("train"),
                    validation_interactions=split.count("validation"), test_interactions=split.count("test"),
                    load_before=load_before, load_after=common.load_average())
