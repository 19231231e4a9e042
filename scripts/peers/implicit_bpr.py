"""implicit's BayesianPersonalizedRanking on the split of experiments/bench_synthetic_16m.json: seconds
per epoch, against RecLab's `bpr` entry of that spec (same factors, learning rate, regularisation and
threads; one epoch = nnz sampled triples in both).

Differences that stay: implicit learns factors + 1 columns (the last is the item bias, the user's
is fixed at 1), which RecLab keeps as a separate bias vector; implicit draws the negative item from the
interactions (popularity-proportional) and skips the triple when it is a positive, RecLab draws it
uniformly and retries up to 20 times.

implicit's BPR has no per-epoch callback, so the epoch time is (T(k) − T(0)) / k with T(n) the median
fit time of a fresh model with `iterations = n` (T(0) is the setup: sorting, user ids, initialisation,
RNGs); one warm-up fit with one iteration comes first.

    python scripts/peers/implicit_bpr.py --data /tmp/peers-data/synthetic_16m --out results/peers/implicit_bpr.json
"""
import argparse
import statistics

import common  # first: thread settings
from implicit.cpu.bpr import BayesianPersonalizedRanking

ap = argparse.ArgumentParser()
ap.add_argument("--data", required=True)
ap.add_argument("--spec", default=f"{common.REPO}/experiments/bench_synthetic_16m.json")
ap.add_argument("--model", default="bpr")
ap.add_argument("--epochs", type=int, default=3, help="k: epochs of the timed fits")
ap.add_argument("--repetitions", type=int, default=3)
ap.add_argument("--out", required=True)
args = ap.parse_args()

_, p = common.spec_model(args.spec, args.model)
split = common.Split(args.data)
matrix = split.matrix(values=1.0)


def fit(iterations):
    model = BayesianPersonalizedRanking(factors=int(p["factors"]), learning_rate=float(p["learning_rate"]),
                                        regularization=float(p["regularization"]), iterations=iterations,
                                        num_threads=common.THREADS, random_state=0)
    seconds, _ = common.timed(lambda: model.fit(matrix, show_progress=False))
    common.log(f"fit with {iterations} epochs: {seconds:.3f} s")
    return seconds


load_before = common.load_average()
fit(1)  # warm-up
setup = [fit(0) for _ in range(args.repetitions)]
full = [fit(args.epochs) for _ in range(args.repetitions)]
per_epoch = (statistics.median(full) - statistics.median(setup)) / args.epochs
common.write_result(args.out, name="bpr", library="implicit",
                    model=f"implicit.cpu.bpr.BayesianPersonalizedRanking(factors={p['factors']} (+1 bias column), "
                          f"learning_rate={p['learning_rate']}, regularization={p['regularization']}, "
                          f"num_threads={common.THREADS})",
                    unit="epoch", seconds=per_epoch, times=[(t - statistics.median(setup)) / args.epochs for t in full],
                    setup_times=setup, fit_times=full, epochs_per_fit=args.epochs, quality={},
                    users=split.n_users, items=split.n_items, train_interactions=int(matrix.nnz),
                    load_before=load_before, load_after=common.load_average())
