#!/usr/bin/env python3
"""RecBole 1.2.1 knowledge-aware models on RecLab's ML-100K split with the Freebase KG (issue 7):
CKE, CFKG, KTUP, KGAT, each with RecBole's default hyper-parameters (recbole/properties/model/NAME.yaml,
overall.yaml: Adam, learning_rate 1e-3, train_batch_size 2048, one uniform negative), up to --max-epochs
epochs with early stopping (patience --stopping-step) on valid NDCG@10.

Per seed: tune on train70 → valid10 to find the best epoch, refit on train80 for that many epochs, test
(see recbole_common.py). KGAT needs dgl (1.0.4 with a keyword shim, see setup_venv.sh).

With --stopping-step other than 10 the runs are labelled MODEL-patienceN (CFKG has a long validation
plateau around epochs 3-20 that patience 10 can stop in).

Usage: run_kg.py --results DIR [--seeds 0,1,2] [--only CKE,CFKG] [--stopping-step 30]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from recbole_common import Study, add_common_args  # noqa: E402

MODELS = ["CKE", "CFKG", "KTUP", "KGAT"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(ap)
    a = ap.parse_args()
    seeds = [int(s) for s in a.seeds.split(",")]
    st = Study("kg", a)
    for m in [m for m in a.only.split(",") if m] or MODELS:  # in the order given
        if m not in MODELS:
            sys.exit(f"unknown model {m}; choose from {', '.join(MODELS)}")
        # a non-default patience is a different protocol: its own label (and so its own log keys and row)
        label = m if a.stopping_step == ap.get_default("stopping_step") else f"{m}-patience{a.stopping_step}"
        st.grid(label, m, [{}], seeds, iterative=True)


if __name__ == "__main__":
    main()
