#!/usr/bin/env python3
"""Fuzzes RecLab's spec reader and runner from the outside (issue 19's larger run).

Seeded mutants of the shipped specs (experiments/*.json) go through `reclab plan`: each must exit 0
(a valid spec) or exit 1 with located errors (every error line `file:line:col: path: message`), never
crash (a signal) or hang (a timeout). Then accepted mutants, moved onto a tiny synthetic dataset with one
seed and few epochs, go through `reclab run`: each must finish (exit 0, or 1 with a message) without a
crash. Counts are printed at the end; the exit status is non-zero when anything crashed or hung.

    scripts/fuzz_specs.py [--plans 2000] [--runs 50] [--seed 7] [--reclab .build/release/reclab]
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

PROBES = ["-1", "0", "1e308", "-1e308", "9223372036854775807", "18446744073709551616", "1.5", "null", "true",
          '""', '"x"', "[]", "{}", "[[1]]", '{"a": 1}', '"' + "a" * 5000 + '"', "1e-320", '"\\u0000"', '"ndcg@0"']


def mutant(text, rng):
    chars = list(text)
    op = rng.randrange(5)
    if op == 0 and chars:
        del chars[rng.randrange(len(chars))]
    elif op == 1:
        chars.insert(rng.randrange(len(chars) + 1), rng.choice('{}[],:"0123456789-eE.tfn \\'))
    elif op == 2:
        chars = chars[:rng.randrange(len(chars) + 1)]
    else:
        colons = [i for i, c in enumerate(chars) if c == ":"]
        if not colons:
            return text
        c = rng.choice(colons)
        end, depth = c + 1, 0
        while end < len(chars):
            ch = chars[end]
            if ch in "[{":
                depth += 1
            if ch in "]}":
                if depth == 0:
                    break
                depth -= 1
            if ch == "," and depth == 0:
                break
            end += 1
        chars[c + 1:end] = list(" " + rng.choice(PROBES))
    return "".join(chars)


def tiny(spec):
    """The spec on a tiny synthetic dataset, one seed, few epochs, no BENCHMARKS output."""
    spec["dataset"] = {"source": "synthetic", "synthetic": {"users": 60, "items": 40, "interactions": 700, "seed": 1}}
    spec["seeds"] = [0]
    spec.pop("output", None)
    for m in spec.get("models", []) if isinstance(spec.get("models"), list) else []:
        if isinstance(m, dict) and isinstance(m.get("params"), dict):
            for k in ("epochs", "transe_epochs"):
                if k in m["params"]:
                    m["params"][k] = 2
    return spec


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--reclab", default=".build/release/reclab")
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    reclab = os.path.join(root, a.reclab) if not os.path.isabs(a.reclab) else a.reclab
    shipped = [open(os.path.join(root, "experiments", f)).read() for f in sorted(os.listdir(os.path.join(root, "experiments")))
               if f.endswith(".json")]
    rng = random.Random(a.seed)
    work = tempfile.mkdtemp(prefix="reclab-fuzz-")
    counts = {"valid": 0, "spec errors": 0, "unlocated errors": 0, "crashes": 0, "hangs": 0}
    accepted = []
    # Every reported problem is a line naming the spec file with a line:column or a JSON path.
    located = re.compile(r"m\.json:\S")
    for i in range(a.plans):
        text = shipped[i % len(shipped)]
        for _ in range(1 + rng.randrange(3)):
            text = mutant(text, rng)
        path = os.path.join(work, "m.json")
        with open(path, "w") as f:
            f.write(text)
        try:
            p = subprocess.run([reclab, "plan", path, "--json"], capture_output=True, timeout=30, cwd=root)
        except subprocess.TimeoutExpired:
            counts["hangs"] += 1
            print(f"hang: plan of mutant {i}", file=sys.stderr)
            continue
        if p.returncode < 0 or p.returncode > 1:
            counts["crashes"] += 1
            print(f"crash: plan of mutant {i}: exit {p.returncode}: {p.stderr[-300:]!r}", file=sys.stderr)
        elif p.returncode == 0:
            counts["valid"] += 1
            accepted.append(text)
        else:
            counts["spec errors"] += 1
            err = p.stderr.decode(errors="replace")
            if not located.search(err) or len(err) > 20000:
                counts["unlocated errors"] += 1
                print(f"unlocated: mutant {i}: {err[:300]!r}", file=sys.stderr)
    runs = {"finished": 0, "failed cleanly": 0, "crashes": 0, "timeouts": 0, "not runnable": 0}
    for k, text in enumerate(accepted[:a.runs]):
        try:
            spec = tiny(json.loads(text))
        except Exception:
            runs["not runnable"] += 1
            continue
        path = os.path.join(work, f"r{k}.json")
        with open(path, "w") as f:
            json.dump(spec, f)
        try:
            p = subprocess.run([reclab, "run", path, "--quiet", "--output", os.path.join(work, "results"),
                                "--datasets", os.path.join(work, "datasets")], capture_output=True, timeout=300, cwd=root)
        except subprocess.TimeoutExpired:
            runs["timeouts"] += 1
            print(f"timeout: run of accepted mutant {k}", file=sys.stderr)
            continue
        if p.returncode == 0:
            runs["finished"] += 1
        elif p.returncode == 1:
            runs["failed cleanly"] += 1
        else:
            runs["crashes"] += 1
            print(f"crash: run of accepted mutant {k}: exit {p.returncode}: {p.stderr[-300:]!r}", file=sys.stderr)
    shutil.rmtree(work, ignore_errors=True)
    print("plan:", ", ".join(f"{v} {k}" for k, v in counts.items()), f"(of {a.plans} mutants)")
    print("run: ", ", ".join(f"{v} {k}" for k, v in runs.items()), f"(of {min(len(accepted), a.runs)} accepted mutants)")
    bad = counts["crashes"] + counts["hangs"] + counts["unlocated errors"] + runs["crashes"]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
