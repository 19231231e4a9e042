#!/usr/bin/env bash
# Reproduces BENCHMARKS.md's peers section: RecLab against Surprise and implicit, side by side on the
# same machine, data and thread budget (2 threads each).
#
#   scripts/peers/run.sh                 # everything (about 30 min on the 2-core reference machine)
#   scripts/peers/run.sh svd report      # only some steps: svd als bpr knn quality, then report
#   PEERS_MAX_LOAD=1.5 scripts/peers/run.sh   # wait for a quiet machine before each timed command
#
# Steps: svd (biased MF vs surprise.SVD, ML-100K), als (iALS per iteration vs implicit ALS, synthetic
# 16M), bpr (BPR per epoch vs implicit BPR), knn (item-kNN fit vs implicit CosineRecommender), quality
# (implicit ALS NDCG@10 on ML-100K under RecLab's protocol), report (writes the section). Every step
# exports its split with `reclab data export` first (reused when present), so both sides see the same
# interactions. Results go to results/peers/*.json ($PEERS_OUT), splits to /tmp/peers-data ($PEERS_DATA),
# the Python environment to /tmp/peers-venv ($PEERS_VENV). Needs `reclab data fetch ml-100k` done.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${PEERS_OUT:-results/peers}"
DATA="${PEERS_DATA:-/tmp/peers-data}"
export RECLAB_DATASETS="${RECLAB_DATASETS:-datasets}"
VENV="${PEERS_VENV:-/tmp/peers-venv}"
PY="$VENV/bin/python"
RECLAB=.build/release/reclab
steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(svd als bpr knn quality report)
mkdir -p "$OUT" "$DATA"

scripts/peers/setup.sh
[ -x "$RECLAB" ] || swift build -c release --product reclab

export_split() {  # spec, folder
  if [ ! -s "$DATA/$2/test.tsv" ]; then
    echo "==> reclab data export $1 --out $DATA/$2"
    "$RECLAB" data export "$1" --out "$DATA/$2"
  fi
}

# Other processes share the 2 cores: with PEERS_MAX_LOAD set, each timed command first waits (up to
# PEERS_WAIT seconds, default 900) for the 1-minute load average to drop below it.
quiet() {
  [ -z "${PEERS_MAX_LOAD:-}" ] && return 0
  local waited=0
  while awk -v m="$PEERS_MAX_LOAD" '{exit !($1 >= m)}' /proc/loadavg && [ "$waited" -lt "${PEERS_WAIT:-900}" ]; do
    sleep 15; waited=$((waited + 15))
  done
}

# RecLab: rows in parallel over RECLAB_THREADS, OpenBLAS single-threaded inside (set by the command).
reclab_bench() {  # cases, json name
  quiet
  echo "==> load $(cut -d' ' -f1-3 /proc/loadavg): RECLAB_THREADS=2 $RECLAB bench models --only $1"
  RECLAB_THREADS=2 OPENBLAS_NUM_THREADS=1 "$RECLAB" bench models --only "$1" --json "$OUT/$2.json"
}

# Peers: 2 threads for OpenMP, OpenBLAS and MKL, and num_threads=2 in implicit.
peer() {
  quiet
  echo "==> load $(cut -d' ' -f1-3 /proc/loadavg): $*"
  OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS="${BLAS_THREADS:-2}" MKL_NUM_THREADS=2 PEERS_THREADS=2 "$PY" "$@"
}

for step in "${steps[@]}"; do
  case "$step" in
    svd)
      # both fits are single-threaded and take about a second: alternate RecLab and Surprise for
      # $PEERS_ROUNDS rounds (default 3) so load changes hit both; report.py shows every round
      export_split experiments/bench_ml100k_ratings.json ml100k_ratings
      mkdir -p "$OUT/svd_rounds"
      for round in $(seq 1 "${PEERS_ROUNDS:-3}"); do
        reclab_bench biased_mf "svd_rounds/reclab_$round"
        peer scripts/peers/surprise_svd.py --data "$DATA/ml100k_ratings" --out "$OUT/svd_rounds/surprise_$round.json"
      done ;;
    als)
      export_split experiments/bench_synthetic_16m.json synthetic_16m
      reclab_bench ials_cg,ials_cholesky reclab_als
      peer scripts/peers/implicit_als.py --data "$DATA/synthetic_16m" --model ials_cg --out "$OUT/implicit_als_cg.json"
      # implicit's own advice: OpenBLAS single-threaded, its OpenMP loop parallel over rows
      BLAS_THREADS=1 peer scripts/peers/implicit_als.py --data "$DATA/synthetic_16m" --model ials_cg \
        --name ials_cg_blas1 --out "$OUT/implicit_als_cg_blas1.json"
      # implicit's exact solver builds each row's matrix from f axpy calls per interaction (~80 s an iteration
      # here): one warm-up and one timed iteration
      peer scripts/peers/implicit_als.py --data "$DATA/synthetic_16m" --model ials_cholesky --repetitions 1 \
        --out "$OUT/implicit_als_cholesky.json" ;;
    bpr)
      export_split experiments/bench_synthetic_16m.json synthetic_16m
      reclab_bench bpr reclab_bpr
      peer scripts/peers/implicit_bpr.py --data "$DATA/synthetic_16m" --out "$OUT/implicit_bpr.json" ;;
    knn)
      export_split experiments/bench_synthetic_16m.json synthetic_16m
      reclab_bench item_knn reclab_knn
      peer scripts/peers/implicit_knn.py --data "$DATA/synthetic_16m" --out "$OUT/implicit_knn.json" ;;
    quality)
      export_split experiments/implicit_mf_sweep.json ml100k_sweep
      # not a timing: OpenBLAS single-threaded as implicit advises, its OpenMP loop on 2 threads
      BLAS_THREADS=1 peer scripts/peers/implicit_quality.py --data "$DATA/ml100k_sweep" --out "$OUT/implicit_quality.json" ;;
    report)
      "$PY" scripts/peers/report.py --results "$OUT" --benchmarks BENCHMARKS.md ;;
    *) echo "unknown step '$step' (svd als bpr knn quality report)"; exit 2 ;;
  esac
done
