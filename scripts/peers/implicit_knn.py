"""implicit's CosineRecommender (item-item cosine, top-K neighbours) on the split of
experiments/bench_synthetic_16m.json: fit seconds, against RecLab's `item_knn` entry (cosine,
neighbours = saved_neighbours = K, no shrinkage). Both compute the sparse item × item cosine of the
binary training matrix and keep each item's K most similar items. One warm-up fit, then the median of
--repetitions fits.

    python scripts/peers/implicit_knn.py --data /tmp/peers-data/synthetic_16m --out results/peers/implicit_knn.json
"""
import argparse

import common  # first: thread settings
from implicit.nearest_neighbours import CosineRecommender

ap = argparse.ArgumentParser()
ap.add_argument("--data", required=True)
ap.add_argument("--spec", default=f"{common.REPO}/experiments/bench_synthetic_16m.json")
ap.add_argument("--model", default="item_knn")
ap.add_argument("--repetitions", type=int, default=3)
ap.add_argument("--out", required=True)
args = ap.parse_args()

_, p = common.spec_model(args.spec, args.model)
k = int(p["neighbours"])
split = common.Split(args.data)
matrix = split.matrix(values=1.0)

load_before = common.load_average()
times = []
for run in range(args.repetitions + 1):
    model = CosineRecommender(K=k, num_threads=common.THREADS)
    seconds, _ = common.timed(lambda: model.fit(matrix, show_progress=False))
    common.log(f"fit {seconds:.3f} s{' (warm-up)' if run == 0 else ''}")
    if run > 0:
        times.append(seconds)
sim = model.similarity
common.write_result(args.out, name="item_knn", library="implicit",
                    model=f"implicit.nearest_neighbours.CosineRecommender(K={k}, num_threads={common.THREADS})",
                    unit="fit", times=times, quality={"similarity_nnz": int(sim.nnz)},
                    users=split.n_users, items=split.n_items, train_interactions=int(matrix.nnz),
                    load_before=load_before, load_after=common.load_average())
