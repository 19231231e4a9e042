"""implicit's AlternatingLeastSquares on the split of experiments/bench_synthetic_16m.json: seconds per
iteration, against RecLab's `ials_cg` / `ials_cholesky` entries of that spec.

Equivalence of the objective. RecLab minimises Σ c_ui (p_ui − x_uᵀy_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²) with
c_ui = 1 + α·r_ui on observed pairs and 1 elsewhere. implicit 0.7 takes the matrix values as c_ui
directly (multiplied by its own `alpha`, with no "+1"), and adds λ to YᵀY exactly as RecLab does. So we
pass the confidence-scaled matrix ourselves — every value 1 + α (the data is implicit, r = 1) — with
implicit's alpha=1.0 and regularization=λ. Both libraries then solve the same least-squares problems;
the per-row CG (3 steps, warm-started) is the same algorithm (Takács et al. 2011). Only the random
initialisation differs (implicit: U[0, 0.01); RecLab: N(0, 0.01²)). As a check, the training loss after
the last iteration is computed with implicit's own `calculate_loss` (same normalisation by Σ c_ui as
RecLab's epoch loss), outside the timed region.

Timing: fit(iterations = 1 + repetitions); the first iteration is the warm-up, each further iteration
is timed by implicit's fit callback (which starts its clock after setup, and measures only the two
half-steps since calculate_training_loss is off), median reported.

    python scripts/peers/implicit_als.py --data /tmp/peers-data/synthetic_16m --model ials_cg --out results/peers/implicit_als_cg.json
"""
import argparse

import common  # first: thread settings
import implicit
from implicit.cpu import _als
from implicit.cpu.als import AlternatingLeastSquares

ap = argparse.ArgumentParser()
ap.add_argument("--data", required=True)
ap.add_argument("--spec", default=f"{common.REPO}/experiments/bench_synthetic_16m.json")
ap.add_argument("--model", default="ials_cg", help="model entry of the spec (ials_cg or ials_cholesky)")
ap.add_argument("--repetitions", type=int, default=3)
ap.add_argument("--name", default=None, help="result name (default: the model entry)")
ap.add_argument("--out", required=True)
args = ap.parse_args()

_, p = common.spec_model(args.spec, args.model)
split = common.Split(args.data)
alpha, reg, f = float(p["alpha"]), float(p["regularization"]), int(p["factors"])
confidence = split.matrix(values=1.0 + alpha)
use_cg = p.get("solver", "cholesky") == "cg"
common.log(f"{split.n_users} users × {split.n_items} items, {confidence.nnz} training interactions; "
           f"c = {1 + alpha}, λ = {reg}, {f} factors, use_cg={use_cg}")

model = AlternatingLeastSquares(factors=f, regularization=reg, alpha=1.0, use_cg=use_cg,
                                iterations=1 + args.repetitions, calculate_training_loss=False,
                                num_threads=common.THREADS, random_state=0)
model.cg_steps = int(p.get("cg_steps", 3))
elapsed = []


def on_iteration(iteration, seconds, loss):
    elapsed.append(seconds)
    common.log(f"iteration {iteration + 1}: {seconds:.3f} s")


load_before = common.load_average()
model.fit(confidence, show_progress=False, callback=on_iteration)
load_after = common.load_average()
loss = _als.calculate_loss(confidence, model.user_factors, model.item_factors, reg, num_threads=common.THREADS)
common.write_result(args.out, name=args.name or args.model, library="implicit",
                    model=f"implicit.cpu.als.AlternatingLeastSquares(factors={f}, regularization={reg}, alpha=1.0, "
                          f"use_cg={use_cg}, cg_steps={model.cg_steps}, num_threads={common.THREADS}) on values 1 + {alpha}",
                    unit="epoch", times=elapsed[1:], warmup=elapsed[:1],
                    quality={"loss": float(loss), "epochs": len(elapsed)}, users=split.n_users, items=split.n_items,
                    train_interactions=int(confidence.nnz), load_before=load_before, load_after=load_after,
                    implicit_version=implicit.__version__)
