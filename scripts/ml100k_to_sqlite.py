#!/usr/bin/env python3
"""Builds a SQLite copy of MovieLens-100K for the SQL-source example (experiments/sqlite_ml100k.json).

Reads the RecBole atomic files that `reclab data fetch ml-100k` puts in datasets/ml-100k/ and writes
three tables, rows in file order:

  ratings(user_id INTEGER, item_id INTEGER, rating REAL, timestamp INTEGER)
  users(user_id INTEGER PRIMARY KEY, age TEXT, gender TEXT, occupation TEXT, zip_code TEXT)
  items(item_id INTEGER PRIMARY KEY, movie_title TEXT, release_year TEXT)

User and item attributes are TEXT as in the atomic files (`token`), so RecLab reads them as
categorical attributes, as it reads the files. The database is written to a temporary file and
renamed into place, so an interrupted run leaves no half-written database under the final name.
The data is MovieLens' (GroupLens licence): never commit the database.

Usage: python3 scripts/ml100k_to_sqlite.py [--data datasets/ml-100k] [--out datasets/ml-100k.sqlite]
"""
import argparse
import os
import sqlite3
import sys


def rows(path):
    """The data lines of an atomic file, split on tabs, with the header's column names."""
    with open(path, encoding="utf-8") as f:
        header = [h.split(":")[0] for h in f.readline().rstrip("\n").split("\t")]
        return header, [line.rstrip("\n").split("\t") for line in f if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="datasets/ml-100k", help="folder holding ml-100k.inter/.user/.item")
    parser.add_argument("--out", default="datasets/ml-100k.sqlite", help="the SQLite file to write")
    args = parser.parse_args()
    inter = os.path.join(args.data, "ml-100k.inter")
    if not os.path.exists(inter):
        sys.exit(f"{inter}: no such file (run `reclab data fetch ml-100k` first)")

    tmp = args.out + ".tmp"
    if os.path.exists(tmp):
        os.remove(tmp)
    db = sqlite3.connect(tmp)
    db.execute("CREATE TABLE ratings(user_id INTEGER NOT NULL, item_id INTEGER NOT NULL, rating REAL NOT NULL, timestamp INTEGER NOT NULL)")
    header, data = rows(inter)
    u, i, r, t = (header.index(c) for c in ("user_id", "item_id", "rating", "timestamp"))
    db.executemany("INSERT INTO ratings VALUES (?, ?, ?, ?)",
                   ((int(x[u]), int(x[i]), float(x[r]), int(float(x[t]))) for x in data))

    db.execute("CREATE TABLE users(user_id INTEGER PRIMARY KEY, age TEXT, gender TEXT, occupation TEXT, zip_code TEXT)")
    header, data = rows(os.path.join(args.data, "ml-100k.user"))
    cols = [header.index(c) for c in ("user_id", "age", "gender", "occupation", "zip_code")]
    db.executemany("INSERT INTO users VALUES (?, ?, ?, ?, ?)", ([int(x[cols[0]])] + [x[c] for c in cols[1:]] for x in data))

    db.execute("CREATE TABLE items(item_id INTEGER PRIMARY KEY, movie_title TEXT, release_year TEXT)")
    header, data = rows(os.path.join(args.data, "ml-100k.item"))
    cols = [header.index(c) for c in ("item_id", "movie_title", "release_year")]
    db.executemany("INSERT INTO items VALUES (?, ?, ?)",
                   ([int(x[cols[0]])] + [x[c] if c < len(x) and x[c] else None for c in cols[1:]] for x in data))
    db.commit()
    db.close()
    os.replace(tmp, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
