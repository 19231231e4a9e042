#!/usr/bin/env bash
# Runs RecBole 1.2.1 on exactly RecLab's ML-100K split and prints the tables of docs/peers-recbole.md.
# Resumable: finished runs are read back from $RESULTS/*.jsonl and skipped.
#
#   scripts/peers/recbole/run.sh                 # everything (collaborative baselines, then KG models)
#   scripts/peers/recbole/run.sh collab          # only Pop, ItemKNN, EASE, BPR
#   scripts/peers/recbole/run.sh kg --seeds 0    # only CKE, CFKG, KTUP, KGAT, seed 0
#
# Environment (defaults): RECLAB (.build/release/reclab, else .build/debug/reclab), DATASETS (datasets),
# VENV (/tmp/recbole-venv), WORK (/tmp/recbole-peer: exported splits, RecBole dataset folder, logs),
# RESULTS ($WORK/results), THREADS (1: torch.set_num_threads per process). Nothing is written into the
# repository. Two runner processes may share one $RESULTS (give each its own --workdir and disjoint
# --seeds or --only; the log is re-read before every run).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
HERE="$ROOT/scripts/peers/recbole"
RECLAB="${RECLAB:-$ROOT/.build/release/reclab}"
[ -x "$RECLAB" ] || RECLAB="$ROOT/.build/debug/reclab"
DATASETS="${DATASETS:-$ROOT/datasets}"
VENV="${VENV:-/tmp/recbole-venv}"
WORK="${WORK:-/tmp/recbole-peer}"
RESULTS="${RESULTS:-$WORK/results}"
WHAT="${1:-all}"; [ $# -gt 0 ] && shift
THREADS="${THREADS:-1}"
export OMP_NUM_THREADS="$THREADS" MKL_NUM_THREADS="$THREADS" DGLBACKEND=pytorch PYTHONWARNINGS=ignore

"$HERE/setup_venv.sh" "$VENV"
PY="$VENV/bin/python"

# 1. RecLab's exact splits: baselines_8020 (80/20, reported) and implicit_mf_sweep (70/10/20, tuning).
for spec in baselines_8020 implicit_mf_sweep; do
  [ -s "$WORK/split-$spec/test.tsv" ] || \
    "$RECLAB" data export "$ROOT/experiments/$spec.json" --out "$WORK/split-$spec" --datasets "$DATASETS"
done
# 2. RecBole atomic benchmark files (+ the ML-100K .kg/.link) in $WORK/data/ml100k_reclab/.
"$PY" "$HERE/convert.py" --split80 "$WORK/split-baselines_8020" --split70 "$WORK/split-implicit_mf_sweep" \
  --kg-dir "$DATASETS/ml-100k" --out "$WORK/data"

common=(--data "$WORK/data" --workdir "$WORK/recbole" --results "$RESULTS" --threads "$THREADS")
# 3. The runs.
case "$WHAT" in
  all) "$PY" "$HERE/run_collab.py" "${common[@]}" "$@"; "$PY" "$HERE/run_kg.py" "${common[@]}" "$@" ;;
  collab) "$PY" "$HERE/run_collab.py" "${common[@]}" "$@" ;;
  kg) "$PY" "$HERE/run_kg.py" "${common[@]}" "$@" ;;
  summary) ;;
  *) echo "usage: run.sh [all|collab|kg|summary] [--seeds 0,1,2] [--only MODEL,...]" >&2; exit 2 ;;
esac
# 4. The tables.
"$PY" "$HERE/summarize.py" "$RESULTS" --markdown "$RESULTS/tables.md"
