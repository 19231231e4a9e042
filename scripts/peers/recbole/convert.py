#!/usr/bin/env python3
"""Converts RecLab's exported ML-100K splits into one RecBole atomic dataset folder.

RecLab writes a spec's exact split with `reclab data export SPEC --out DIR` as TSV files
`train.tsv`, `validation.tsv`, `test.tsv` (`user_id item_id rating timestamp`, MovieLens ids). This
script reads two such exports:

- `--split80`: experiments/baselines_8020.json (per-user 80/20, seed 0, no validation): the reported split.
- `--split70`: experiments/implicit_mf_sweep.json (per-user 70/10/20, seed 0): RecLab's own tuning split.
  Its test part is baselines_8020's test part and its train + validation is baselines_8020's train part
  (RecLab's splitter draws test rows first); this script checks both facts and stops if either fails.

and writes RecBole benchmark files (`benchmark_filename`) into `OUT/NAME/`:

    NAME.train70.inter  NAME.valid10.inter  NAME.train80.inter  NAME.test20.inter
    NAME.kg  NAME.link  (copied from the ML-100K atomic folder; item ids are MovieLens ids as in the exports)

Phase "tune" uses [train70, valid10, test20]; phase "refit" uses [train80, valid10, test20], where valid10
is a subset of train80 and is never evaluated (eval_step 0), so RecBole's full-ranking history mask for
the test users is exactly their 80% training items.

Usage: convert.py --split80 /tmp/split-userratio --split70 /tmp/split-sweep \
                  --kg-dir datasets/ml-100k --out /tmp/recbole-data [--name ml100k_reclab]
"""
import argparse
import collections
import os
import shutil
import sys

INTER_HEADER = "user_id:token\titem_id:token\trating:float\ttimestamp:float\n"


def read_split(path):
    rows = []
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        if header[:2] != ["user_id", "item_id"]:
            sys.exit(f"{path}:1: expected header 'user_id item_id rating timestamp', got {header}")
        for lineno, line in enumerate(f, start=2):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                sys.exit(f"{path}:{lineno}: expected 4 tab-separated fields, got {len(parts)}")
            rows.append(tuple(parts))
    return rows


def write_inter(path, rows):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(INTER_HEADER)
        for r in rows:
            f.write("\t".join(r) + "\n")
    os.replace(tmp, path)


def pairs(rows):
    return collections.Counter((u, i) for u, i, _, _ in rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split80", required=True)
    ap.add_argument("--split70", required=True)
    ap.add_argument("--kg-dir", required=True, help="folder with ml-100k.kg and ml-100k.link")
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", default="ml100k_reclab")
    a = ap.parse_args()

    train80 = read_split(os.path.join(a.split80, "train.tsv"))
    test80 = read_split(os.path.join(a.split80, "test.tsv"))
    train70 = read_split(os.path.join(a.split70, "train.tsv"))
    valid10 = read_split(os.path.join(a.split70, "validation.tsv"))
    test70 = read_split(os.path.join(a.split70, "test.tsv"))

    if sorted(test80) != sorted(test70):
        sys.exit("the two exports have different test parts: were both exported with seed 0 from the same data?")
    if sorted(train80) != sorted(train70 + valid10):
        sys.exit("train70 + valid10 is not the 80% training part")
    p_train, p_test = pairs(train80), pairs(test80)
    dup = [k for k, c in (p_train + p_test).items() if c > 1]
    if dup:
        sys.exit(f"{len(dup)} user-item pairs occur more than once (e.g. {dup[0]}); RecBole would rank them")
    if set(u for u, *_ in test80) - set(u for u, *_ in train80):
        sys.exit("some test users have no training interaction")

    folder = os.path.join(a.out, a.name)
    os.makedirs(folder, exist_ok=True)
    for tag, rows in [("train70", train70), ("valid10", valid10), ("train80", train80), ("test20", test80)]:
        write_inter(os.path.join(folder, f"{a.name}.{tag}.inter"), rows)
    for ext in ("kg", "link"):
        src = os.path.join(a.kg_dir, f"ml-100k.{ext}")
        if not os.path.exists(src):
            sys.exit(f"{src}: missing (run `reclab data fetch ml-100k`)")
        dst = os.path.join(folder, f"{a.name}.{ext}")
        shutil.copyfile(src, dst + ".tmp")
        os.replace(dst + ".tmp", dst)
    items = set(i for _, i, _, _ in train80 + test80)
    users = set(u for u, *_ in train80)
    print(f"{folder}: {len(users)} users, {len(items)} items; train70 {len(train70)}, valid10 {len(valid10)}, "
          f"train80 {len(train80)}, test20 {len(test80)} rows; kg and link copied")


if __name__ == "__main__":
    main()
