#!/usr/bin/env python3
"""Turns the runners' JSON-lines logs into the markdown tables of docs/peers-recbole.md.

For every model label: the refit runs (train80 → test20) of its selected configuration, mean ± sample
standard deviation (ddof 1) over seeds; fit time is the refit's mean wall time (model construction +
Trainer.fit, no validation); "tune" is the wall time of all its tune-phase runs (grid + per-seed early
stopping), summed. A second table lists every tune-phase configuration with its validation NDCG@10.

Usage: summarize.py RESULTS_DIR [--markdown OUT.md]
"""
import argparse
import json
import os
import re
import statistics

DISPLAY = {"Pop-exact": "Pop (exact counts)"}
PATIENCE_LABEL = re.compile(r"^(.+)-patience(\d+)$")  # run_kg.py --stopping-step N labels MODEL-patienceN


def display(label):
    """The table name of a run label (MODEL-patienceN → "MODEL (patience N)")."""
    m = PATIENCE_LABEL.match(label)
    return DISPLAY.get(label) or (f"{m.group(1)} (patience {m.group(2)})" if m else label)
COLS = ["ndcg@10", "recall@10", "hit@10", "precision@10", "mrr@10"]


def load(results):
    recs = []
    for name in sorted(os.listdir(results)):
        if name.endswith(".jsonl"):
            with open(os.path.join(results, name)) as f:
                seen = {}
                for line in f:
                    if line.strip():
                        r = json.loads(line)
                        seen[r["key"]] = r
                recs.extend(seen.values())
    return recs


def cell(values, digits=4):
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{statistics.mean(values):.{digits}f} ± {statistics.stdev(values):.{digits}f}"


def fmt_params(p):
    return ", ".join(f"{k}={json.dumps(v)}" for k, v in sorted(p.items())) or "defaults"


def selected_refits(recs, label):
    """The refit records of `label` for the configuration selected last (a log that outlived a grid
    change may hold older selections), by seed; empty when the label has no refit."""
    refits = [r for r in recs if r["label"] == label and r["phase"] == "refit"]
    if not refits:
        return []
    chosen = json.dumps(refits[-1]["params"], sort_keys=True)
    return sorted((r for r in refits if json.dumps(r["params"], sort_keys=True) == chosen), key=lambda r: r["seed"])


def tables(recs):
    labels = []
    for r in recs:
        if r["label"] not in labels:
            labels.append(r["label"])
    out = ["| group | model | selected config | epochs (refit) | NDCG@10 | Recall@10 | Hit@10 | Precision@10 | "
           "MRR@10 | fit time (s) | tune time (s) | seeds |",
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for label in labels:
        refits = selected_refits(recs, label)
        if not refits:
            continue
        tunes = [r for r in recs if r["label"] == label and r["phase"] == "tune"]
        row = [refits[0]["group"], display(label), fmt_params(refits[0]["params"]),
               ", ".join(str(r["epochs_run"]) for r in refits)]
        row += [cell([r["test"][c] for r in refits]) for c in COLS]
        row += [cell([r["fit_s"] for r in refits], 1), f"{sum(r['fit_s'] for r in tunes):.0f}" if tunes else "—",
                ",".join(str(r["seed"]) for r in refits)]
        out.append("| " + " | ".join(row) + " |")
    out += ["", "Per seed (refit on train80 → test20 with the selected configuration):", "",
            "| model | seed | epochs | NDCG@10 | Recall@10 | Hit@10 | Precision@10 | MRR@10 | fit (s) | eval (s) |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for label in labels:
        for r in selected_refits(recs, label):
            out.append(f"| {display(label)} | {r['seed']} | {r['epochs_run']} | "
                       + " | ".join(f"{r['test'][c]:.4f}" for c in COLS) + f" | {r['fit_s']:.1f} | {r['eval_s']:.2f} |")
    out += ["", "Tune phase (train70 → valid10; seed, configuration, best epoch, validation NDCG@10, wall time):", "",
            "| model | seed | config | best epoch / epochs run | valid NDCG@10 | time (s) |",
            "| --- | --- | --- | --- | --- | --- |"]
    for r in recs:
        if r["phase"] == "tune":
            out.append(f"| {display(r['label'])} | {r['seed']} | {fmt_params(r['params'])} | {r['best_epoch'] + 1} / "
                       f"{r['epochs_run']} | {r['valid_ndcg10']:.4f} | {r['fit_s']:.0f} |")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results")
    ap.add_argument("--markdown")
    a = ap.parse_args()
    text = tables(load(a.results))
    if a.markdown:
        with open(a.markdown + ".tmp", "w") as f:
            f.write(text)
        os.replace(a.markdown + ".tmp", a.markdown)
    print(text)


if __name__ == "__main__":
    main()
