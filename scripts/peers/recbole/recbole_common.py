"""Shared machinery of the RecBole 1.2.1 peer runs: one function that trains and evaluates one model
configuration in one phase with one seed, and an append-only JSON-lines result log that makes the
runners resumable.

Protocol (the same as RecLab's experiments/implicit_mf_sweep.json):

- phase "tune": train on train70, evaluate valid10 after every epoch (full ranking, NDCG@10), early
  stopping with RecBole's rule (stop after `stopping_step` evaluations without a value >= the best),
  keep the best epoch. Records the best validation NDCG@10 and its epoch.
- phase "refit": train on train80 = train70 + valid10 for a fixed number of epochs (the tune phase's best
  epoch + 1; 1 for the non-iterative models), no validation, then evaluate test20 once with full ranking
  over all items minus the user's train80 items. These are the reported numbers.

fit_s is the wall time of building the model (ItemKNN and EASE compute everything there) plus
Trainer.fit; eval_s is one full-ranking evaluation of test20. Both use torch with `threads` threads.
"""
import json
import logging
import os
import sys
import time

METRICS = ["NDCG", "Recall", "Hit", "Precision", "MRR"]
PHASE_FILES = {"tune": ["train70", "valid10", "test20"], "refit": ["train80", "valid10", "test20"]}


def _dgl_shim():
    """RecBole 1.2.1's KGAT calls dgl.edge_subgraph(..., preserve_nodes=True), a keyword that no dgl on
    PyPI (1.x, 2.x) accepts any more; its meaning is relabel_nodes=False. Translate it; nothing else."""
    try:
        import dgl
    except ImportError:
        return
    original = dgl.edge_subgraph
    if getattr(original, "_reclab_shim", False):
        return

    def edge_subgraph(graph, edges, *, preserve_nodes=None, **kwargs):
        if preserve_nodes is not None:
            kwargs["relabel_nodes"] = not preserve_nodes
        return original(graph, edges, **kwargs)

    edge_subgraph._reclab_shim = True
    dgl.edge_subgraph = edge_subgraph


def _torch_load_shim():
    """torch >= 2.6 defaults torch.load(weights_only=True), which refuses RecBole 1.2.1's checkpoints (they
    hold the Config object and numpy state besides the weights; the tune phase reloads its own best-epoch
    checkpoint with trainer.evaluate(load_best_model=True)). Restore the old default for calls that do not
    pass weights_only; the files loaded are only the ones this process has just written."""
    import torch

    original = torch.load
    if getattr(original, "_reclab_shim", False):
        return

    def load(*args, **kwargs):
        kwargs.setdefault("weights_only", False)
        return original(*args, **kwargs)

    load._reclab_shim = True
    torch.load = load


def key_of(group, model, params, phase, seed):
    return json.dumps([group, model, params, phase, seed], sort_keys=True)


class ResultLog:
    """Append-only JSON lines; one record per finished (group, model, params, phase, seed)."""

    def __init__(self, path):
        self.path = path
        self.reload()

    def reload(self):
        """Re-reads the file, so that two runner processes sharing one log skip each other's runs."""
        self.records = {}
        if os.path.exists(self.path):
            with open(self.path) as f:
                for line in f:
                    if line.strip():
                        r = json.loads(line)
                        self.records[r["key"]] = r

    def get(self, key):
        return self.records.get(key)

    def add(self, record):
        self.records[record["key"]] = record
        with open(self.path, "a") as f:
            f.write(json.dumps(record) + "\n")
            f.flush()
            os.fsync(f.fileno())


