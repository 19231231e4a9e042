"""Shared helpers of the peer benchmarks (scripts/peers/*.py).

Import this module before numpy: it fixes the thread settings of OpenMP, OpenBLAS and MKL (2 threads
unless the caller's environment says otherwise), so every peer runs on the same 2-core budget as
RecLab. Then it offers: loading a split written by `reclab data export` into one shared index space,
the benchmark spec's model settings, a median timer, and the JSON result format that report.py reads.
"""
import json
import os
import platform
import statistics
import sys
import time

THREADS = int(os.environ.get("PEERS_THREADS", "2"))
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, str(THREADS))

import numpy as np  # noqa: E402  (after the thread settings)
import pandas as pd  # noqa: E402
import scipy.sparse as sp  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_average():
    """1-minute load average (other processes share the 2 cores)."""
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def _sorted_ids(column):
    """Distinct ids in numeric order when all are integers (else text order): for ML-100K this is
    RecLab's own index order, so ties in a ranking break the same way."""
    ids = pd.unique(column)
    try:
        ids = sorted(ids, key=int)
    except ValueError:
        ids = sorted(ids)
    return pd.Index(ids)


class Split:
    """The parts of an exported split (train.tsv, validation.tsv, test.tsv) over one index space:
    users and items are numbered over the union of all parts, as RecLab's index space covers every
    interaction of the dataset, in id order. Each part is (users, items, ratings) as numpy arrays."""

    def __init__(self, folder):
        frames = {}
        for part in ("train", "validation", "test"):
            path = os.path.join(folder, part + ".tsv")
            frames[part] = pd.read_csv(path, sep="\t", usecols=[0, 1, 2], dtype={"user_id": str, "item_id": str,
                                                                            "rating": np.float32})
        users = _sorted_ids(pd.concat([f["user_id"] for f in frames.values()]))
        items = _sorted_ids(pd.concat([f["item_id"] for f in frames.values()]))
        self.user_ids, self.item_ids = users, items
        self.n_users, self.n_items = len(users), len(items)
        self.parts = {}
        for part, f in frames.items():
            self.parts[part] = (users.get_indexer(f["user_id"]).astype(np.int32),
                                items.get_indexer(f["item_id"]).astype(np.int32),
                                f["rating"].to_numpy(np.float32))
        self.frames = frames

    def count(self, part):
        return len(self.parts[part][0])

    def matrix(self, parts=("train",), values=None):
        """users × items CSR of the given parts; `values` replaces every value when given (e.g. the
        confidence 1 + α of implicit data), else the exported rating."""
        u = np.concatenate([self.parts[p][0] for p in parts])
        i = np.concatenate([self.parts[p][1] for p in parts])
        r = np.concatenate([self.parts[p][2] for p in parts])
        if values is not None:
            r = np.full(len(u), values, dtype=np.float32)
        m = sp.csr_matrix((r, (u, i)), shape=(self.n_users, self.n_items), dtype=np.float32)
        m.sort_indices()
        return m


_LOG2 = 1.0 / np.log2(np.arange(2, 12))


def ndcg_at_10(scores, seen, relevant):
    """RecLab's NDCG@10 (docs/metrics.md) of a users × items score matrix: every item except the user's
    `seen` ones is ranked (higher first, ties by lower item index), binary relevance from `relevant`,
    ideal DCG over min(|R|, 10) items, users without relevant items skipped, mean over users."""
    scores = np.array(scores, dtype=np.float64, copy=True)
    scores[seen.nonzero()] = -np.inf
    # the 10 best per row, exactly: every item scoring at least the row's 10th best score is a
    # candidate (more than 10 when there are ties), candidates sorted by score descending, then item index
    tenth = -np.partition(-scores, 9, axis=1)[:, 9:10]
    r, c = np.nonzero(scores >= tenth)
    order = np.lexsort((c, -scores[r, c], r))
    r, c = r[order], c[order]
    start = np.searchsorted(r, np.arange(scores.shape[0]))
    rank = np.arange(len(r)) - start[r]
    top = np.empty((scores.shape[0], 10), dtype=np.int64)
    keep = rank < 10
    top[r[keep], rank[keep]] = c[keep]
    rows = np.arange(scores.shape[0])[:, None]
    listed = np.isfinite(scores[rows, top])          # excluded items never enter the list
    is_relevant = np.zeros(scores.shape, dtype=bool)
    is_relevant[relevant.nonzero()] = True
    hits = is_relevant[rows, top] & listed
    n_relevant = np.diff(relevant.indptr)
    evaluated = n_relevant > 0
    dcg = (hits * _LOG2).sum(axis=1)
    idcg = np.cumsum(_LOG2)[np.minimum(n_relevant, 10) - 1]
    return float(np.mean(dcg[evaluated] / idcg[evaluated]))


def spec_model(spec_path, name):
    """The `params` of the model called `name` in a benchmark spec (one value per key)."""
    with open(spec_path) as f:
        spec = json.load(f)
    for m in spec["models"]:
        if m.get("name", m["type"]) == name:
            return m["type"], m.get("params", {})
    raise SystemExit(f"{spec_path}: no model named {name!r}")


def timed(fn):
    """Seconds taken by fn() (wall clock) and its result."""
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def versions():
    """Library versions and the BLAS / OpenMP thread pools actually loaded."""
    import scipy
    out = {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__}
    for lib in ("implicit", "surprise"):
        if lib in sys.modules:
            out[lib] = sys.modules[lib].__version__
    try:
        from threadpoolctl import threadpool_info
        out["threadpools"] = [{k: p.get(k) for k in ("internal_api", "prefix", "version", "num_threads", "architecture")}
                              for p in threadpool_info()]
    except ImportError:
        pass
    return out


def write_result(path, **fields):
    """Writes one result record (JSON) for report.py, adding versions, thread settings and the median."""
    times = fields.get("times")
    if times and "seconds" not in fields:
        fields["seconds"] = statistics.median(times)
    fields["versions"] = versions()
    fields["env"] = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                                                    "OPENBLAS_CORETYPE")}
    fields["command"] = " ".join([os.path.relpath(sys.argv[0], REPO)] + sys.argv[1:])
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        json.dump(fields, f, indent=2, sort_keys=True, default=float)
    os.replace(path + ".tmp", path)
    print(json.dumps({k: fields[k] for k in ("name", "seconds", "quality") if k in fields}, default=float))


def log(msg):
    print(msg, file=sys.stderr, flush=True)
