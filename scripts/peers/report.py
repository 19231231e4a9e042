"""Assembles BENCHMARKS.md's `peers` section from the result files of scripts/peers/run.sh
(RecLab's `reclab bench models --json` files and one JSON per peer script), and replaces the text
between `<!-- begin:peers -->` and `<!-- end:peers -->` (appending the section when absent), as
RecLab's BenchmarksFile.update does for its own sections.

    python scripts/peers/report.py --results results/peers --benchmarks BENCHMARKS.md [--dry-run]
"""
import argparse
import datetime
import glob
import json
import os
import re

ap = argparse.ArgumentParser()
ap.add_argument("--results", default="results/peers")
ap.add_argument("--benchmarks", default="BENCHMARKS.md")
ap.add_argument("--dry-run", action="store_true")
args = ap.parse_args()

reclab = {}
for path in sorted(glob.glob(os.path.join(args.results, "reclab_*.json"))):
    for r in json.load(open(path)):
        reclab[r["name"]] = r
peers = {}
for path in sorted(glob.glob(os.path.join(args.results, "*.json"))):
    if not os.path.basename(path).startswith("reclab_"):
        peers[os.path.basename(path)[:-5]] = json.load(open(path))

RUN = "`scripts/peers/run.sh {}`"
BENCH = "`RECLAB_THREADS=2 reclab bench models --only {}`"


def secs(x):
    return f"{x:.3f}" if x < 10 else f"{x:.2f}"


def load(r):
    a, b = r.get("loadBefore", r.get("load_before")), r.get("loadAfter", r.get("load_after"))
    return f"{a:.1f}→{b:.1f}"


def runs(r):
    return str(len(r["times"]))


def ratio(peer, mine):
    return f"**{peer['seconds'] / mine['seconds']:.2f}×**"


def reclab_quality_rows():
    """RecLab's iALS and EASE test NDCG@10 from BENCHMARKS.md's quality-implicit section."""
    text = open(args.benchmarks).read()
    m = re.search(r"<!-- begin:quality-implicit -->(.*?)<!-- end:quality-implicit -->", text, re.S)
    rows = {}
    if m:
        for line in m.group(1).splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) > 2 and cells[0].split(" ")[0] in ("ials", "ease") and "±" in cells[1]:
                rows[cells[0].split(" ")[0]] = cells[1].replace(" †", "")
        sel = re.findall(r"- (ials|ease) \(`\w+`\): (.*)", m.group(1))
        return rows, dict(sel)
    return rows, {}


out = []
any_peer = next(iter(peers.values()), {})
# Surprise's record is under svd_rounds/ when run.sh svd ran interleaved rounds.
surprise_version = peers.get("surprise_svd", {}).get("versions", {}).get("surprise")
for path in sorted(glob.glob(os.path.join(args.results, "svd_rounds", "surprise_*.json"))):
    surprise_version = surprise_version or json.load(open(path)).get("versions", {}).get("surprise")
surprise_version = surprise_version or "?"
v = any_peer.get("versions", {})
blas = [p for p in v.get("threadpools", []) if p.get("internal_api") == "openblas" and "scipy" in (p.get("prefix") or "")]
cpu = "unknown CPU"
if os.path.exists("/proc/cpuinfo"):
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
out.append(
    f"Measured {datetime.date.today().isoformat()} on {cpu}, 2 cores shared with other processes (the load "
    f"column is the 1-minute load average before→after each row). RecLab: release build, `RECLAB_THREADS=2`, "
    f"OpenBLAS single-threaded inside the models, which parallelise over rows themselves (`reclab bench models`). "
    f"Peers, in a venv outside the repo: implicit {v.get('implicit', '?')}, scikit-surprise "
    f"{surprise_version}, numpy {v.get('numpy', '?')}, "
    f"scipy {v.get('scipy', '?')}"
    + (f" (OpenBLAS {blas[0]['version']}, {blas[0]['architecture']} kernels)" if blas else "")
    + ", Python " + v.get("python", "?")
    + "; `OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=MKL_NUM_THREADS=2` and `num_threads=2`. "
    "Every timing: one warm-up, then the median of the runs shown. Ratio = peer seconds / RecLab seconds "
    "(above 1: RecLab is faster). Data: each spec's exact split, written by `reclab data export` for the peers. "
    "Reproduce everything: `scripts/peers/run.sh` (about 30 minutes); one comparison: `scripts/peers/run.sh STEP`.\n")

# 1. biased MF: with interleaved rounds (run.sh svd), the table shows the round of median ratio
r, s = reclab.get("biased_mf"), peers.get("surprise_svd")
rounds = []
for path in sorted(glob.glob(os.path.join(args.results, "svd_rounds", "reclab_*.json"))):
    other = path.replace("reclab_", "surprise_")
    if os.path.exists(other):
        rounds.append((json.load(open(path))[0], json.load(open(other))))
