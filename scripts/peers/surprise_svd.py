"""Surprise's SVD (biased MF by SGD) on the split of experiments/bench_ml100k_ratings.json.

Same settings as RecLab's `biased_mf` entry of that spec: n_factors, n_epochs, lr_all, reg_all
(factors and biases), init N(0, init_std²), biased=True. Times `fit` on the prebuilt trainset (one
warm-up, then the median of --repetitions runs, run k with random_state k) and scores RMSE on the test
part, mean ± std over those runs (predictions clipped to the rating scale 1–5, as RecLab clips to the
training range).

    python scripts/peers/surprise_svd.py --data /tmp/peers-data/ml100k_ratings --out results/peers/surprise_svd.json
"""
import argparse

import common  # first: thread settings
import numpy as np
from surprise import SVD, Dataset, Reader

ap = argparse.ArgumentParser()
ap.add_argument("--data", required=True, help="folder written by `reclab data export experiments/bench_ml100k_ratings.json`")
ap.add_argument("--spec", default=f"{common.REPO}/experiments/bench_ml100k_ratings.json")
ap.add_argument("--model", default="biased_mf")
ap.add_argument("--repetitions", type=int, default=5)
ap.add_argument("--out", required=True)
args = ap.parse_args()

_, p = common.spec_model(args.spec, args.model)
split = common.Split(args.data)
train = split.frames["train"][["user_id", "item_id", "rating"]]
trainset = Dataset.load_from_df(train, Reader(rating_scale=(1, 5))).build_full_trainset()
test = split.frames["test"]
testset = list(zip(test["user_id"], test["item_id"], test["rating"].astype(float)))


def make(seed):
    return SVD(n_factors=p["factors"], n_epochs=p["epochs"], biased=True, init_mean=0, init_std_dev=p["init_std"],
               lr_all=p["learning_rate"], reg_all=p["regularization"], random_state=seed)


def rmse_of(algo):
    errors = np.array([pr.est - pr.r_ui for pr in algo.test(testset)])
    return float(np.sqrt(np.mean(errors ** 2)))


load_before = common.load_average()
make(0).fit(trainset)  # warm-up
times, rmses = [], []
for k in range(args.repetitions):
    algo = make(k)  # seeds 0, 1, …, as RecLab's fits cycle through the spec's seeds
    t, _ = common.timed(lambda: algo.fit(trainset))
    times.append(t)
    rmses.append(rmse_of(algo))
    common.log(f"surprise SVD fit {t:.3f} s (random_state {k}), test RMSE {rmses[-1]:.4f}")
assert abs(p["bias_regularization"] - p["regularization"]) < 1e-12, "reg_all sets one regularisation for biases and factors"
common.write_result(args.out, name="biased_mf", library="surprise", model=f"surprise.SVD(n_factors={p['factors']}, "
                    f"n_epochs={p['epochs']}, lr_all={p['learning_rate']}, reg_all={p['regularization']}, "
                    f"init_std_dev={p['init_std']}, biased=True)", unit="fit", times=times,
                    quality={"rmse": float(np.mean(rmses)), "rmse_std": float(np.std(rmses, ddof=1)) if len(rmses) > 1 else 0.0,
                             "seeds": len(rmses)}, rmse_per_seed=rmses, users=split.n_users, items=split.n_items,
                    train_interactions=split.count("train"), test_interactions=split.count("test"),
                    load_before=load_before, load_after=common.load_average())