def run_one(model, params, phase, seed, *, data_path, dataset, workdir, threads=1, epochs=None,
            stopping_step=10, max_epochs=300):
    """Trains `model` with `params` (RecBole config keys) in `phase` with `seed`; returns a dict."""
    import torch

    torch.set_num_threads(threads)
    _torch_load_shim()
    _dgl_shim()
    from recbole.config import Config
    from recbole.data import create_dataset, data_preparation
    from recbole.utils import get_model, get_trainer, init_logger, init_seed

    os.makedirs(workdir, exist_ok=True)
    os.chdir(workdir)  # RecBole writes log/, log_tensorboard/ and saved/ below the working directory
    config_dict = {
        "data_path": data_path,
        "benchmark_filename": PHASE_FILES[phase],
        "load_col": {"inter": ["user_id", "item_id"], "kg": ["head_id", "relation_id", "tail_id"],
                     "link": ["item_id", "entity_id"]},
        "seed": seed,
        "reproducibility": True,
        "use_gpu": False,
        "worker": 0,
        "show_progress": False,
        "state": "WARNING",
        "checkpoint_dir": os.path.join(workdir, "saved"),
        "eval_args": {"group_by": "user", "order": "RO", "mode": "full", "split": {"RS": [0.8, 0.1, 0.1]}},
        "metrics": METRICS,
        "topk": [10],
        "metric_decimal_place": 6,
        "valid_metric": "NDCG@10",
        "eval_batch_size": 4096,
        "stopping_step": stopping_step,
    }
    config_dict.update(params)
    if phase == "tune":
        config_dict["epochs"] = epochs or max_epochs
        config_dict["eval_step"] = 1
    else:
        config_dict["epochs"] = epochs
        config_dict["eval_step"] = 0
    saved_argv, sys.argv = sys.argv, sys.argv[:1]  # RecBole's Config also parses --key=value from argv
    try:
        config = Config(model=model, dataset=dataset, config_dict=config_dict)
    finally:
        sys.argv = saved_argv
    init_seed(config["seed"], config["reproducibility"])
    init_logger(config)
    logging.getLogger().setLevel(logging.WARNING)
    data = create_dataset(config)
    train_data, valid_data, test_data = data_preparation(config, data)

    init_seed(config["seed"] + config["local_rank"], config["reproducibility"])
    start = time.perf_counter()
    net = get_model(config["model"])(config, train_data._dataset).to(config["device"])
    trainer = get_trainer(config["MODEL_TYPE"], config["model"])(config, net)
    best = {"score": float("-inf"), "epoch": -1, "evaluated": 0}

    def on_valid(epoch_idx, score):
        best["evaluated"] += 1
        print(f"  {model} seed {seed} epoch {epoch_idx}: valid ndcg@10 {score:.4f} "
              f"({time.perf_counter() - start:.0f}s)", file=sys.stderr, flush=True)
        if score >= best["score"]:  # RecBole's early_stopping keeps the later epoch on ties
            best["score"], best["epoch"] = score, epoch_idx

    if phase == "tune":
        trainer.fit(train_data, valid_data, verbose=False, saved=True, show_progress=False, callback_fn=on_valid)
    else:
        trainer.fit(train_data, None, verbose=False, saved=False, show_progress=False)
    fit_s = time.perf_counter() - start

    start = time.perf_counter()
    test_result = trainer.evaluate(test_data, load_best_model=(phase == "tune"), show_progress=False)
    eval_s = time.perf_counter() - start
    out = {
        "model": model, "params": params, "phase": phase, "seed": seed,
        "epochs_run": best["evaluated"] if phase == "tune" else config["epochs"],
        "fit_s": round(fit_s, 3), "eval_s": round(eval_s, 3),
        "test": {k: float(v) for k, v in test_result.items()},
        "users": int(test_data._dataset.user_num) - 1, "items": int(test_data._dataset.item_num) - 1,
    }
    if phase == "tune":
        out["best_epoch"] = best["epoch"]
        out["valid"] = {k: float(v) for k, v in (trainer.best_valid_result or {}).items()}
        out["valid_ndcg10"] = best["score"]
        if os.path.exists(trainer.saved_model_file):
            os.remove(trainer.saved_model_file)
    return out


class Study:
    """Runs the tune → select → refit protocol for one model group and logs every run (resumable)."""

    def __init__(self, group, args):
        self.group = group
        self.args = args
        os.makedirs(args.results, exist_ok=True)
        self.log = ResultLog(os.path.join(args.results, f"{group}.jsonl"))

    def _run(self, label, model, params, phase, seed, epochs=None):
        key = key_of(self.group, label, params, phase, seed)
        self.log.reload()
        done = self.log.get(key)
        if done is not None:
            return done
        r = run_one(model, params, phase, seed, data_path=self.args.data, dataset=self.args.dataset,
                    workdir=os.path.join(self.args.workdir, self.group), threads=self.args.threads, epochs=epochs,
                    max_epochs=self.args.max_epochs, stopping_step=self.args.stopping_step)
        r.update(key=key, group=self.group, label=label)
        self.log.add(r)
        extra = f" best_epoch {r['best_epoch']} valid ndcg@10 {r['valid_ndcg10']:.4f}" if phase == "tune" else ""
        print(f"[{self.group}] {label} {phase} seed {seed} {json.dumps(params, sort_keys=True)}: "
              f"test ndcg@10 {r['test']['ndcg@10']:.4f}{extra} fit {r['fit_s']:.1f}s", flush=True)
        return r

    def fixed(self, label, model, params, seeds):
        """A model with nothing to tune or iterate (one epoch = the whole fit): refit only."""
        for s in seeds:
            self._run(label, model, params, "refit", s, epochs=1)

    def grid(self, label, model, grid, seeds, iterative):
        """Tune every configuration of `grid` with seed seeds[0]; select by validation NDCG@10 (first
        configuration wins ties); then per seed: tune the selected configuration (iterative models:
        for its best epoch) and refit it on train80."""
        tuned = [(self._run(label, model, p, "tune", seeds[0], epochs=None if iterative else 1), p) for p in grid]
        best_params = max(tuned, key=lambda t: (t[0]["valid_ndcg10"], -tuned.index(t)))[1]
        for s in seeds:
            epochs = 1
            if iterative:
                epochs = self._run(label, model, best_params, "tune", s)["best_epoch"] + 1
            self._run(label, model, best_params, "refit", s, epochs=epochs)
        return best_params


def add_common_args(ap):
    ap.add_argument("--data", default="/tmp/recbole-data", help="data_path holding the converted dataset folder")
    ap.add_argument("--dataset", default="ml100k_reclab")
    ap.add_argument("--workdir", default="/tmp/recbole-work", help="RecBole's log/ and saved/ go here")
    ap.add_argument("--results", required=True, help="folder for the JSON-lines result logs")
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (run.sh passes 1)")
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--max-epochs", type=int, default=300)
    ap.add_argument("--stopping-step", type=int, default=10)
    ap.add_argument("--only", default="", help="comma-separated model labels to run (default: all)")