if rounds:
    r, s = sorted(rounds, key=lambda x: x[1]["seconds"] / x[0]["seconds"])[len(rounds) // 2]
if r and s:
    out.append(f"**Biased MF vs `surprise.SVD`** — ML-100K, random 80/20 split of the ratings, seed 0 "
               f"({r['trainInteractions']:,} train / {s['test_interactions']:,} test; `experiments/bench_ml100k_ratings.json`). "
               f"100 factors, 20 epochs, step 0.005, λ 0.02 on factors and biases, N(0, 0.1²) initialisation, both "
               f"single-threaded SGD. RMSE: mean ± std over the timed fits' seeds ({int(r['quality'].get('seeds', 1))} each). "
               f"Target (issue 5): RecLab ≥ 5× faster, RMSE no worse.\n")
    out.append("| library | fit (s) | runs | ratio | test RMSE | load | reproduce |\n| --- | ---: | ---: | ---: | --- | --- | --- |")
    q = r["quality"]
    out.append(f"| RecLab `biased_mf` | {secs(r['seconds'])} | {runs(r)} | 1 | {q['rmse']:.4f} ± {q.get('rmse_std', 0):.4f} | "
               f"{load(r)} | {BENCH.format('biased_mf')} |")
    q = s["quality"]
    out.append(f"| Surprise `SVD` | {secs(s['seconds'])} | {runs(s)} | {ratio(s, r)} | {q['rmse']:.4f} ± {q['rmse_std']:.4f} | "
               f"{load(s)} | {RUN.format('svd')} |\n")
    diff = r["quality"]["rmse"] - s["quality"]["rmse"]
    out.append(f"RMSE difference RecLab − Surprise: {diff:+.4f}, against standard deviations over seeds of "
               f"{r['quality'].get('rmse_std', 0):.4f} and {s['quality']['rmse_std']:.4f}. "
               + (f"Interleaved rounds (RecLab, then Surprise, {len(rounds)} times; the table shows the round of median ratio): "
                  + "; ".join(f"{a['seconds']:.3f} s vs {b['seconds']:.3f} s = {b['seconds'] / a['seconds']:.2f}×"
                              for a, b in rounds) + "." if len(rounds) > 1 else "") + "\n")

# 2. iALS
cg, ch = reclab.get("ials_cg"), reclab.get("ials_cholesky")
if cg:
    out.append(f"**iALS, seconds per iteration** (both half-steps) — synthetic 16M (`experiments/bench_synthetic_16m.json`: "
               f"{cg['users']:,} users × {cg['items']:,} items, {cg['trainInteractions']:,} training interactions, implicit), "
               f"64 factors, λ = 10, confidence c = 1 + α with α = 1. implicit 0.7 takes the matrix values as the "
               f"confidence (times its own `alpha`, no \"+1\"), so it gets the matrix with every value 1 + α and "
               f"`alpha=1.0`: both solve the same least-squares problems (λ added to YᵀY in both), CG with 3 warm-started "
               f"steps in both. Loss: the full objective divided by Σ c_ui after the last iteration (RecLab's epoch loss; "
               f"implicit's `calculate_loss`, outside the timing) — equal up to the different random initialisations. "
               f"RecLab's timed epoch includes computing that loss (implicit's does not).\n")
    out.append("| library | solver | s / iteration | runs | ratio | loss after | load | reproduce |\n| --- | --- | ---: | ---: | ---: | --- | --- | --- |")
    for name, row, mine, label, cmd in (
            ("RecLab `implicit_als`", cg, None, "CG, 3 steps", BENCH.format("ials_cg")),
            ("RecLab `implicit_als`", ch, None, "Cholesky (`ssyrk` + `sposv` per row)", BENCH.format("ials_cholesky")),
            ("implicit `AlternatingLeastSquares`", peers.get("implicit_als_cg"), cg, "CG, 3 steps (OpenBLAS 2 threads)", RUN.format("als")),
            ("implicit `AlternatingLeastSquares`", peers.get("implicit_als_cg_blas1"), cg, "CG, 3 steps (OpenBLAS 1 thread, implicit's advice)", RUN.format("als")),
            ("implicit `AlternatingLeastSquares`", peers.get("implicit_als_cholesky"), ch, "Cholesky (`use_cg=False`)", RUN.format("als"))):
        if not row:
            continue
        q = row["quality"]
        out.append(f"| {name} | {label} | {secs(row['seconds'])} | {runs(row)} | {ratio(row, mine) if mine else 1} | "
                   f"{q['loss']:.5f} ({int(q['epochs'])} it.) | {load(row)} | {cmd} |")
    out.append("")

# 3. BPR
r, p = reclab.get("bpr"), peers.get("implicit_bpr")
if r and p:
    out.append(f"**BPR, seconds per epoch** ({r['trainInteractions']:,} sampled triples, Hogwild on 2 threads in both) — same "
               f"synthetic 16M data; 64 factors, step 0.01, λ 0.01. implicit learns 64 + 1 columns (the last is the item bias, "
               f"the user's column fixed at 1); RecLab keeps a separate item-bias vector. Negatives: implicit draws the item of a "
               f"random interaction (popularity-proportional) and skips the triple if the user has it; RecLab draws uniformly, "
               f"retrying up to 20 times, and also accumulates the epoch loss. implicit has no per-epoch hook: its figure is "
               f"(T({p['epochs_per_fit']} epochs) − T(0 epochs)) / {p['epochs_per_fit']}, medians of {len(p['fit_times'])} fits each.\n")
    out.append("| library | s / epoch | runs | ratio | load | reproduce |\n| --- | ---: | ---: | ---: | --- | --- |")
    out.append(f"| RecLab `bpr` (threads 2) | {secs(r['seconds'])} | {runs(r)} | 1 | {load(r)} | {BENCH.format('bpr')} |")
    out.append(f"| implicit `BayesianPersonalizedRanking` | {secs(p['seconds'])} | {len(p['fit_times'])} | {ratio(p, r)} | "
               f"{load(p)} | {RUN.format('bpr')} |\n")

# 4. item-kNN
r, p = reclab.get("item_knn"), peers.get("implicit_knn")
if r and p:
    out.append(f"**Item-kNN cosine, K = 50, fit seconds** — same synthetic 16M data: the sparse item × item cosine of the "
               f"binary matrix, keeping each item's 50 most similar items ({p['quality']['similarity_nnz']:,} entries in "
               f"implicit's matrix).\n")
    out.append("| library | fit (s) | runs | ratio | load | reproduce |\n| --- | ---: | ---: | ---: | --- | --- |")
    out.append(f"| RecLab `item_knn` (cosine, neighbours = saved_neighbours = 50) | {secs(r['seconds'])} | {runs(r)} | 1 | {load(r)} | {BENCH.format('item_knn')} |")
    out.append(f"| implicit `CosineRecommender(K=50)` | {secs(p['seconds'])} | {runs(p)} | {ratio(p, r)} | {load(p)} | {RUN.format('knn')} |\n")

# 5. quality
qr = peers.get("implicit_quality")
if qr:
    rows, selected = reclab_quality_rows()
    sel, st = qr["selected"], qr["selected_test"]
    out.append(f"**Top-N quality: implicit's ALS on ML-100K**, under RecLab's protocol (`experiments/implicit_mf_sweep.json`'s "
               f"exported split: tune on 70/10 by validation NDCG@10 with the iteration count chosen per configuration, refit on "
               f"train + validation = baselines_8020's 80%, test = baselines_8020's 20%, three seeds). Confidence 1 + α·rating, as RecLab's "
               f"iALS uses the ML-100K ratings. NDCG@10 as RecLab defines it (docs/metrics.md), computed in "
               f"`scripts/peers/common.py`; check: popularity scores {qr['popularity_ndcg10']:.6f} there, RecLab 0.219687. "
               f"Grid: {len(qr['grid'])} configurations (factors × λ × α, implicit's default CG solver), iterations 1–15.\n")
    out.append("| model | test NDCG@10 (3 seeds) | configuration | reproduce |\n| --- | --- | --- | --- |")
    for k in ("ials", "ease"):
        if k in rows:
            out.append(f"| RecLab `{'implicit_als' if k == 'ials' else 'ease'}` (section quality-implicit) | {rows[k]} | "
                       f"{selected.get(k, '')} | `reclab run experiments/implicit_mf_sweep.json` |")
    out.append(f"| implicit ALS, selected on validation | {st['mean']:.4f} ± {st['std']:.4f} | factors={sel['factors']}, "
               f"regularization={sel['regularization']:g}, α={sel['alpha']:g}, iterations={sel['iterations']}, CG (3 steps) | {RUN.format('quality')} |")
    ex = qr["selected_test_exact"]
    out.append(f"| implicit ALS, same configuration, exact solver | {ex['mean']:.4f} ± {ex['std']:.4f} | as above, `use_cg=False` | {RUN.format('quality')} |")
    rc, rct = qr["reclab_configuration"], qr["reclab_configuration_test"]
    out.append(f"| implicit ALS with RecLab's selected iALS configuration | {rct['mean']:.4f} ± {rct['std']:.4f} | factors={rc['factors']}, "
               f"regularization={rc['regularization']:g}, α={rc['alpha']:g}, iterations={rc['iterations']} | {RUN.format('quality')} |")
    best = max(qr["top10_by_validation"], key=lambda c: c["test_ndcg@10"])
    out.append(f"| implicit ALS, best of the top 10 by validation, picked on test (optimistic) | {best['test_ndcg@10']:.4f} | "
               f"factors={best['factors']}, regularization={best['regularization']:g}, α={best['alpha']:g}, "
               f"iterations={best['iterations']} | {RUN.format('quality')} |\n")

body = "\n".join(out)
print(body)
if not args.dry_run:
    text = open(args.benchmarks).read() if os.path.exists(args.benchmarks) else "# Benchmarks\n"
    begin, end = "<!-- begin:peers -->", "<!-- end:peers -->"
    block = begin + "\n" + body + end
    a, b = text.find(begin), text.find(end)
    if a >= 0 and b > a:
        text = text[:a] + block + text[b + len(end):]
    else:
        text += "\n" + block + "\n"
    with open(args.benchmarks + ".tmp", "w") as f:
        f.write(text)
    os.replace(args.benchmarks + ".tmp", args.benchmarks)
